package dev.vitals.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.Vitals;
import dev.vitals.testing.Timing;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

/**
 * An Actuator indicator that hangs and ignores interrupts: it holds one thread however many
 * probes and ticks come (single flight), readiness turns 503 once its deadline passes, and every
 * probe, on Vitals' paths and on /actuator/health, answers within the check's timeout.
 */
@SpringBootTest(
    classes = {TestApp.class, TestIndicators.Hanging.class},
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
        "vitals.checks.hanging.interval=500ms",
        "vitals.checks.hanging.timeout=200ms",
        "vitals.drain-delay=0ms",
        "management.endpoint.health.probes.enabled=true",
    })
@DirtiesContext
class HangingIndicatorTest {
  private static final Duration TIMEOUT = Duration.ofMillis(200);
  private static final Duration BOUND = TIMEOUT.plus(Timing.MARGIN);

  @LocalServerPort int port;
  @Autowired Vitals vitals;

  @AfterAll
  static void release() {
    TestIndicators.Hanging.RELEASE.countDown();
  }

  private String output() {
    return vitals.details().check("hanging").output();
  }

  @Test
  void aHangingIndicatorHoldsOneThreadAndNoProbe() throws InterruptedException {
    assertThat(Timing.await(() -> String.valueOf(output()).startsWith("timed out after 200 ms"),
        Duration.ofSeconds(10))).as("the deadline passes").isTrue();
    List<String> probes = List.of("/health/ready", "/readyz", "/actuator/health",
        "/actuator/health/readiness");
    // Until the verdict goes stale (three intervals), every tick finds the execution in flight.
    do {
      for (String path : probes) {
        assertThat(Http.get(port, path, BOUND).statusCode()).as(path).isEqualTo(503);
      }
      assertThat(Http.get(port, "/health/live", BOUND).statusCode()).isEqualTo(200);
      assertThat(Http.get(port, "/actuator/health/liveness", BOUND).statusCode()).isEqualTo(200);
    } while (!output().startsWith("stale: "));
    assertThat(TestIndicators.Hanging.CALLS).as("executions started").hasValue(1);
    assertThat(Hung.threadsHanging()).as("threads held").isEqualTo(1);
  }
}
