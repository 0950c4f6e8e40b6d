package dev.vitals.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.HealthCheck;
import dev.vitals.Vitals;
import dev.vitals.testing.Timing;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * {@code vitals.actuator.serve-from-verdicts=false}: the indicators are still checks, and
 * /actuator/health is Actuator's own again, calling them itself; {@code skip-covered=false} keeps
 * Boot's own ping (and db, diskSpace) as checks too.
 */
@SpringBootTest(
    classes = {TestApp.class, TestIndicators.Answering.class},
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
        "vitals.actuator.serve-from-verdicts=false",
        "vitals.actuator.skip-covered=false",
        "vitals.actuator.exclude=maintenance,stock",
        "vitals.drain-delay=0ms",
        "management.endpoint.health.show-details=always",
    })
class ActuatorOwnHealthTest {
  @LocalServerPort int port;
  @Autowired Vitals vitals;

  @Test
  void actuatorCallsItsIndicatorsAgain() throws InterruptedException {
    assertThat(vitals.checks()).extracting(HealthCheck::name)
        .contains("notesQuota", "legacy", "db", "diskSpace", "ping")
        .doesNotContain("maintenance", "stock", "readinessState");
    HttpResponse<String> health = Http.get(port, "/actuator/health");
    assertThat(health.body())
        .contains("\"used\":12", "\"status\":\"OUT_OF_SERVICE\"")
        .doesNotContain("\"check\":");
    assertThat(Timing.await(() -> Http.get(port, "/health/ready").statusCode() == 200,
        Duration.ofSeconds(10))).isTrue();
  }
}
