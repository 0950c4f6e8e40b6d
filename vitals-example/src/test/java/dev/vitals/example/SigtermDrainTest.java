package dev.vitals.example;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.testing.Services;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The example as a real process: SIGTERM drains before the process exits. */
class SigtermDrainTest {

  @Test
  void sigtermFailsReadinessAtOnceKeepsServingThenExits() throws Exception {
    int port = Services.freePort();
    Path log = Files.createTempFile("notes-app", ".log");
    ProcessBuilder builder =
        new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"),
            NotesApp.class.getName());
    builder.environment().put("PORT", Integer.toString(port));
    builder.environment().put("VITALS_DRAIN_DELAY", "2s");
    builder.environment().remove("DATABASE_URL");
    builder.environment().remove("REDIS_URL");
    builder.redirectErrorStream(true).redirectOutput(log.toFile());
    Process process = builder.start();
    try {
      Http http = new Http(port);
      assertThat(http.awaitStatus("/health/ready", 200, Duration.ofSeconds(30)))
          .as("ready before SIGTERM; log: %s", Files.readString(log))
          .isEqualTo(200);

      long signalled = System.nanoTime();
      process.destroy(); // SIGTERM
      assertThat(http.awaitStatus("/health/ready", 503, Duration.ofSeconds(1))).isEqualTo(503);
      assertThat(http.get("/health/live").statusCode()).isEqualTo(200);
      // Requests still in the load balancer's pipeline are served during the drain.
      assertThat(http.post("/notes", "written while draining").statusCode()).isEqualTo(201);

      assertThat(process.waitFor(15, TimeUnit.SECONDS)).isTrue();
      long exitedAfterMillis = (System.nanoTime() - signalled) / 1_000_000;
      assertThat(exitedAfterMillis).isGreaterThanOrEqualTo(2000); // not before the drain delay
      assertThat(process.exitValue()).isEqualTo(143); // 128 + SIGTERM
      assertThat(Files.readString(log)).contains("draining").contains("stopped");
    } finally {
      process.destroyForcibly();
      Files.deleteIfExists(log);
      new File(log + ".lck").delete();
    }
  }
}
