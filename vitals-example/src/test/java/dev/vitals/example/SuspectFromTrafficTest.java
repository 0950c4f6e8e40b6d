package dev.vitals.example;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.HealthListener;
import dev.vitals.testing.Services;
import dev.vitals.testing.TcpProxy;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The notes store reports queries that fail at the connection level ({@code vitals.suspect}), so
 * a frozen database is confirmed by an immediate check run rather than at the next interval; and
 * the recovery interval sees it come back. The check's interval is an hour, so every run after
 * the first comes from a report or from the recovery interval. Needs the machine's PostgreSQL
 * (127.0.0.1:5432), reached through a proxy the test can freeze; skipped without it (failed
 * under CI=true).
 */
class SuspectFromTrafficTest {

  @Test
  void aQueryThatLosesItsConnectionRunsTheCheckNowAndTheRecoveryIntervalSeesTheDatabaseReturn()
      throws Exception {
    Services.require("127.0.0.1", 5432, "PostgreSQL");
    BlockingQueue<HealthListener.Execution> runs = new LinkedBlockingQueue<>();
    try (TcpProxy proxy = new TcpProxy("127.0.0.1", 5432);
        NotesApp app = NotesApp.start(Config.fromEnv(Map.of(
            "DATABASE_URL", "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/test?user=postgres",
            "VITALS_CHECK_INTERVAL", "1h",
            "VITALS_CHECK_TIMEOUT", "1s")).withPort(0).withoutShutdownHook())) {
      Http http = new Http(app.port());
      assertThat(http.awaitStatus("/health/ready", 200, Duration.ofSeconds(15))).isEqualTo(200);
      app.vitals().addListener(new HealthListener() {
        @Override
        public void onExecution(Execution execution) {
          if (execution.check().name().equals("database")) {
            runs.add(execution);
          }
        }
      });
      assertThat(http.get("/notes").statusCode()).isEqualTo(200);
      assertThat(runs).isEmpty(); // a query that succeeds reports nothing

      proxy.freeze();
      assertThat(http.get("/notes").statusCode()).isEqualTo(503); // the query gave up on it

      // Only the report can have run the check (its interval is an hour): the run hangs on the
      // frozen database and fails at its deadline.
      assertThat(http.awaitStatus("/health/ready", 503, Duration.ofSeconds(5))).isEqualTo(503);
      // The events thread hands the execution to listeners after the verdict is recorded.
      HealthListener.Execution first = runs.poll(5, TimeUnit.SECONDS);
      assertThat(first).isNotNull();
      assertThat(first.timedOut()).isTrue();

      proxy.thaw(); // the recovery interval (1 s) finds it back, not the hour
      assertThat(http.awaitStatus("/health/ready", 200, Duration.ofSeconds(5))).isEqualTo(200);
      assertThat(http.get("/notes").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void onlyConnectionLevelFailuresAreReported() {
    assertThat(NotesStore.connectionLevel(new SQLTransientConnectionException("pool timeout")))
        .isTrue();
    assertThat(NotesStore.connectionLevel(new SQLNonTransientConnectionException("closed")))
        .isTrue();
    assertThat(NotesStore.connectionLevel(new SQLTimeoutException("query timed out"))).isTrue();
    assertThat(NotesStore.connectionLevel(new SQLException("I/O error", "08006"))).isTrue();
    assertThat(NotesStore.connectionLevel(
        new SQLException("batch failed", "HY000", new SQLException("reset", "08003")))).isTrue();
    SQLException chained = new SQLException("batch failed", "HY000");
    chained.setNextException(new SQLNonTransientConnectionException("gone"));
    assertThat(NotesStore.connectionLevel(chained)).isTrue();

    assertThat(NotesStore.connectionLevel(new SQLException("duplicate key", "23505"))).isFalse();
    assertThat(NotesStore.connectionLevel(new SQLException("value too long", "22001"))).isFalse();
    assertThat(NotesStore.connectionLevel(new SQLException("syntax error", "42601"))).isFalse();
    assertThat(NotesStore.connectionLevel(new SQLException("no state"))).isFalse();
  }
}
