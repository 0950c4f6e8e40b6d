package dev.vitals.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vitals.HealthCheck;
import dev.vitals.Probe;
import dev.vitals.Result;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CheckPolicyTest {
  private static HealthCheck database() {
    return HealthCheck.builder("database", Result::pass).build();
  }

  @Test
  void defaultsKeepTheChecksOwnSettings() {
    HealthCheck check = CheckPolicy.DEFAULTS.applyTo("vitals.checks.database", database());
    assertThat(check.timeout()).isEqualTo(HealthCheck.DEFAULT_TIMEOUT);
    assertThat(check.probes()).containsExactly(Probe.READINESS);
    assertThat(CheckPolicy.DEFAULTS.isEnabled()).isTrue();
  }

  @Test
  void settingsApply() {
    CheckPolicy policy = new CheckPolicy(true, "250ms", "2s", "500ms", false,
        List.of("liveness", "Readiness"), 3, 2);
    HealthCheck check = policy.applyTo("vitals.checks.database", database());
    assertThat(check.timeout()).isEqualTo(Duration.ofMillis(250));
    assertThat(check.interval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(check.recoveryInterval()).isEqualTo(Duration.ofMillis(500));
    assertThat(check.critical()).isFalse();
    assertThat(check.probes()).containsExactlyInAnyOrder(Probe.LIVENESS, Probe.READINESS);
    assertThat(check.failureThreshold()).isEqualTo(3);
    assertThat(check.successThreshold()).isEqualTo(2);
  }

  @Test
  void aBareNumberNamesTheProperty() {
    CheckPolicy policy = new CheckPolicy(null, "5", null, null, null, null, null, null);
    assertThatThrownBy(() -> policy.applyTo("vitals.checks.database", database()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("vitals.checks.database.timeout: expected a duration such as 500ms, 5s or 1m,"
            + " got '5'");
  }

  @Test
  void aBadValueNamesThePropertyAndTheBuildersWords() {
    CheckPolicy policy = new CheckPolicy(null, null, null, null, null, null, 0, null);
    assertThatThrownBy(() -> policy.applyTo("vitals.checks.database", database()))
        .hasMessageStartingWith("vitals.checks.database.failure-threshold: database: ");
  }

  @Test
  void aBadCombinationNamesTheCheck() {
    CheckPolicy policy = new CheckPolicy(null, "5s", "5s", null, null, null, null, null);
    assertThatThrownBy(() -> policy.applyTo("vitals.checks.database", database()))
        .hasMessage("vitals.checks.database: database: timeout (5000 ms) must be shorter than"
            + " interval (5000 ms)");
  }

  @Test
  void anUnknownProbeNamesTheProperty() {
    CheckPolicy policy = new CheckPolicy(null, null, null, null, null, List.of("ready"), null, null);
    assertThatThrownBy(() -> policy.applyTo("vitals.checks.database", database()))
        .hasMessage("vitals.checks.database.probes: expected liveness, readiness or startup,"
            + " got 'ready'");
  }
}
