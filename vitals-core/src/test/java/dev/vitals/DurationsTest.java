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
}
