package dev.vitals.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.BlockedCallback;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.UnblockedCallback;
import dev.vitals.CheckUris;
import dev.vitals.HealthCheck;
import dev.vitals.Result;
import dev.vitals.Status;
import dev.vitals.testing.Services;
import dev.vitals.testing.SilentServer;
import dev.vitals.testing.TcpProxy;
import dev.vitals.testing.Threads;
import dev.vitals.testing.Timing;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class RabbitMqCheckTest {
  private static final String HOST = "127.0.0.1";
  private static final int PORT = 5672;
  private static final String SECRET = "pw-S3cret-x9";
  private static final Duration SHORT = Duration.ofMillis(400);

  /** For the tests that need the shared server; the others run without it. */
  private static void rabbitIsUp() {
    Services.require(HOST, PORT, "rabbitmq");
  }

  private static Connection connect(int port) throws Exception {
    ConnectionFactory factory = new ConnectionFactory();
    factory.setHost(HOST);
    factory.setPort(port);
    factory.setAutomaticRecoveryEnabled(false);
    return factory.newConnection("vitals test");
  }

  @Test
  void uriCheckPassesAgainstARunningBrokerAndLeavesNoThread() throws Exception {
    rabbitIsUp();
    HealthCheck check = RabbitMqCheck.of("rabbitmq", "amqp://guest:guest@127.0.0.1:5672/").build();
    Set<Thread> before = Threads.live();

    assertThat(Timing.runWithinDeadline(check).status()).isEqualTo(Status.PASS);
    Threads.assertNoneLeftSince(before);
  }

  @Test
  void refusedConnectionFails() throws Exception {
    int port = Services.freePort();

    Result result = Timing.runWithinDeadline(
        RabbitMqCheck.of("rabbitmq", "amqp://127.0.0.1:" + port).build());

    assertThat(result.status()).isEqualTo(Status.FAIL);
    assertThat(result.output())
        .isEqualTo("rabbitmq 127.0.0.1:" + port + ": ConnectException: Connection refused");
  }

  @Test
  void brokerThatAcceptsAndHangsFailsAtTheDeadlineAndLeavesNoThread() throws Exception {
    try (SilentServer silent = new SilentServer()) {
      HealthCheck check = RabbitMqCheck.of(
          "rabbitmq", "amqp://guest:" + SECRET + "@127.0.0.1:" + silent.port()).timeout(SHORT).build();
      Set<Thread> before = Threads.live();

      Result result = Timing.runWithinDeadline(check);

      assertThat(result.status()).isEqualTo(Status.FAIL);
      assertThat(result.output()).isEqualTo(
          "rabbitmq 127.0.0.1:" + silent.port() + ": connect or AMQP handshake timed out after 400 ms");
      Threads.assertNoneLeftSince(before);
    }
  }

  @Test
  void wrongPasswordFailsWithoutShowingIt() throws Exception {
    rabbitIsUp();
    HealthCheck check =
        RabbitMqCheck.of("rabbitmq", "amqp://guest:" + SECRET + "@127.0.0.1:5672").build();

    Result result = Timing.runWithinDeadline(check);

    assertThat(result.status()).isEqualTo(Status.FAIL);
    assertThat(result.output()).isEqualTo("rabbitmq 127.0.0.1:5672: AuthenticationFailureException:"
        + " ACCESS_REFUSED - Login was refused using authentication mechanism PLAIN."
        + " For details see the broker logfile.");
    assertThat(check.check().toString()).doesNotContain(SECRET);
  }

  @Test
  void unknownVhostFails() throws Exception {
    rabbitIsUp();
    Result result =
        RabbitMqCheck.of("rabbitmq", "amqp://127.0.0.1/no-such-vhost").build().check().check();

    assertThat(result.status()).isEqualTo(Status.FAIL);
    assertThat(result.output())
        .startsWith("rabbitmq 127.0.0.1:5672: ")
        .contains("NOT_ALLOWED - vhost no-such-vhost not found");
  }

  @Test
  void applicationConnectionPassesWithoutOpeningConnections() throws Exception {
    rabbitIsUp();
    try (TcpProxy proxy = new TcpProxy(HOST, PORT); Connection connection = connect(proxy.port())) {
      HealthCheck check = RabbitMqCheck.of("rabbitmq", connection).build();

      for (int i = 0; i < 3; i++) {
        assertThat(Timing.runWithinDeadline(check).status()).isEqualTo(Status.PASS);
      }
      assertThat(proxy.connections()).isEqualTo(1);
      assertThat(check.componentId()).isEqualTo("127.0.0.1:" + proxy.port());
    }
  }

  @Test
  void frozenBrokerFailsAtTheDeadlineWithoutPilingUpRoundTrips() throws Exception {
    rabbitIsUp();
    try (TcpProxy proxy = new TcpProxy(HOST, PORT); Connection connection = connect(proxy.port())) {
      HealthCheck check = RabbitMqCheck.of("rabbitmq", connection).timeout(SHORT).build();
      assertThat(check.check().check().status()).isEqualTo(Status.PASS);
      String where = "rabbitmq 127.0.0.1:" + proxy.port();
      Set<Thread> before = Threads.live();

      proxy.freeze();
      Result frozen = Timing.runWithinDeadline(check);
      Result again = Timing.runWithinDeadline(check);
      proxy.thaw();

      assertThat(frozen.output()).isEqualTo(where + ": no reply to basic.qos within 400 ms");
      assertThat(again.status()).isEqualTo(Status.FAIL);
      assertThat(again.output()).startsWith(where + ": no reply to basic.qos sent ").endsWith(" ms ago");
      Threads.assertNoneLeftSince(before);
      assertThat(Timing.await(() -> pass(check), Duration.ofSeconds(2))).isTrue();
    }
  }

  @Test
  void closedConnectionFails() throws Exception {
    rabbitIsUp();
    Connection connection = connect(PORT);
    HealthCheck check = RabbitMqCheck.of("rabbitmq", connection).build();
    assertThat(check.check().check().status()).isEqualTo(Status.PASS);

    connection.close();
    Result result = check.check().check();

    assertThat(result.status()).isEqualTo(Status.FAIL);
    assertThat(result.output()).startsWith("rabbitmq 127.0.0.1:5672: connection is closed: ")
        .contains("clean connection shutdown");
  }

  @Test
  void blockedConnectionWarnsWithTheBrokersReasonUntilUnblocked() throws Exception {
    rabbitIsUp();
    try (Connection real = connect(PORT)) {
      AtomicReference<BlockedCallback> blocked = new AtomicReference<>();
      AtomicReference<UnblockedCallback> unblocked = new AtomicReference<>();
      // The broker blocks connections only under a resource alarm, which a test must not raise
      // on a shared broker: the connection is the real one, its blocked listener captured.
      Connection connection = (Connection) Proxy.newProxyInstance(
          getClass().getClassLoader(), new Class<?>[] {Connection.class}, (proxy, method, args) -> {
            if (method.getName().equals("addBlockedListener") && args.length == 2) {
              blocked.set((BlockedCallback) args[0]);
              unblocked.set((UnblockedCallback) args[1]);
            }
            try {
              return method.invoke(real, args);
            } catch (InvocationTargetException e) {
              throw e.getCause();
            }
          });
      HealthCheck check = RabbitMqCheck.of("rabbitmq", connection).build();

      blocked.get().handle("low on memory");
      Result warn = check.check().check();
      unblocked.get().handle();

      assertThat(warn.status()).isEqualTo(Status.WARN);
      assertThat(warn.output())
          .isEqualTo("rabbitmq 127.0.0.1:5672: blocked by the broker for 0 s: low on memory");
      assertThat(check.check().check().status()).isEqualTo(Status.PASS);
    }
  }

  @Test
  void checkUrisMakeANamedCheckFromAnAmqpUri() throws Exception {
    rabbitIsUp();
    HealthCheck check =
        CheckUris.loaded().builder("amqp://guest:guest@127.0.0.1:5672/%2F?timeout=500ms").build();

    assertThat(check.name()).isEqualTo("rabbitmq");
    assertThat(check.timeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(check.check().check().status()).isEqualTo(Status.PASS);
    assertThat(CheckUris.loaded().builder("amqps://h?name=events").build().name())
        .isEqualTo("events");

    Result wrong = CheckUris.loaded()
        .builder("amqp://guest:" + SECRET + "@127.0.0.1:5672").build().check().check();
    assertThat(wrong.output()).isEqualTo("rabbitmq 127.0.0.1:5672: AuthenticationFailureException:"
        + " ACCESS_REFUSED - Login was refused using authentication mechanism PLAIN."
        + " For details see the broker logfile.");
    assertThatThrownBy(() -> CheckUris.loaded().builder("amqp://u:" + SECRET + "@h?heartbeat=5"))
        .hasMessage("unknown parameter 'heartbeat' in 'amqp://u:****@h?heartbeat=5'");
  }

  private static boolean pass(HealthCheck check) {
    try {
      return check.check().check().status() == Status.PASS;
    } catch (Exception e) {
      return false;
    }
  }
}
