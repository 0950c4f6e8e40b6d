package dev.vitals.example.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.testing.Services;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The service against the real PostgreSQL and Redis, on a real port: the notes API and every
 * endpoint, Vitals' and Actuator's, as vitals-example answers them.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
        "spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/test?user=postgres",
        "notes.redis-url=redis://127.0.0.1:6379",
        "vitals.endpoints.bearer-token=" + NotesApiPostgresTest.TOKEN,
    })
class NotesApiPostgresTest {
  static final String TOKEN = "0123456789abcdef-test-token";

  @LocalServerPort int port;
  Http http;

  @BeforeAll
  static void servers() {
    Services.require("127.0.0.1", 5432, "postgres");
    Services.require("127.0.0.1", 6379, "redis");
  }

  @BeforeEach
  void ready() throws InterruptedException {
    http = new Http(port);
    // Ready (200) once the database passes; "pass" once the non-critical Redis check has
    // completed its first run too (until then it is pending, and readiness warns).
    assertThat(http.awaitBody("/health/ready", "{\"status\":\"pass\"}", Duration.ofSeconds(20)))
        .as("readiness passes").isTrue();
  }

  @Test
  void postStoresTheBodyAndGetListsItAsJson() {
    String text = "buy \"oat\" milk " + System.nanoTime();
    HttpResponse<String> created = http.post("/notes", "  " + text + "\n");
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(created.headers().firstValue("Content-Type")).hasValueSatisfying(
        t -> assertThat(t).startsWith("application/json"));
    assertThat(created.body()).matches("\\{\"id\":\\d+,\"text\":\"buy \\\\\"oat\\\\\" milk \\d+\"\\}");
    String id = created.body().replaceAll("\\{\"id\":(\\d+),.*", "$1");

    HttpResponse<String> list = http.get("/notes");
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(list.body()).startsWith("[").endsWith("]")
        .contains("{\"id\":" + id + ",\"text\":\"buy \\\"oat\\\" milk ");
  }

  @Test
  void aNoteOver4KbIs413AndAnEmptyOne400() {
    HttpResponse<String> big = http.post("/notes", "a".repeat(4097));
    assertThat(big.statusCode()).isEqualTo(413);
    assertThat(big.body()).isEqualTo("{\"error\":\"a note is at most 4096 bytes\"}");
    assertThat(http.post("/notes", "a".repeat(4096)).statusCode()).isEqualTo(201);

    HttpResponse<String> empty = http.post("/notes", " \n ");
    assertThat(empty.statusCode()).isEqualTo(400);
    assertThat(empty.body()).isEqualTo("{\"error\":\"send the note's text as the request body\"}");
  }

  @Test
  void probesAnswerAnonymousCallersWithTheStatusOnly() {
    for (String path : new String[] {"/health/live", "/health/ready", "/health/startup", "/livez", "/readyz"}) {
      HttpResponse<String> answer = http.get(path);
      assertThat(answer.statusCode()).as(path).isEqualTo(200);
      assertThat(answer.body()).as(path).isEqualTo("{\"status\":\"pass\"}");
      assertThat(answer.headers().firstValue("Content-Type")).as(path).hasValue("application/health+json");
      assertThat(answer.headers().firstValue("Cache-Control")).as(path).hasValue("no-store");
    }
    assertThat(http.get("/health").statusCode()).isEqualTo(401);
    assertThat(http.get("/healthz").statusCode()).isEqualTo(401);
  }

  @Test
  void detailsWithTheTokenNameEveryCheck() {
    HttpResponse<String> details = http.get("/health", TOKEN);
    assertThat(details.statusCode()).isEqualTo(200);
    assertThat(details.body())
        .contains("\"status\":\"pass\"", "\"serviceId\":\"notes\"")
        .contains("\"database:responseTime\"", "\"redis:responseTime\"", "\"deadlock:responseTime\"")
        .contains("\"componentId\":\"127.0.0.1:6379\"");
  }

  @Test
  void actuatorAnswersBesideVitalsOnTheSamePort() {
    HttpResponse<String> health = http.get("/actuator/health");
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).contains("\"status\":\"UP\"");
    assertThat(http.get("/actuator/health/readiness").statusCode()).isEqualTo(200);
    assertThat(http.get("/actuator/health/liveness").statusCode()).isEqualTo(200);
  }
}
