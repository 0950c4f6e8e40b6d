package dev.vitals.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.testing.Services;
import dev.vitals.testing.TcpProxy;
import dev.vitals.testing.Timing;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * PostgreSQL frozen behind the test-support proxy (connections open, nothing answers): readiness
 * turns 503 within interval + timeout, every probe is answered within the check's timeout, and
 * liveness stays 200.
 */
@SpringBootTest(
    classes = TestApp.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
        "spring.datasource.username=postgres",
        "vitals.checks.database.interval=1s",
        "vitals.checks.database.timeout=500ms",
        "vitals.drain-delay=100ms",
    })
@DirtiesContext
class FrozenDatabaseTest {
  private static final Duration INTERVAL = Duration.ofSeconds(1);
  private static final Duration TIMEOUT = Duration.ofMillis(500);
  private static TcpProxy proxy;

  @LocalServerPort int port;

  @BeforeAll
  static void postgres() {
    Services.require("127.0.0.1", 5432, "postgres");
  }

  @DynamicPropertySource
  static void throughTheProxy(DynamicPropertyRegistry registry) {
    proxy = new TcpProxy("127.0.0.1", 5432);
    registry.add("spring.datasource.url",
        () -> "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/test");
  }

  @AfterAll
  static void closeProxy() {
    if (proxy != null) {
      proxy.close();
    }
  }

  @Test
  void aFrozenDatabaseFailsReadinessWhileProbesAnswerAndLivenessPasses() throws Exception {
    assertThat(Timing.await(() -> Http.get(port, "/health/ready").statusCode() == 200,
        Duration.ofSeconds(10))).isTrue();
    proxy.freeze();
    long frozenAt = System.nanoTime();
    Duration bound = INTERVAL.plus(TIMEOUT).plus(Timing.MARGIN);
    int ready;
    do {
      // Each probe must be answered within the check's timeout (the client gives up after it).
      ready = Http.get(port, "/health/ready", TIMEOUT).statusCode();
      HttpResponse<String> live = Http.get(port, "/health/live", TIMEOUT);
      assertThat(live.statusCode()).as("liveness while the database is frozen").isEqualTo(200);
    } while (ready == 200 && System.nanoTime() - frozenAt < bound.toNanos());
    assertThat(ready).as("readiness within interval + timeout of the freeze").isEqualTo(503);
    for (int i = 0; i < 20; i++) {
      assertThat(Http.get(port, "/health/ready", TIMEOUT).statusCode()).isEqualTo(503);
      assertThat(Http.get(port, "/health/live", TIMEOUT).statusCode()).isEqualTo(200);
    }
    proxy.thaw();
    assertThat(Timing.await(() -> Http.get(port, "/health/ready").statusCode() == 200,
        Duration.ofSeconds(10))).as("readiness returns after the thaw").isTrue();
  }
}
