package dev.vitals.example.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Disabled;
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
  void theQuotaIsUpUntilTheTableHoldsMoreThanItsLimit() {
    // One test, in order: the table is shared by the context.
    String quota = http.get("/actuator/health/notesQuota").body();
    assertThat(quota).contains("\"status\":\"UP\"", "\"maxNotes\":2");
    for (int i = 0; i < 3; i++) {
      assertThat(http.post("/notes", "note " + i).statusCode()).isEqualTo(201);
    }
    HttpResponse<String> over = http.get("/actuator/health/notesQuota");
    assertThat(over.statusCode()).isEqualTo(503);
    assertThat(over.body()).contains("\"status\":\"DOWN\"", "\"notes\":3", "\"maxNotes\":2");
    assertThat(http.get("/actuator/health").statusCode()).isEqualTo(503);
  }

  @Test
  @Disabled("needs the starter's Actuator bridge (HealthIndicator beans as Vitals checks), not in "
      + "vitals-spring-boot-starter yet")
  void theIndicatorIsAVitalsCheck() {
    HttpResponse<String> details = http.get("/health", TOKEN);
    assertThat(details.statusCode()).isIn(200, 503);
    assertThat(details.body()).contains("\"notesQuota:");
  }
}
