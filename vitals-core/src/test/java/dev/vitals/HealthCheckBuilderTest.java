package dev.vitals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class HealthCheckBuilderTest {
  private static final Check OK = Result::pass;

  @Test
  void defaultsAreCriticalReadinessInBackgroundEveryTenSeconds() {
    HealthCheck check = HealthCheck.builder("db", OK).build();

    assertThat(check.name()).isEqualTo("db");
    assertThat(check.probes()).containsExactly(Probe.READINESS);
    assertThat(check.critical()).isTrue();
    assertThat(check.timeout()).isEqualTo(Duration.ofSeconds(1));
    assertThat(check.background()).isTrue();
    assertThat(check.interval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(check.ttl()).isNull();
    assertThat(check.staleAfter()).isEqualTo(Duration.ofSeconds(30));
    assertThat(check.recoveryInterval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(check.failureThreshold()).isEqualTo(1);
    assertThat(check.successThreshold()).isEqualTo(1);
    assertThat(check.key()).isEqualTo("db:responseTime");
    assertThat(check.componentType()).isNull();
    assertThat(check.componentId()).isNull();
  }

  @Test
  void onDemandCheckHasNoIntervalAndGoesStaleAfterTtlPlusTimeout() {
    HealthCheck check =
        HealthCheck.builder("db", OK)
            .onDemand(Duration.ofSeconds(5))
            .timeout(Duration.ofMillis(500))
            .build();

    assertThat(check.background()).isFalse();
    assertThat(check.interval()).isNull();
    assertThat(check.recoveryInterval()).isNull();
    assertThat(check.ttl()).isEqualTo(Duration.ofSeconds(5));
    assertThat(check.staleAfter()).isEqualTo(Duration.ofMillis(5500));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "bad name", "-leading-dash", "ünïcode", "a/b",
      "x12345678901234567890123456789012345678901234567890123456789012345"})
  void rejectsBadNames(String name) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> HealthCheck.builder(name, OK))
        .withMessage("name must be 1-64 letters, digits, '.', '_' or '-' starting with a letter or"
            + " digit: '" + name + "'");
  }

  @ParameterizedTest
  @NullSource
  void rejectsNullName(String name) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> HealthCheck.builder(name, OK))
        .withMessage("name must be 1-64 letters, digits, '.', '_' or '-' starting with a letter or"
            + " digit: null");
  }

  @Test
  void acceptsNamesOfLettersDigitsDotsUnderscoresAndDashesUpTo64() {
    String longest = "a".repeat(64);
    assertThat(HealthCheck.builder("db-1.primary_eu", OK).build().name())
        .isEqualTo("db-1.primary_eu");
    assertThat(HealthCheck.builder(longest, OK).build().name()).isEqualTo(longest);
  }

  @Test
  void rejectsMissingCheck() {
    assertThatNullPointerException()
        .isThrownBy(() -> HealthCheck.builder("db", null))
        .withMessage("check");
  }

  @Test
  void rejectsEmptyProbes() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> HealthCheck.builder("db", OK).probes())
        .withMessage("db: probes must not be empty");
  }

  @Test
  void probesReplaceTheDefault() {
    HealthCheck check =
        HealthCheck.builder("db", OK).probes(Probe.STARTUP, Probe.READINESS).build();
    assertThat(check.probes()).containsExactlyInAnyOrder(Probe.STARTUP, Probe.READINESS);
    assertThat(HealthCheck.builder("heap", OK).liveness().build().probes())
        .containsExactly(Probe.LIVENESS);
    assertThat(HealthCheck.builder("migrations", OK).startup().build().probes())
        .containsExactly(Probe.STARTUP);
  }

  @Test
  void rejectsNonPositiveTimeout() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> HealthCheck.builder("db", OK).timeout(Duration.ZERO))
        .withMessage("db: timeout must be positive: PT0S");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> HealthCheck.builder("db", OK).timeout(Duration.ofMillis(-5)))
        .withMessage("db: timeout must be positive: PT-0.005S");
  }

  @Test
  void rejectsNonPositiveInterval() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> HealthCheck.builder("db", OK).interval(Duration.ZERO))
        .withMessage("db: interval must be positive: PT0S");
  }

  @Test
  void rejectsNegativeTtl() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> HealthCheck.builder("db", OK).onDemand(Duration.ofSeconds(-1)))
        .withMessage("db: ttl must not be negative: PT-1S");
  }

  @Test
  void rejectsNonPositiveStaleAfter() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> HealthCheck.builder("db", OK).staleAfter(Duration.ZERO))
        .withMessage("db: staleAfter must be positive: PT0S");
  }

  @Test
  void rejectsTimeoutNotShorterThanInterval() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> HealthCheck.builder("db", OK).interval(Duration.ofSeconds(1)).build())
        .withMessage("db: timeout (1000 ms) must be shorter than interval (1000 ms)");
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                HealthCheck.builder("db", OK)
                    .timeout(Duration.ofSeconds(3))
                    .interval(Duration.ofSeconds(2))
                    .build())
        .withMessage("db: timeout (3000 ms) must be shorter than interval (2000 ms)");
  }

  @Test
  void onDemandCheckMayHaveATimeoutLongerThanItsTtl() {
    HealthCheck check =
        HealthCheck.builder("db", OK)
            .timeout(Duration.ofSeconds(3))
            .onDemand(Duration.ofSeconds(1))
            .build();
    assertThat(check.timeout()).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void rejectsStaleAfterNotLongerThanInterval() {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                HealthCheck.builder("db", OK)
                    .interval(Duration.ofSeconds(5))
                    .staleAfter(Duration.ofSeconds(5))
                    .build())
        .withMessage("db: staleAfter (5000 ms) must be longer than interval (5000 ms)");
  }

  @Test
  void rejectsThresholdsBelowOne() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> HealthCheck.builder("db", OK).failureThreshold(0))
        .withMessage("db: failureThreshold must be at least 1: 0");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> HealthCheck.builder("db", OK).successThreshold(-1))
        .withMessage("db: successThreshold must be at least 1: -1");
  }

  @Test
  void rejectsBlankComponentFields() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> HealthCheck.builder("db", OK).componentType(" "))
        .withMessage("db: componentType must not be blank");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> HealthCheck.builder("db", OK).componentId(null))
        .withMessage("db: componentId must not be blank");
  }

  @Test
  void rejectsBadMeasurement() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> HealthCheck.builder("disk", OK).measurement("used space"))
        .withMessage("disk: measurement must be 1-64 letters, digits, '.', '_' or '-': 'used space'");
  }

  @Test
  void measurementNamesTheWireKey() {
    HealthCheck check = HealthCheck.builder("disk", OK).measurement("utilization").build();
    assertThat(check.key()).isEqualTo("disk:utilization");
  }

  @Test
  void toBuilderDerivesAVariantWithTheSameSettings() {
    HealthCheck original =
        HealthCheck.builder("db", OK)
            .probes(Probe.READINESS, Probe.STARTUP)
            .critical(false)
            .timeout(Duration.ofMillis(200))
            .interval(Duration.ofSeconds(2))
            .failureThreshold(3)
            .successThreshold(2)
            .measurement("latency")
            .componentType("datastore")
            .componentId("db-eu-1")
            .build();

    HealthCheck copy = original.toBuilder().build();

    assertThat(copy.probes()).isEqualTo(original.probes());
    assertThat(copy.critical()).isFalse();
    assertThat(copy.timeout()).isEqualTo(original.timeout());
    assertThat(copy.interval()).isEqualTo(original.interval());
    assertThat(copy.staleAfter()).isEqualTo(original.staleAfter());
    assertThat(copy.failureThreshold()).isEqualTo(3);
    assertThat(copy.successThreshold()).isEqualTo(2);
    assertThat(copy.key()).isEqualTo("db:latency");
    assertThat(copy.componentType()).isEqualTo("datastore");
    assertThat(copy.componentId()).isEqualTo("db-eu-1");
  }

  @Test
  void variantWithLongerIntervalKeepsTheDefaultStaleAge() {
    HealthCheck original = HealthCheck.builder("db", OK).interval(Duration.ofSeconds(5)).build();

    HealthCheck slower = original.toBuilder().interval(Duration.ofMinutes(1)).build();

    assertThat(slower.staleAfter()).isEqualTo(Duration.ofMinutes(3));
  }

  @Test
  void variantKeepsAnExplicitStaleAge() {
    HealthCheck original =
        HealthCheck.builder("db", OK)
            .interval(Duration.ofSeconds(5))
            .staleAfter(Duration.ofSeconds(7))
            .build();

    assertThat(original.toBuilder().build().staleAfter()).isEqualTo(Duration.ofSeconds(7));
  }

  @Test
  void onDemandVariantOfABackgroundCheckGoesStaleAfterTtlPlusTimeout() {
    HealthCheck original = HealthCheck.builder("db", OK).build();

    HealthCheck onDemand = original.toBuilder().onDemand(Duration.ofSeconds(2)).build();

    assertThat(onDemand.staleAfter()).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void contradictorySchedulesAreRejectedNotSilentlyOverridden() {
    assertThatThrownBy(() -> HealthCheck.builder("db", OK)
            .onDemand(Duration.ofSeconds(1))
            .interval(Duration.ofSeconds(4)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("db: interval cannot be set on an on-demand check (onDemand was set)");
    assertThatThrownBy(() -> HealthCheck.builder("db", OK)
            .interval(Duration.ofSeconds(4))
            .onDemand(Duration.ofSeconds(1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("db: onDemand cannot be set on a background check (interval was set)");
  }

  @Test
  void aVariantKeepsItsScheduleKindUnlessItWasTheDefault() {
    HealthCheck explicit = HealthCheck.builder("db", OK).interval(Duration.ofSeconds(5)).build();
    assertThatThrownBy(() -> explicit.toBuilder().onDemand(Duration.ofSeconds(1)))
        .isInstanceOf(IllegalStateException.class);
    HealthCheck onDemand = HealthCheck.builder("db", OK).onDemand(Duration.ofSeconds(1)).build();
    assertThatThrownBy(() -> onDemand.toBuilder().interval(Duration.ofSeconds(5)))
        .isInstanceOf(IllegalStateException.class);
    assertThat(onDemand.toBuilder().onDemand(Duration.ofSeconds(3)).build().ttl())
        .isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void aTimeoutIsPositiveAndAtMostADay() {
    assertThat(HealthCheck.builder("db", OK).timeout(Duration.ofHours(23)).onDemand(Duration.ZERO)
        .build().timeout()).isEqualTo(Duration.ofHours(23));
    assertThatThrownBy(() -> HealthCheck.builder("db", OK).timeout(Duration.ofDays(1).plusNanos(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("db: timeout must be at most a day: PT24H0.000000001S");
    assertThatThrownBy(() -> HealthCheck.builder("db", OK).timeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("db: timeout must be positive: PT0S");
  }

  @Test
  void defaultRecoveryIntervalIsOneSecondButAtLeastTheTimeoutAndAtMostTheInterval() {
    assertThat(HealthCheck.builder("db", OK).timeout(Duration.ofSeconds(3)).build()
        .recoveryInterval()).isEqualTo(Duration.ofSeconds(3));
    assertThat(HealthCheck.builder("db", OK).timeout(Duration.ofMillis(100))
        .interval(Duration.ofMillis(500)).build().recoveryInterval())
        .isEqualTo(Duration.ofMillis(500));
    assertThat(HealthCheck.builder("db", OK).timeout(Duration.ofMillis(200))
        .interval(Duration.ofSeconds(5)).recoveryInterval(Duration.ofMillis(200)).build()
        .recoveryInterval()).isEqualTo(Duration.ofMillis(200));
  }

  @Test
  void rejectsARecoveryIntervalOutsideTimeoutToInterval() {
    assertThatThrownBy(() -> HealthCheck.builder("db", OK).interval(Duration.ofSeconds(5))
            .recoveryInterval(Duration.ofSeconds(6)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("db: recoveryInterval (6000 ms) must not be longer than interval (5000 ms)");
    assertThatThrownBy(() -> HealthCheck.builder("db", OK).timeout(Duration.ofSeconds(2))
            .recoveryInterval(Duration.ofSeconds(1)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("db: recoveryInterval (1000 ms) must not be shorter than timeout (2000 ms)");
    assertThatThrownBy(() -> HealthCheck.builder("db", OK).recoveryInterval(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("db: recoveryInterval must be positive: PT0S");
    assertThatThrownBy(() -> HealthCheck.builder("db", OK).onDemand(Duration.ofSeconds(1))
            .recoveryInterval(Duration.ofSeconds(1)).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("db: recoveryInterval cannot be set on an on-demand check (onDemand was set)");
  }

  @Test
  void aVariantKeepsAnExplicitRecoveryIntervalAndRecomputesADefaultOne() {
    HealthCheck explicit = HealthCheck.builder("db", OK).interval(Duration.ofSeconds(5))
        .recoveryInterval(Duration.ofSeconds(2)).build();
    assertThat(explicit.toBuilder().build().recoveryInterval()).isEqualTo(Duration.ofSeconds(2));
    assertThatThrownBy(() -> explicit.toBuilder().interval(Duration.ofMillis(1500)).build())
        .hasMessage("db: recoveryInterval (2000 ms) must not be longer than interval (1500 ms)");

    HealthCheck defaulted = HealthCheck.builder("db", OK).build();
    assertThat(defaulted.toBuilder().timeout(Duration.ofSeconds(4)).build().recoveryInterval())
        .isEqualTo(Duration.ofSeconds(4));
  }
}
