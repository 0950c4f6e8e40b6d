package dev.vitals.example.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The application's own HealthIndicator, {@code notesQuota}, on H2 (no server needed): UP while
 * the table holds at most {@code notes.quota.max-notes} rows, DOWN beyond.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
        "spring.datasource.url=jdbc:h2:mem:quota;DB_CLOSE_DELAY=-1",
        "notes.quota.max-notes=2",
        "vitals.checks.notesQuota.interval=1s",
        "vitals.checks.notesQuota.timeout=500ms",
        "management.endpoint.health.show-details=always",
        "vitals.endpoints.bearer-token=" + NotesQuotaTest.TOKEN,
    })
class NotesQuotaTest {
  static final String TOKEN = "0123456789abcdef-quota-token";

  @LocalServerPort int port;
  Http http;

  @BeforeEach
  void ready() throws InterruptedException {
    http = new Http(port);
    assertThat(http.awaitStatus("/health/ready", 200, Duration.ofSeconds(20))).isEqualTo(200);
  }

  @Test
  void theQuotaIsUpUntilTheTableHoldsMoreThanItsLimit() throws InterruptedException {
    // One test, in order: the table is shared by the context.
    // Answered from the check's verdict (the starter's Actuator bridge): its first run may come
    // before the schema exists, so wait for a passing run.
    assertThat(http.awaitBodyContaining("/actuator/health/notesQuota", "\"status\":\"pass\"",
        Duration.ofSeconds(10))).as("the quota check passes").isTrue();
    for (int i = 0; i < 3; i++) {
      assertThat(http.post("/notes", "note " + i).statusCode()).isEqualTo(201);
    }
    // Actuator answers from the check's verdict (the starter's bridge): it turns at its next run.
    // Non-critical (application.properties): DOWN reads as warn, and the instance keeps serving.
    assertThat(http.awaitBodyContaining("/actuator/health/notesQuota", "\"status\":\"warn\"",
        Duration.ofSeconds(10))).as("the quota check warns").isTrue();
    assertThat(http.get("/actuator/health/notesQuota").body()).contains("DOWN");
    assertThat(http.get("/health/ready").statusCode()).isEqualTo(200);
  }

  @Test
  void theIndicatorIsAVitalsCheck() {
    HttpResponse<String> details = http.get("/health", TOKEN);
    assertThat(details.statusCode()).isIn(200, 503);
    assertThat(details.body()).contains("\"notesQuota:");
  }
}
