package dev.vitals.mqtt;

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
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MqttCheckTest {
  private static final String HOST = "127.0.0.1";
  private static final int PORT = 1883;
  private static final String SECRET = "pw-S3cret-x9";
  private static final Duration SHORT = Duration.ofMillis(400);

  /** For the tests that need the shared server; the others run without it. */
  private static void mosquittoIsUp() {
    Services.require(HOST, PORT, "mosquitto");
  }

  @Test
  void uriCheckPassesAgainstARunningBrokerAndLeavesNoThread() throws Exception {
    mosquittoIsUp();
    HealthCheck check = MqttCheck.of("mqtt", "mqtt://127.0.0.1:1883").build();
    Set<Thread> before = Threads.live();

    assertThat(Timing.runWithinDeadline(check).status()).isEqualTo(Status.PASS);
    Threads.assertNoneLeftSince(before);
  }

  @Test
  void refusedConnectionFails() throws Exception {
    int port = Services.freePort();

    Result result =
        Timing.runWithinDeadline(MqttCheck.of("mqtt", "mqtt://127.0.0.1:" + port).build());

    assertThat(result.status()).isEqualTo(Status.FAIL);
    assertThat(result.output()).isEqualTo("mqtt 127.0.0.1:" + port
        + ": Unable to connect to server (32103): ConnectException: Connection refused");
  }

  @Test
  void brokerThatAcceptsAndHangsFailsAtTheDeadlineAndLeavesNoThread() throws Exception {
    try (SilentServer silent = new SilentServer()) {
      HealthCheck check =
          MqttCheck.of("mqtt", "mqtt://u:" + SECRET + "@127.0.0.1:" + silent.port()).timeout(SHORT)
              .build();
      Set<Thread> before = Threads.live();

      Result result = Timing.runWithinDeadline(check);

      assertThat(result.status()).isEqualTo(Status.FAIL);
      assertThat(result.output())
          .isEqualTo("mqtt 127.0.0.1:" + silent.port() + ": connect or CONNACK timed out after 400 ms");
      Threads.assertNoneLeftSince(before);
    }
  }

  @Test
  void frozenBrokerFailsAtTheDeadlineAndPassesAgainWhenThawed() throws Exception {
    mosquittoIsUp();
    try (TcpProxy proxy = new TcpProxy(HOST, PORT)) {
      HealthCheck check = MqttCheck.of("mqtt", "mqtt://127.0.0.1:" + proxy.port()).timeout(SHORT).build();
      assertThat(check.check().check().status()).isEqualTo(Status.PASS);
      Set<Thread> before = Threads.live();

      proxy.freeze();
      Result frozen = Timing.runWithinDeadline(check);
      proxy.thaw();

      assertThat(frozen.output())
          .isEqualTo("mqtt 127.0.0.1:" + proxy.port() + ": connect or CONNACK timed out after 400 ms");
      Threads.assertNoneLeftSince(before);
      assertThat(check.check().check().status()).isEqualTo(Status.PASS);
    }
  }

  @Test
  void applicationClientPassesWhileConnectedAndFailsOnceDisconnected() throws Exception {
    mosquittoIsUp();
    try (TcpProxy proxy = new TcpProxy(HOST, PORT);
        MqttClient client = new MqttClient("tcp://127.0.0.1:" + proxy.port(), "vitals-test-app",
            new MemoryPersistence())) {
      MqttConnectOptions options = new MqttConnectOptions();
      options.setCleanSession(true);
      client.connect(options);
      HealthCheck check = MqttCheck.of("mqtt", client).build();

      for (int i = 0; i < 3; i++) {
        assertThat(check.check().check().status()).isEqualTo(Status.PASS);
      }
      client.disconnect();
      Result result = check.check().check();

      assertThat(proxy.connections()).isEqualTo(1);
      assertThat(check.componentId()).isEqualTo("127.0.0.1:" + proxy.port());
      assertThat(result.status()).isEqualTo(Status.FAIL);
      assertThat(result.output()).isEqualTo("mqtt 127.0.0.1:" + proxy.port() + ": client is not connected");
    }
  }

  @Test
  void wrongPasswordFailsWithoutShowingIt(@TempDir Path dir) throws Exception {
    // A broker of its own, with a password (the shared one is anonymous): a missing program
    // skips the test here and fails it under CI=true, like a missing service.
    Path mosquitto = Services.requireBinary("mosquitto");
    Path mosquittoPasswd = Services.requireBinary("mosquitto_passwd", "mosquitto");
    int port = Services.freePort();
    // Started as root, mosquitto drops to its own user before reading the password file.
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path passwords = dir.resolve("passwd");
    Process passwd = new ProcessBuilder(mosquittoPasswd.toString(), "-c", "-b",
        passwords.toString(), "u", SECRET).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    assertThat(passwd.waitFor(10, TimeUnit.SECONDS)).isTrue();
    Files.setPosixFilePermissions(passwords, PosixFilePermissions.fromString("rw-r--r--"));
    Path conf = dir.resolve("mosquitto.conf");
    Files.writeString(conf, "listener " + port + " 127.0.0.1\nallow_anonymous false\npassword_file "
        + passwords + "\n");
    Process broker = new ProcessBuilder(mosquitto.toString(), "-c", conf.toString())
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    try {
      assertThat(Timing.await(() -> Services.listening(HOST, port, 200), Duration.ofSeconds(5))).isTrue();
      Result good = MqttCheck.of("mqtt", "mqtt://u:" + SECRET + "@127.0.0.1:" + port).build()
          .check().check();
      Result wrong = CheckUris.loaded().builder("mqtt://u:not-" + SECRET + "@127.0.0.1:" + port)
          .build().check().check();
      Result none = MqttCheck.of("mqtt", "mqtt://127.0.0.1:" + port).build().check().check();

      assertThat(good.status()).isEqualTo(Status.PASS);
      assertThat(wrong.status()).isEqualTo(Status.FAIL);
      assertThat(wrong.output()).isEqualTo("mqtt 127.0.0.1:" + port + ": Not authorized to connect (5)");
      assertThat(none.output()).isEqualTo(wrong.output());
    } finally {
      broker.destroy();
      broker.waitFor(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void checkUrisMakeANamedCheckFromAnMqttUri() throws Exception {
    mosquittoIsUp();
    HealthCheck check = CheckUris.loaded().builder("mqtt://127.0.0.1:1883?timeout=500ms").build();

    assertThat(check.name()).isEqualTo("mqtt");
    assertThat(check.timeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(check.check().check().status()).isEqualTo(Status.PASS);
    assertThat(CheckUris.loaded().builder("mqtts://h").build().componentId()).isEqualTo("h:8883");
    assertThatThrownBy(() -> CheckUris.loaded().builder("mqtt://u:" + SECRET + "@h?qos=1"))
        .hasMessage("unknown parameter 'qos' in 'mqtt://u:****@h?qos=1'");
  }
}
