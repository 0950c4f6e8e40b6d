package dev.vitals;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.spi.Deadline;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class CheckTimeLeftTest {

  @Test
  void insideAnExecutionTheRegistrationsTimeoutIsTheDeadline() {
    AtomicReference<Deadline> seen = new AtomicReference<>();
    try (Vitals vitals = Vitals.builder().shutdownHook(false).executor(Runnable::run)
        .check(HealthCheck.builder("io", () -> {
          seen.set(Deadline.current());
          return Result.pass();
        }).timeout(Duration.ofMillis(700)))
        .build()) {
      assertThat(vitals.checks()).hasSize(1);
    }
    assertThat(seen.get().budget()).isEqualTo(Duration.ofMillis(700));
    assertThat(seen.get().timeLeft()).isPositive().isLessThanOrEqualTo(Duration.ofMillis(700));
  }

  @Test
  void onlyTheResponseTimeMeasurementDefaultsToTheExecutionTime() {
    try (Vitals vitals = Vitals.builder().shutdownHook(false).executor(Runnable::run)
        .check(HealthCheck.builder("api", Result::pass))
        .check(HealthCheck.builder("cert", () -> Result.fail("handshake refused"))
            .measurement("daysUntilExpiry"))
        .build()) {
      HealthReport details = vitals.details();
      assertThat(details.check("api").observedUnit()).isEqualTo("ms");
      assertThat(details.check("api").observedValue()).isInstanceOf(Long.class);
      assertThat(details.check("cert").observedValue()).isNull();
      assertThat(details.check("cert").observedUnit()).isNull();
    }
  }
}
