package dev.vitals;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class CheckTimeLeftTest {

  @Test
  void insideAnExecutionTheRegistrationsTimeoutBoundsTheTimeLeft() {
    AtomicReference<Duration> seen = new AtomicReference<>();
    try (Vitals vitals = Vitals.builder().shutdownHook(false).executor(Runnable::run)
        .check(HealthCheck.builder("io", () -> {
          seen.set(Check.timeLeft(Duration.ofDays(1)));
          return Result.pass();
        }).timeout(Duration.ofMillis(700)))
        .build()) {
      assertThat(vitals.checks()).hasSize(1);
    }
    assertThat(seen.get()).isPositive().isLessThanOrEqualTo(Duration.ofMillis(700));
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

  @Test
  void outsideAnExecutionTheFallbackApplies() {
    assertThat(Check.timeLeft(Duration.ofSeconds(3))).isEqualTo(Duration.ofSeconds(3));
  }
}
