package dev.vitals.example.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.testing.Services;
import dev.vitals.testing.TcpProxy;
import dev.vitals.testing.Timing;
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
 * turns 503 within interval + timeout while every probe on Vitals' paths is answered within the
 * check's timeout, liveness stays 200, and readiness returns after the thaw.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
        "notes.check-interval=1s",
        "notes.check-timeout=500ms",
        "vitals.drain-delay=100ms",
    })
@DirtiesContext
class FrozenPostgresTest {
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
        () -> "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/test?user=postgres");
  }

  @AfterAll
  static void closeProxy() {
    if (proxy != null) {
      proxy.close();
    }
  }

  @Test
  void aFrozenDatabaseFailsReadinessWhileProbesAnswerAndLivenessPasses() throws Exception {
    Http http = new Http(port);
    assertThat(http.awaitStatus("/health/ready", 200, Duration.ofSeconds(20))).isEqualTo(200);
    proxy.freeze();
    long frozenAt = System.nanoTime();
    Duration bound = INTERVAL.plus(TIMEOUT).plus(Timing.MARGIN);
    int ready;
    do {
      // Each probe must be answered within the check's timeout (the client gives up after it).
      ready = http.get("/health/ready", TIMEOUT).statusCode();
      assertThat(http.get("/health/live", TIMEOUT).statusCode())
          .as("liveness while the database is frozen").isEqualTo(200);
    } while (ready == 200 && System.nanoTime() - frozenAt < bound.toNanos());
    assertThat(ready).as("readiness within interval + timeout of the freeze").isEqualTo(503);
    for (int i = 0; i < 20; i++) {
      assertThat(http.get("/health/ready", TIMEOUT).statusCode()).isEqualTo(503);
      assertThat(http.get("/readyz", TIMEOUT).statusCode()).isEqualTo(503);
      assertThat(http.get("/health/live", TIMEOUT).statusCode()).isEqualTo(200);
      assertThat(http.get("/health/startup", TIMEOUT).statusCode()).isEqualTo(200);
    }
    proxy.thaw();
    assertThat(http.awaitStatus("/health/ready", 200, Duration.ofSeconds(10)))
        .as("readiness returns after the thaw").isEqualTo(200);
  }
}
