package dev.vitals;

import java.time.Duration;
import java.util.Set;

/**
 * Makes checks from {@link CheckUri}s of some schemes. Modules that ship checks register one in
 * {@code META-INF/services/dev.vitals.CheckProvider}; {@link CheckUris} finds them with {@link
 * java.util.ServiceLoader}.
 *
 * <pre>{@code
 * public final class RedisProvider implements CheckProvider {
 *   public Set<String> schemes() { return Set.of("redis", "rediss"); }
 *   public HealthCheck.Builder create(CheckUri uri, Duration timeout) {
 *     return RedisCheck.of("redis", uri.rawWithoutPolicy(), timeout);
 *   }
 * }
 * }</pre>
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
   * A registration for {@code uri}, with a default name (e.g. the scheme) and {@code timeout} as
   * its timeout; {@link CheckUris} then applies the URI's policy parameters. Throws {@link
   * IllegalArgumentException} for a URI it cannot check, with a message that names the problem
   * and never the password.
   */
  HealthCheck.Builder create(CheckUri uri, Duration timeout);
}
