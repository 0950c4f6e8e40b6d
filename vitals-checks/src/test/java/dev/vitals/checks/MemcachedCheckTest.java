package dev.vitals.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vitals.HealthCheck;
import dev.vitals.Result;
import dev.vitals.Status;
import dev.vitals.testing.Services;
import dev.vitals.testing.SilentServer;
import dev.vitals.testing.TcpProxy;
import dev.vitals.testing.Timing;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class MemcachedCheckTest {
  private static final String HOST = "127.0.0.1";
  private static final int PORT = 11211;

  /** For the tests that need the shared server; the others run without it. */
  private static void memcachedIsUp() {
    Services.require(HOST, PORT, "memcached");
  }

  @Test
  void passesAgainstARunningServer() throws Exception {
    memcachedIsUp();
    HealthCheck check = MemcachedCheck.of("memcached", HOST, PORT).build();

    assertThat(Timing.runWithinDeadline(check).status()).isEqualTo(Status.PASS);
  }

  @Test
  void factoryPreconfiguresTheRegistration() {
    HealthCheck check = MemcachedCheck.of("cache", "cache.internal", 11212).build();

    assertThat(check.timeout()).as("the engine's default").isEqualTo(Duration.ofSeconds(1));
    assertThat(check.componentType()).isEqualTo("datastore");
    assertThat(check.componentId()).isEqualTo("cache.internal:11212");
    assertThat(check.check()).hasToString("MemcachedCheck{cache.internal:11212}");
  }

  @Test
  void refusedConnectionFails() throws Exception {
    int port = Services.freePort();

    Result result = Timing.runWithinDeadline(MemcachedCheck.of("m", HOST, port).build());

    assertThat(result.status()).isEqualTo(Status.FAIL);
    assertThat(result.output()).startsWith("memcached 127.0.0.1:" + port + ": ConnectException");
  }

  @Test
  void serverThatAcceptsAndHangsFailsAtTheDeadline() throws Exception {
    try (SilentServer silent = new SilentServer()) {
      HealthCheck check = MemcachedCheck.of("m", HOST, silent.port()).timeout(Duration.ofMillis(300)).build();

      Result result = Timing.runWithinDeadline(check);

      assertThat(result.status()).isEqualTo(Status.FAIL);
      assertThat(result.output())
          .isEqualTo("memcached 127.0.0.1:" + silent.port() + ": no reply to version within 300 ms");
    }
  }

  @Test
  void frozenServerFailsAtTheDeadlineAndPassesAgainWhenThawed() throws Exception {
    memcachedIsUp();
    try (TcpProxy proxy = new TcpProxy(HOST, PORT)) {
      HealthCheck check = MemcachedCheck.of("m", HOST, proxy.port()).timeout(Duration.ofMillis(400)).build();
      assertThat(check.check().check().status()).isEqualTo(Status.PASS);

      proxy.freeze();
      Result frozen = Timing.runWithinDeadline(check);
      proxy.thaw();

      assertThat(frozen.status()).isEqualTo(Status.FAIL);
      assertThat(frozen.output()).contains("no reply to version within 400 ms");
      assertThat(check.check().check().status()).isEqualTo(Status.PASS);
    }
  }

  @Test
  void rejectsBadArgumentsNamingTheField() {
    assertThatThrownBy(() -> MemcachedCheck.of("m", "h", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("port must be 1-65535: 0");
    assertThatThrownBy(() -> MemcachedCheck.of("m", " ", 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("host must be a host name or address: ' '");
  }
}
