package dev.vitals.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.CheckUris;
import dev.vitals.HealthCheck;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One check URI, one meaning: asserts that a module's URI factory ({@code RedisCheck.of(name,
 * uri)}) and {@link CheckUris#create(String)} make the same registration from the same URI, or
 * refuse it with the same message. Both read it with the one parser, {@code CheckUri}; a table
 * of URIs keeps it so.
 */
public final class UriAgreement {
  private UriAgreement() {}

  /**
   * For every {@code {uri, expected}} row, both the factory and {@code CheckUris.create(uri)}
   * give {@code expected}: the {@linkplain #outcome registration's outcome} or the error message.
   */
  public static void assertEachReadsTheSame(
      Function<String, HealthCheck.Builder> factory, String[][] cases) {
    for (String[] c : cases) {
      assertThat(outcome(() -> factory.apply(c[0]))).as("factory: %s", c[0]).isEqualTo(c[1]);
      assertThat(outcome(() -> CheckUris.create(c[0]))).as("CheckUris: %s", c[0]).isEqualTo(c[1]);
    }
  }

  /**
   * What a registration shows, {@code "name componentId check"}, or the message of the {@link
   * IllegalArgumentException} that refused it.
   */
  public static String outcome(Supplier<HealthCheck.Builder> registration) {
    try {
      HealthCheck check = registration.get().build();
      return check.name() + " " + check.componentId() + " " + check.check();
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }
}
