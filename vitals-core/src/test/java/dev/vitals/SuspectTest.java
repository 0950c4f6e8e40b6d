package dev.vitals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vitals.testing.FakeClock;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Vitals#suspect}: a report from the application's traffic runs the check now, out of
 * schedule, single flight, at most once per hold-off, and never changes a verdict by itself.
 */
class SuspectTest {
  private static final Duration INTERVAL = Duration.ofSeconds(10);
  private static final Duration HOLD_OFF = Duration.ofSeconds(1);
  private static final Exception LOST =
      new SQLTransientConnectionException("connection reset", "08006");

  private final FakeClock clock = new FakeClock();
  private final FakeCheck db = new FakeCheck();
  private Vitals vitals;

  @AfterEach
  void close() {
    if (vitals != null) {
      vitals.close();
    }
  }

  private Vitals build(Executor executor, HealthCheck.Builder check) {
    vitals = Vitals.builder().ticker(clock).scheduler(clock).shutdownHook(false)
        .executor(executor).check(check).check("cache", Result::pass).build();
    vitals.markStarted();
    return vitals;
  }

  private Vitals build() {
    return build(Runnable::run, HealthCheck.builder("db", db).interval(INTERVAL));
  }

  @Test
  void aReportRunsTheCheckAtOnce() {
    build();
    db.failing("connection refused");

    vitals.suspect("db", LOST);

    assertThat(db.calls()).isEqualTo(2); // at build, and now: no time has passed
    assertThat(vitals.status(Probe.READINESS)).isEqualTo(Status.FAIL);
    assertThat(vitals.report(Probe.READINESS).check("db").output()).isEqualTo("connection refused");
  }

  @Test
  void aReportNeverChangesAVerdictWithoutARunsResult() {
    QueuedExecutor executor = new QueuedExecutor();
    build(executor, HealthCheck.builder("db", db).interval(INTERVAL));
    executor.runQueued();

    vitals.suspect("db", LOST); // queued: no result yet
    assertThat(executor.submitted()).isEqualTo(3); // db and cache at build, db now
    assertThat(vitals.status(Probe.READINESS)).isEqualTo(Status.PASS);

    executor.runQueued(); // the dependency answers: the traffic's failure was not an outage
    assertThat(db.calls()).isEqualTo(2);
    assertThat(vitals.status(Probe.READINESS)).isEqualTo(Status.PASS);
  }

  @Test
  void reportsWithinTheHoldOffRunTheCheckOnceAndOneAfterItRunsItAgain() {
    build();

    for (int i = 0; i < 100; i++) {
      vitals.suspect("db", LOST);
    }
    assertThat(db.calls()).isEqualTo(2);
    clock.advance(HOLD_OFF.minusNanos(1));
    vitals.suspect("db", LOST);
    assertThat(db.calls()).isEqualTo(2);

    clock.advance(Duration.ofNanos(1));
    vitals.suspect("db", LOST);
    vitals.suspect("db", LOST);
    assertThat(db.calls()).isEqualTo(3);
  }

  @Test
  void theHoldOffIsAnEngineSetting() {
    vitals = Vitals.builder().ticker(clock).scheduler(clock).shutdownHook(false)
        .executor(Runnable::run).suspectHoldOff(Duration.ofMillis(200))
        .check(HealthCheck.builder("db", db).interval(INTERVAL)).build();
    vitals.suspect("db", LOST);
    clock.advance(Duration.ofMillis(200));
    vitals.suspect("db", LOST);

    assertThat(db.calls()).isEqualTo(3);
    assertThatThrownBy(() -> Vitals.builder().suspectHoldOff(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("suspectHoldOff must not be negative: PT-0.001S");
  }

  @Test
  void aReportJoinsARunInFlight() {
    QueuedExecutor executor = new QueuedExecutor();
    build(executor, HealthCheck.builder("db", db).interval(INTERVAL));
    assertThat(executor.submitted()).isEqualTo(2); // the first runs, still queued

    vitals.suspect("db", LOST);
    assertThat(executor.submitted()).isEqualTo(2);

    executor.runQueued();
    assertThat(db.calls()).isEqualTo(1);
  }

  @Test
  void aReportWhileTheVerdictFailsIsLeftToTheRecoveryInterval() {
    db.failing("connection refused");
    build();

    vitals.suspect("db", LOST);
    assertThat(db.calls()).isEqualTo(1);

    clock.advance(Duration.ofSeconds(1)); // the recovery interval re-checks it
    assertThat(db.calls()).isEqualTo(2);
  }

  @Test
  void aFailureTheTrafficSawIsConfirmedThroughTheThresholds() {
    build(Runnable::run, HealthCheck.builder("db", db).interval(INTERVAL).failureThreshold(2));
    db.failing("connection refused");

    vitals.suspect("db", LOST); // one failure: held
    assertThat(vitals.status(Probe.READINESS)).isEqualTo(Status.PASS);
    clock.advance(HOLD_OFF);
    vitals.suspect("db", LOST); // two: the verdict turns

    assertThat(db.calls()).isEqualTo(3);
    assertThat(vitals.status(Probe.READINESS)).isEqualTo(Status.FAIL);
  }

  @Test
  void aReportOnAnOnDemandCheckMakesTheNextProbeRunIt() {
    build(Runnable::run, HealthCheck.builder("db", db).onDemand(INTERVAL));
    vitals.status(Probe.READINESS);
    vitals.status(Probe.READINESS);
    assertThat(db.calls()).isEqualTo(1);

    clock.advance(Duration.ofMillis(1));
    vitals.suspect("db", LOST);
    assertThat(db.calls()).as("on demand: only probes run it").isEqualTo(1);

    vitals.status(Probe.READINESS);
    vitals.status(Probe.READINESS);
    assertThat(db.calls()).isEqualTo(2);
  }

  @Test
  void anUnknownNameIsRejectedNamingTheKnownChecks() {
    build();

    assertThatThrownBy(() -> vitals.suspect("database", LOST))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown check 'database'; known checks: db, cache");
    assertThatThrownBy(() -> vitals.suspect(null, LOST))
        .hasMessage("unknown check null; known checks: db, cache");
  }

  @Test
  void reportsAfterCloseAreIgnored() {
    build();
    vitals.close();

    vitals.suspect("db", LOST);
    vitals.suspect("db", null);

    assertThat(db.calls()).isEqualTo(1);
  }
}
