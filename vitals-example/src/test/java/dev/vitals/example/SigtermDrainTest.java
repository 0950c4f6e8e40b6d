package dev.vitals.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The example as a real process: SIGTERM drains before the process exits. */
class SigtermDrainTest {

  @Test
  void sigtermFailsReadinessAtOnceKeepsServingThenExits() throws Exception {
    try (ExampleProcess app = new ExampleProcess(Map.of("VITALS_DRAIN_DELAY", "2s")).awaitReady()) {
      long signalled = System.nanoTime();
      app.sigterm();
      assertThat(app.http.awaitStatus("/health/ready", 503, Duration.ofSeconds(1))).isEqualTo(503);
      assertThat(app.http.get("/health/live").statusCode()).isEqualTo(200);
      // Requests still in the load balancer's pipeline are served during the drain.
      assertThat(app.http.post("/notes", "written while draining").statusCode()).isEqualTo(201);

      assertThat(app.waitForExit(Duration.ofSeconds(15))).isTrue();
      long exitedAfterMillis = (System.nanoTime() - signalled) / 1_000_000;
      assertThat(exitedAfterMillis).isGreaterThanOrEqualTo(2000); // not before the drain delay
      assertThat(app.exitValue()).isEqualTo(143); // 128 + SIGTERM
      assertThat(app.log()).contains("draining").contains("stopped");
    }
  }
}
