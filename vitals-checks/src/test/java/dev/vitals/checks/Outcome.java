package dev.vitals.checks;

import dev.vitals.HealthCheck;
import java.util.function.Supplier;

/** What a registration shows, for comparing two ways of making one from the same URI. */
final class Outcome {
  private Outcome() {}

  /** The registration's name, componentId and check, or the error that refused it. */
  static String of(Supplier<HealthCheck.Builder> registration) {
    try {
      HealthCheck check = registration.get().build();
      return check.name() + " " + check.componentId() + " " + check.check();
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }
}
