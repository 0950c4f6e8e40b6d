package dev.vitals.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.HealthCheck;
import dev.vitals.HealthReport;
import dev.vitals.Status;
import dev.vitals.Vitals;
import dev.vitals.testing.Timing;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Actuator's indicators as checks, on a real port: named as Actuator names them, statuses mapped
 * (UNKNOWN warns, OUT_OF_SERVICE mapped to warn here, a reactive DOWN fails), outputs sanitized,
 * Boot's own db, diskSpace, ping and availability indicators left out, and /actuator/health
 * answering from the verdicts.
 */
@SpringBootTest(
    classes = {TestApp.class, TestIndicators.Answering.class},
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
        "vitals.endpoints.bearer-token=" + ActuatorIndicatorsTest.TOKEN,
        "vitals.actuator.status-mapping.out-of-service=warn",
        "vitals.checks.stock.critical=false",
        "vitals.drain-delay=0ms",
        "management.endpoint.health.show-details=always",
        "management.endpoint.health.probes.enabled=true",
    })
class ActuatorIndicatorsTest {
  static final String TOKEN = "a-token-of-twenty-chars";
  private static final Duration WAIT = Duration.ofSeconds(10);

  @LocalServerPort int port;
  @Autowired Vitals vitals;

  @BeforeEach
  void everyCheckHasRun() throws InterruptedException {
    assertThat(Timing.await(() -> vitals.details().checks().stream()
        .noneMatch(e -> "not yet checked".equals(e.output())), WAIT)).isTrue();
    assertThat(Timing.await(() -> Http.get(port, "/health/ready").statusCode() == 200, WAIT))
        .isTrue();
  }

  @Test
  void everyIndicatorIsACheckNamedAsActuatorNamesIt() {
    assertThat(vitals.checks()).extracting(HealthCheck::name)
        .contains("notesQuota", "maintenance", "legacy", "stock")
        .doesNotContain("db", "diskSpace", "ping", "livenessState", "readinessState");
    assertThat(vitals.checks()).filteredOn(c -> c.name().equals("notesQuota"))
        .extracting(HealthCheck::componentType).containsExactly("actuator");
  }

  @Test
  void statusesAreMappedAndOutputsSanitized() {
    HealthReport details = vitals.details();
    assertThat(details.check("notesQuota").status()).isEqualTo(Status.PASS);
    assertThat(details.check("notesQuota").output()).as("a pass has no output").isNull();
    assertThat(details.check("maintenance").status()).isEqualTo(Status.WARN);
    assertThat(details.check("maintenance").output()).isEqualTo("OUT_OF_SERVICE: until=noon");
    assertThat(details.check("legacy").status()).isEqualTo(Status.WARN);
    assertThat(details.check("stock").status()).as("a non-critical failure warns")
        .isEqualTo(Status.WARN);
    assertThat(details.check("stock").output()).isEqualTo("DOWN: error=connection refused");
  }

  @Test
  void theChecksAppearInTheDetailedView() {
    HttpResponse<String> health = Http.send(port, "/health", "GET", TOKEN, WAIT);
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).contains("\"notesQuota:", "\"maintenance:", "\"stock:",
        "OUT_OF_SERVICE: until=noon");
  }

  @Test
  void actuatorHealthAnswersFromTheVerdicts() {
    HttpResponse<String> health = Http.get(port, "/actuator/health");
    assertThat(health.statusCode()).isEqualTo(200);
    // Each component reads its verdict: no indicator is called on this thread.
    assertThat(health.body()).contains("\"check\":\"notesQuota\"", "\"check\":\"database\"",
        "\"check\":\"disk\"", "\"output\":\"OUT_OF_SERVICE: until=noon\"")
        .doesNotContain("hunter2", "\"used\":12");
    HttpResponse<String> readiness = Http.get(port, "/actuator/health/readiness");
    assertThat(readiness.statusCode()).isEqualTo(200);
    assertThat(Http.get(port, "/actuator/health/liveness").statusCode()).isEqualTo(200);
  }
}
