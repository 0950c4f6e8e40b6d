package dev.vitals;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.testing.FakeClock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Failure and success thresholds: a verdict turns only after enough results in a row. */
class ThresholdTest {
  private static final Duration TTL = Duration.ofSeconds(1);

  private final FakeClock clock = new FakeClock();
  private final FakeCheck db = new FakeCheck();
  private Vitals vitals;

  @AfterEach
  void close() {
    if (vitals != null) {
      vitals.close();
    }
  }

  /** An on-demand check, so that each {@link #run()} is exactly one execution. */
  private void build(int failureThreshold, int successThreshold) {
    vitals = Vitals.builder().ticker(clock).scheduler(clock).shutdownHook(false)
        .executor(Runnable::run)
        .check(HealthCheck.builder("db", db).onDemand(TTL)
            .failureThreshold(failureThreshold).successThreshold(successThreshold))
        .build();
    vitals.markStarted();
  }

  private HealthReport.Entry run() {
    clock.advance(TTL);
    int before = db.calls();
    HealthReport.Entry entry = vitals.report(Probe.READINESS).check("db");
    assertThat(db.calls()).isEqualTo(before + 1);
    return entry;
  }

  @Test
  void passingVerdictTurnsToFailOnlyAfterFailureThresholdFailuresInARow() {
    build(3, 1);
    assertThat(run().status()).isEqualTo(Status.PASS);

    db.failing("connection refused");
    assertThat(run().status()).isEqualTo(Status.PASS);
    assertThat(run().status()).isEqualTo(Status.PASS);
    HealthReport.Entry third = run();

    assertThat(third.status()).isEqualTo(Status.FAIL);
    assertThat(third.output()).isEqualTo("connection refused");
  }

  @Test
  void aPassInBetweenResetsTheFailureCount() {
    build(2, 1);
    run();

    db.failing("refused");
    assertThat(run().status()).isEqualTo(Status.PASS);
    db.passing();
    assertThat(run().status()).isEqualTo(Status.PASS);
    db.failing("refused");
    assertThat(run().status()).isEqualTo(Status.PASS);
    assertThat(run().status()).isEqualTo(Status.FAIL);
  }

  @Test
  void firstEverResultCountsAtOnce() {
    db.failing("refused");
    build(3, 3);

    HealthReport.Entry first = vitals.report(Probe.READINESS).check("db");

    assertThat(first.status()).isEqualTo(Status.FAIL);
    assertThat(first.output()).isEqualTo("refused");
  }

  @Test
  void failingVerdictTurnsBackOnlyAfterSuccessThresholdPassesInARow() {
    build(1, 3);
    db.failing("connection refused");
    assertThat(run().status()).isEqualTo(Status.FAIL);

    db.passing();
    HealthReport.Entry first = run();
    assertThat(first.status()).isEqualTo(Status.FAIL);
    assertThat(first.output()).isEqualTo("recovering (1 of 3 passes): connection refused");
    HealthReport.Entry second = run();
    assertThat(second.status()).isEqualTo(Status.FAIL);
    assertThat(second.output()).isEqualTo("recovering (2 of 3 passes): connection refused");
    HealthReport.Entry third = run();
    assertThat(third.status()).isEqualTo(Status.PASS);
    assertThat(third.output()).isNull();
  }

  @Test
  void aFailureWhileRecoveringStartsTheCountAgain() {
    build(1, 2);
    db.failing("refused");
    run();
    db.passing();
    assertThat(run().output()).isEqualTo("recovering (1 of 2 passes): refused");

    db.failing("timeout");
    assertThat(run().output()).isEqualTo("timeout");

    db.passing();
    assertThat(run().output()).isEqualTo("recovering (1 of 2 passes): timeout");
    assertThat(run().status()).isEqualTo(Status.PASS);
  }

  @Test
  void thresholdsOfOneFollowEveryResult() {
    build(1, 1);
    db.failing("refused");
    assertThat(run().status()).isEqualTo(Status.FAIL);
    db.passing();
    assertThat(run().status()).isEqualTo(Status.PASS);
    db.failing("refused");
    assertThat(run().status()).isEqualTo(Status.FAIL);
  }

  @Test
  void timeoutsCountAsFailures() {
    java.util.concurrent.atomic.AtomicBoolean slow = new java.util.concurrent.atomic.AtomicBoolean();
    vitals = Vitals.builder().ticker(clock).scheduler(clock).shutdownHook(false)
        .executor(Runnable::run)
        .check(HealthCheck.builder("db", () -> {
          if (slow.get()) {
            clock.advance(Duration.ofSeconds(2)); // the deadline passes while the check runs
          }
          return Result.pass();
        }).onDemand(TTL).failureThreshold(2))
        .build();
    vitals.markStarted();
    assertThat(vitals.status(Probe.READINESS)).isEqualTo(Status.PASS);

    slow.set(true);
    clock.advance(TTL);
    assertThat(vitals.status(Probe.READINESS)).isEqualTo(Status.PASS);
    clock.advance(TTL);
    HealthReport.Entry second = vitals.report(Probe.READINESS).check("db");

    assertThat(second.status()).isEqualTo(Status.FAIL);
    assertThat(second.output()).isEqualTo("timed out after 1000 ms");
  }
}
