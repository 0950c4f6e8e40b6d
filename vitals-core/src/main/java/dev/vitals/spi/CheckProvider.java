package dev.vitals.spi;

import dev.vitals.HealthCheck;
import java.util.Set;

/**
 * Makes checks from {@link CheckUri}s of some schemes. Modules that ship checks register one in
 * {@code META-INF/services/dev.vitals.spi.CheckProvider}; {@link dev.vitals.CheckUris} finds
 * them with {@link java.util.ServiceLoader}.
 *
 * <pre>{@code
 * public final class RedisProvider implements CheckProvider {
 *   public Set<String> schemes() { return Set.of("redis", "rediss"); }
 *   public HealthCheck.Builder create(CheckUri uri) {
 *     return RedisCheck.of("redis", uri);
 *   }
 * }
 * }</pre>
 *
 * <p>A provider builds its check from the parsed {@code uri} (host, port, user, password, path,
 * parameters), never by parsing {@link CheckUri#raw()} again, so that one URI means one thing
 * everywhere. It sets no timeout: {@link dev.vitals.CheckUris} sets the registration's from the
 * URI's {@code timeout} parameter, and the check reads it through {@link Deadline#current()}.
 */
public interface CheckProvider {

  /** The lower-case schemes this provider handles, e.g. {@code redis} and {@code rediss}. */
  Set<String> schemes();

  /**
   * Whether {@code parameter}, a query parameter that is not one of {@link CheckUri#POLICY}, is
   * understood. Unknown parameters are rejected, naming them. Default: none is.
   */
  default boolean accepts(String parameter) {
    return false;
  }

  /**
   * A registration for {@code uri}, with a default name (e.g. the scheme); {@link
   * dev.vitals.CheckUris} then sets its timeout and applies the URI's other policy parameters.
   * Throws {@link IllegalArgumentException} for a URI it cannot check, with a message that names
   * the problem and never the password.
   */
  HealthCheck.Builder create(CheckUri uri);
}
