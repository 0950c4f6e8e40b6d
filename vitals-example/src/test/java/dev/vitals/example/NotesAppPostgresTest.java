package dev.vitals.example;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.testing.Services;
import dev.vitals.testing.TcpProxy;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The example against the machine's PostgreSQL (127.0.0.1:5432, database test), reached through a
 * proxy the test can freeze: a dependency that accepts connections and stops answering.
 * Under CI=true an unreachable PostgreSQL fails this test; elsewhere it is skipped.
 */
class NotesAppPostgresTest {
  private static final Duration INTERVAL = Duration.ofMillis(1000);
  private static final Duration TIMEOUT = Duration.ofMillis(500);

  private TcpProxy proxy;
  private NotesApp app;

  @BeforeEach
  void requirePostgres() {
    Services.require("127.0.0.1", 5432, "PostgreSQL");
    proxy = new TcpProxy("127.0.0.1", 5432);
  }

  @AfterEach
  void stop() {
    if (app != null) {
      app.close();
    }
    if (proxy != null) {
      proxy.close();
    }
  }

  @Test
  void hungDatabaseTurnsReadinessWithinIntervalPlusTimeoutWhileLivenessStays() throws Exception {
    String url = "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/test?user=postgres";
    Config config = Config.fromEnv(Map.of(
        "DATABASE_URL", url,
        "VITALS_CHECK_INTERVAL", INTERVAL.toMillis() + "ms",
        "VITALS_CHECK_TIMEOUT", TIMEOUT.toMillis() + "ms"));
    app = NotesApp.start(config.withPort(0).withoutShutdownHook());
    Http http = new Http(app.port());
    assertThat(http.awaitStatus("/health/ready", 200, Duration.ofSeconds(15))).isEqualTo(200);
    assertThat(http.post("/notes", "stored in postgres").statusCode()).isEqualTo(201);

    proxy.freeze();
    long frozeAt = System.nanoTime();
    List<Long> answerMillis = new ArrayList<>();
    long turnedAfterMillis = -1;
    while (System.nanoTime() - frozeAt < Duration.ofSeconds(10).toNanos()) {
      long asked = System.nanoTime();
      HttpResponse<String> ready = http.get("/health/ready");
      answerMillis.add((System.nanoTime() - asked) / 1_000_000);
      assertThat(http.get("/health/live").statusCode()).isEqualTo(200);
      if (ready.statusCode() == 503) {
        turnedAfterMillis = (System.nanoTime() - frozeAt) / 1_000_000;
        break;
      }
      Thread.sleep(50);
    }
    // Bounds the rules promise, not speed claims: the verdict turns within interval + timeout
    // (plus scheduling slack) and no probe waits on the hung database.
    assertThat(turnedAfterMillis).isBetween(0L, INTERVAL.plus(TIMEOUT).toMillis() + 500);
    assertThat(answerMillis).allSatisfy(ms -> assertThat(ms).isLessThan(TIMEOUT.toMillis()));
    System.out.printf("readiness turned 503 %d ms after the freeze; probe answer times (ms): %s%n",
        turnedAfterMillis, answerMillis);

    proxy.thaw();
    assertThat(http.awaitStatus("/health/ready", 200, INTERVAL.multipliedBy(3).plus(TIMEOUT)))
        .isEqualTo(200);
  }
}
