package dev.vitals.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The example on its default embedded H2 database, in-process. */
class NotesAppTest {
  private static final String TOKEN = "example-token-0123456789";
  private NotesApp app;

  @AfterEach
  void stop() {
    if (app != null) {
      app.close();
    }
  }

  private Http start(Map<String, String> env) {
    Config config = Config.fromEnv(env).withPort(0);
    app = NotesApp.start(config.withoutShutdownHook());
    return new Http(app.port());
  }

  @Test
  void servesNotesAndHealthOnOnePort() throws Exception {
    Http http = start(Map.of("VITALS_TOKEN", TOKEN,
        "DATABASE_URL", "jdbc:h2:mem:notes-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1"));
    assertThat(http.awaitStatus("/health/ready", 200, Duration.ofSeconds(10))).isEqualTo(200);

    HttpResponse<String> created = http.post("/notes", "buy \"milk\"");
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(created.body()).isEqualTo("{\"id\":1,\"text\":\"buy \\\"milk\\\"\"}");
    http.post("/notes", "call Bob");
    assertThat(http.get("/notes").body())
        .isEqualTo("[{\"id\":2,\"text\":\"call Bob\"},{\"id\":1,\"text\":\"buy \\\"milk\\\"\"}]");

    assertThat(http.get("/health/live").body()).isEqualTo("{\"status\":\"pass\"}");
    assertThat(http.get("/health/ready").body()).isEqualTo("{\"status\":\"pass\"}");
    HttpResponse<String> details = http.get("/health", TOKEN);
    assertThat(details.statusCode()).isEqualTo(200);
    assertThat(details.body())
        .contains("\"serviceId\":\"notes\"")
        .contains("\"database:responseTime\":[{")
        .contains("\"deadlock:responseTime\"")
        .doesNotContain("password");
    assertThat(http.get("/health").statusCode()).isEqualTo(401);
  }

  @Test
  void rejectsBadNotesWithClearErrors() throws Exception {
    Http http = start(Map.of(
        "DATABASE_URL", "jdbc:h2:mem:notes-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1"));
    http.awaitStatus("/health/ready", 200, Duration.ofSeconds(10));
    assertThat(http.post("/notes", "   ").statusCode()).isEqualTo(400);
    assertThat(http.post("/notes", "x".repeat(5000)).statusCode()).isEqualTo(413);
    assertThat(http.get("/notes/7").statusCode()).isEqualTo(404);
  }

  @Test
  void badConfigurationNamesTheVariable() {
    assertThatThrownBy(() -> Config.fromEnv(Map.of("PORT", "http")))
        .hasMessage("PORT must be a number, got 'http'");
    assertThatThrownBy(() -> Config.fromEnv(Map.of("VITALS_DRAIN_DELAY", "5")))
        .hasMessage("VITALS_DRAIN_DELAY: expected a duration such as 500ms, 5s or 1m, got '5'");
    assertThatThrownBy(() -> Config.fromEnv(Map.of("DATABASE_URL", "postgres://u:secret@h/db")))
        .hasMessageStartingWith("DATABASE_URL must be a JDBC URL")
        .hasMessageNotContaining("secret");
    assertThatThrownBy(() -> Config.fromEnv(Map.of("VITALS_CHECK_TIMEOUT", "5s")))
        .hasMessage("VITALS_CHECK_TIMEOUT (5000 ms) must be shorter than VITALS_CHECK_INTERVAL (5000 ms)");
    assertThatThrownBy(() -> Config.fromEnv(Map.of("MANAGEMENT_PORT", "x")))
        .hasMessage("MANAGEMENT_PORT must be a number, got 'x'");
    assertThatThrownBy(() -> Config.fromEnv(Map.of("PORT", "9000", "MANAGEMENT_PORT", "9000")))
        .hasMessage("MANAGEMENT_PORT must differ from PORT, both are 9000");
  }

  @Test
  void aManagementPortMovesTheHealthEndpointsOffTheApiPort() throws Exception {
    Config config = Config.fromEnv(Map.of("VITALS_TOKEN", TOKEN,
        "DATABASE_URL", "jdbc:h2:mem:notes-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1"))
        .withPort(0).withManagementPort(0);
    app = NotesApp.start(config.withoutShutdownHook());
    assertThat(app.healthPort()).isNotEqualTo(app.port());
    Http api = new Http(app.port());
    Http health = new Http(app.healthPort());
    assertThat(health.awaitStatus("/health/ready", 200, Duration.ofSeconds(10))).isEqualTo(200);
    assertThat(health.get("/health", TOKEN).body()).contains("\"database:responseTime\"");
    assertThat(api.post("/notes", "kept apart").statusCode()).isEqualTo(201);
    assertThat(api.get("/health/ready").statusCode()).as("not on the API's port").isEqualTo(404);
    assertThat(health.get("/notes").statusCode()).as("no API on the management port").isEqualTo(404);
  }
}
