package dev.vitals.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A configuration error stops the real process at once with exit code 2, naming the variable. */
class ConfigErrorTest {

  @Test
  void aShortTokenExitsWithCode2NamingVitalsTokenWithoutDraining() throws Exception {
    // A drain of 60 s would outlast the wait below: exiting in time means it never began.
    try (ExampleProcess app = new ExampleProcess(
        Map.of("VITALS_TOKEN", "short", "VITALS_DRAIN_DELAY", "60s"))) {
      assertThat(app.waitForExit(Duration.ofSeconds(30))).as("exited; log:%n%s", app.log()).isTrue();
      assertThat(app.exitValue()).isEqualTo(2);
      assertThat(app.log())
          .contains("vitals-example: VITALS_TOKEN: bearerToken must be at least 16 characters")
          .doesNotContain("draining")
          .doesNotContain("short");
    }
  }

  @Test
  void aBadDurationExitsWithCode2NamingTheVariable() throws Exception {
    try (ExampleProcess app = new ExampleProcess(Map.of("VITALS_CHECK_INTERVAL", "5"))) {
      assertThat(app.waitForExit(Duration.ofSeconds(30))).as("exited; log:%n%s", app.log()).isTrue();
      assertThat(app.exitValue()).isEqualTo(2);
      assertThat(app.log()).contains(
          "vitals-example: VITALS_CHECK_INTERVAL: expected a duration such as 500ms, 5s or 1m, got '5'");
    }
  }
}
