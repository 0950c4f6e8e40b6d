package dev.vitals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {
  @Test
  void readsTheUnitsPeopleWrite() {
    assertThat(Durations.parse("t", "500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Durations.parse("t", " 5s ")).isEqualTo(Duration.ofSeconds(5));
    assertThat(Durations.parse("t", "2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(Durations.parse("t", "1h")).isEqualTo(Duration.ofHours(1));
    assertThat(Durations.parse("t", "PT1.5S")).isEqualTo(Duration.ofMillis(1500));
  }

  @Test
  void neverGuessesAUnit() {
    assertThatThrownBy(() -> Durations.parse("timeout", "5"))
        .hasMessage("timeout: expected a duration such as 500ms, 5s or 1m, got '5'");
    assertThatThrownBy(() -> Durations.parse("timeout", "-1s"))
        .hasMessage("timeout: expected a duration such as 500ms, 5s or 1m, got '-1s'");
    assertThatThrownBy(() -> Durations.parse("timeout", null))
        .hasMessage("timeout: expected a duration such as 500ms, 5s or 1m, got nothing");
  }

  @Test
  void aTimeoutIsPositiveAndAtMostADay() {
    assertThat(Durations.requireTimeout("timeout", Duration.ofMillis(1))).isEqualTo(Duration.ofMillis(1));
    assertThat(Durations.requireTimeout("timeout", Duration.ofDays(1))).isEqualTo(Duration.ofDays(1));
    assertThatThrownBy(() -> Durations.requireTimeout("timeout", Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("timeout must be positive and at most a day: PT0S");
    assertThatThrownBy(() -> Durations.requireTimeout("drain", Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("drain must be positive and at most a day: PT-0.001S");
    assertThatThrownBy(() -> Durations.requireTimeout("timeout", Duration.ofDays(1).plusNanos(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("timeout must be positive and at most a day: PT24H0.000000001S");
    assertThatThrownBy(() -> Durations.requireTimeout("timeout", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("timeout");
  }
}
