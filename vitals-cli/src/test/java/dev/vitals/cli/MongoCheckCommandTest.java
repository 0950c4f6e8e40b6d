package dev.vitals.cli;

import static org.assertj.core.api.Assertions.assertThat;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.vitals.testing.Services;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code vitals check mongodb://…} against mongo-java-server, a wire-protocol server in this JVM. */
class MongoCheckCommandTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final Main main =
      new Main(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
  private MongoServer server;

  @BeforeEach
  void startServer() {
    server = new MongoServer(new MemoryBackend());
    server.bind("127.0.0.1", 0);
  }

  @AfterEach
  void stopServer() {
    server.shutdownNow();
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aServerThatAnswersPingPassesAndExitsZero() {
    int status = main.run("check", "mongodb://127.0.0.1:" + server.getLocalAddress().getPort() + "/app");

    assertThat(status).as(out() + err()).isEqualTo(0);
    assertThat(out()).containsPattern("(?m)^mongodb +pass +\\d+ ms$");
  }

  @Test
  void aRefusedServerFailsNamingItAndExitsOneWithoutThePassword() {
    int port = Services.freePort();

    int status = main.run("check", "--timeout", "300ms", "mongodb://app:hunter2@127.0.0.1:" + port);

    assertThat(status).isEqualTo(1);
    assertThat(out()).containsPattern("(?m)^mongodb +fail +\\d+ ms +mongodb 127.0.0.1:" + port
        + ": no server available within 300 ms \\(connection refused by 127.0.0.1:" + port + "\\)$");
    assertThat(out() + err()).doesNotContain("hunter2");
  }
}
