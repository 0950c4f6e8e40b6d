package dev.vitals.spring;

import dev.vitals.HealthCheck;
import java.util.List;

/**
 * Supplies checks found in the application context (a {@code DataSource}, a connection factory)
 * to the engine the Spring Boot starters build. Each registration keeps its defaults unless
 * {@code vitals.checks.<name>.*} says otherwise, and {@code vitals.checks.<name>.enabled=false}
 * leaves it out. An application adds a check of its own by declaring a bean of this type (or of
 * {@link HealthCheck} or {@link HealthCheck.Builder}).
 *
 * <p>Called once, while the engine bean is created; it must not call the dependency.
 */
@FunctionalInterface
public interface CheckContributor {
  /** The registrations to add, not yet built, so that configuration can adjust them. */
  List<HealthCheck.Builder> checks();
}
