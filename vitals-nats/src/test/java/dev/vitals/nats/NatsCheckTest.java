package dev.vitals.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vitals.CheckUris;
import dev.vitals.HealthCheck;
import dev.vitals.Result;
import dev.vitals.Status;
import dev.vitals.testing.Services;
import dev.vitals.testing.SilentServer;
import dev.vitals.testing.TcpProxy;
import dev.vitals.testing.Threads;
import dev.vitals.testing.Timing;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class NatsCheckTest {
  private static final String HOST = "127.0.0.1";
  private static final int PORT = 4222;
  private static final String SECRET = "pw-S3cret-x9";
  private static final Duration SHORT = Duration.ofMillis(400);

  /** For the tests that need the shared server; the others run without it. */
  private static void natsIsUp() {
    Services.require(HOST, PORT, "nats");
  }

  private static Connection connect(int port) throws Exception {
    return Nats.connect(new Options.Builder()
        .server("nats://127.0.0.1:" + port)
        .noReconnect()
        .errorListener(new io.nats.client.ErrorListener() {})
        .build());
  }

  @Test
  void uriCheckPassesAgainstARunningServerAndLeavesNoThread() throws Exception {
    natsIsUp();
    HealthCheck check = NatsCheck.of("nats", "nats://127.0.0.1:4222").build();
    check.check().check(); // jnats starts a few JVM-wide threads once (e.g. its timer)
    Set<Thread> before = Threads.live();

    assertThat(Timing.runWithinDeadline(check).status()).isEqualTo(Status.PASS);
    Threads.assertNoneLeftSince(before);
  }

  @Test
  void refusedConnectionFails() throws Exception {
    int port = Services.freePort();

    Result result =
        Timing.runWithinDeadline(NatsCheck.of("nats", "nats://127.0.0.1:" + port).build());

    assertThat(result.status()).isEqualTo(Status.FAIL);
    assertThat(result.output()).isEqualTo("nats 127.0.0.1:" + port + ": ConnectException: Connection refused");
  }

  @Test
  void serverThatAcceptsAndHangsFailsAtTheDeadlineAndLeavesNoThread() throws Exception {
    natsIsUp();
    NatsCheck.of("nats", "nats://127.0.0.1:4222").build().check().check(); // jnats' JVM-wide threads
    try (SilentServer silent = new SilentServer()) {
      HealthCheck check =
          NatsCheck.of("nats", "nats://u:" + SECRET + "@127.0.0.1:" + silent.port()).timeout(SHORT)
              .build();
      Set<Thread> before = Threads.live();

      Result result = Timing.runWithinDeadline(check);

      assertThat(result.status()).isEqualTo(Status.FAIL);
      assertThat(result.output()).isEqualTo("nats 127.0.0.1:" + silent.port() + ": connect timed out after 400 ms")
          .doesNotContain(SECRET);
      Threads.assertNoneLeftSince(before);
    }
  }

  @Test
  void aServerListPassesWhenOneServerAccepts() throws Exception {
    natsIsUp();
    String servers = "127.0.0.1:" + Services.freePort() + ",127.0.0.1:4222";
    HealthCheck check = NatsCheck.of("nats", "nats://" + servers).build();

    assertThat(Timing.runWithinDeadline(check).status()).isEqualTo(Status.PASS);
    assertThat(check.componentId()).isEqualTo(servers);
  }

  @Test
  void aListOfHungServersFailsByTheDeadline() throws Exception {
    try (SilentServer first = new SilentServer(); SilentServer second = new SilentServer()) {
      String servers = "127.0.0.1:" + first.port() + ",127.0.0.1:" + second.port();
      HealthCheck check = NatsCheck.of("nats", "nats://" + servers).timeout(SHORT).build();

      Result result = Timing.runWithinDeadline(check);

      assertThat(result.status()).isEqualTo(Status.FAIL);
      assertThat(result.output()).startsWith("nats " + servers + ": ");
      assertThat(second.accepted()).as("the second server was tried too").isEqualTo(1);
    }
  }

  @Test
  void applicationConnectionPassesWithoutOpeningConnections() throws Exception {
    natsIsUp();
    try (TcpProxy proxy = new TcpProxy(HOST, PORT)) {
      Connection connection = connect(proxy.port());
      try {
      HealthCheck check = NatsCheck.of("nats", connection).build();

      for (int i = 0; i < 3; i++) {
        assertThat(Timing.runWithinDeadline(check).status()).isEqualTo(Status.PASS);
      }
      assertThat(proxy.connections()).isEqualTo(1);
      assertThat(check.componentId()).isEqualTo("127.0.0.1:" + proxy.port());
      } finally {
        connection.close();
      }
    }
  }

  @Test
  void frozenServerFailsAtTheDeadlineAndPassesAgainWhenThawed() throws Exception {
    natsIsUp();
    try (TcpProxy proxy = new TcpProxy(HOST, PORT)) {
      Connection connection = connect(proxy.port());
      try {
      HealthCheck check = NatsCheck.of("nats", connection).timeout(SHORT).build();
      assertThat(check.check().check().status()).isEqualTo(Status.PASS);
      Set<Thread> before = Threads.live();

      proxy.freeze();
      Result frozen = Timing.runWithinDeadline(check);
      proxy.thaw();

      assertThat(frozen.status()).isEqualTo(Status.FAIL);
      assertThat(frozen.output()).isEqualTo("nats 127.0.0.1:" + proxy.port() + ": no PONG within 400 ms");
      Threads.assertNoneLeftSince(before);
      assertThat(check.check().check().status()).isEqualTo(Status.PASS);
      } finally {
        connection.close();
      }
    }
  }

  @Test
  void closedConnectionFails() throws Exception {
    natsIsUp();
    Connection connection = connect(PORT);
    HealthCheck check = NatsCheck.of("nats", connection).build();
    assertThat(check.check().check().status()).isEqualTo(Status.PASS);

    connection.close();
    Result result = check.check().check();

    assertThat(result.status()).isEqualTo(Status.FAIL);
    assertThat(result.output()).endsWith(": connection is closed");
  }

  @Test
  void wrongPasswordFailsWithoutShowingIt() throws Exception {
    // A server of its own, with a password: a missing program skips the test here and fails it
    // under CI=true, like a missing service.
    Path natsServer = Services.requireBinary("nats-server");
    int port = Services.freePort();
    Process server = new ProcessBuilder(natsServer.toString(), "-a", HOST, "-p", Integer.toString(port),
        "--user", "u", "--pass", SECRET).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    try {
      assertThat(Timing.await(() -> Services.listening(HOST, port, 200), Duration.ofSeconds(5))).isTrue();
      Result good = NatsCheck.of("nats", "nats://u:" + SECRET + "@127.0.0.1:" + port).build().check().check();
      Result wrong = CheckUris.loaded()
          .builder("nats://u:not-" + SECRET + "@127.0.0.1:" + port).build().check().check();
      Result none = NatsCheck.of("nats", "nats://127.0.0.1:" + port).build().check().check();

      assertThat(good.status()).isEqualTo(Status.PASS);
      assertThat(wrong.status()).isEqualTo(Status.FAIL);
      assertThat(wrong.output()).isEqualTo("nats 127.0.0.1:" + port + ": AuthenticationException: Authentication error connecting to NATS server: Authorization Violation");
      assertThat(none.output()).isEqualTo(wrong.output());
    } finally {
      server.destroy();
      server.waitFor(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void checkUrisMakeANamedCheckFromANatsUri() throws Exception {
    natsIsUp();
    HealthCheck check = CheckUris.loaded().builder("nats://127.0.0.1:4222?timeout=500ms").build();

    assertThat(check.name()).isEqualTo("nats");
    assertThat(check.timeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(check.check().check().status()).isEqualTo(Status.PASS);
    assertThatThrownBy(() -> CheckUris.loaded().builder("nats://u:" + SECRET + "@h?verbose=true"))
        .hasMessage("unknown parameter 'verbose' in 'nats://u:****@h?verbose=true'");
  }
}
