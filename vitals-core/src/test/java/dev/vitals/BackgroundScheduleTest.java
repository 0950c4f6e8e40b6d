package dev.vitals;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.testing.FakeClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BackgroundScheduleTest {
  private static final Duration INTERVAL = Duration.ofSeconds(10);

  private final FakeClock clock = new FakeClock();
  private Vitals vitals;

  @AfterEach
  void close() {
    if (vitals != null) {
      vitals.close();
    }
  }

  private Vitals.Builder engine() {
    return Vitals.builder().ticker(clock).scheduler(clock).shutdownHook(false)
        .executor(Runnable::run);
  }

  @Test
  void backgroundCheckRunsOnceWhenTheEngineIsBuilt() {
    FakeCheck db = new FakeCheck();

    vitals = engine().check(HealthCheck.builder("db", db).interval(INTERVAL)).build();

    assertThat(db.calls()).isEqualTo(1);
  }

  @Test
  void backgroundCheckRunsEveryIntervalWithAtMostTenPercentJitterEarly() {
    List<Long> runs = new CopyOnWriteArrayList<>();
    Check db = () -> {
      runs.add(clock.nanoTime());
      return Result.pass();
    };
    vitals = engine().check(HealthCheck.builder("db", db).interval(INTERVAL)).build();

    clock.advance(Duration.ofSeconds(9).minusNanos(1));
    assertThat(runs).hasSize(1);

    clock.advance(Duration.ofSeconds(51).plusNanos(1)); // now 60 s

    // The n-th run happens between 9n and 10n seconds, so exactly runs 0..6 have happened.
    assertThat(runs).hasSize(7);
    for (int i = 1; i < runs.size(); i++) {
      long gap = runs.get(i) - runs.get(i - 1);
      assertThat(gap).isBetween(Duration.ofSeconds(9).toNanos(), INTERVAL.toNanos());
    }
  }

  @Test
  void probesReadTheLastVerdictWithoutRunningTheCheck() {
    FakeCheck db = new FakeCheck();
    vitals = engine().check(HealthCheck.builder("db", db).interval(INTERVAL)).build();
    vitals.markStarted();

    for (int i = 0; i < 100; i++) {
      assertThat(vitals.status(Probe.READINESS)).isEqualTo(Status.PASS);
      assertThat(vitals.report(Probe.READINESS).status()).isEqualTo(Status.PASS);
      assertThat(vitals.details().status()).isEqualTo(Status.PASS);
      vitals.lifecycle();
    }

    assertThat(db.calls()).isEqualTo(1);
  }

  @Test
  void probeSeesANewVerdictOnlyAfterTheNextRun() {
    FakeCheck db = new FakeCheck();
    vitals = engine().check(HealthCheck.builder("db", db).interval(INTERVAL)).build();
    vitals.markStarted();

    db.failing("connection refused");
    assertThat(vitals.status(Probe.READINESS)).isEqualTo(Status.PASS);

    clock.advance(INTERVAL);

    assertThat(vitals.status(Probe.READINESS)).isEqualTo(Status.FAIL);
    assertThat(vitals.report(Probe.READINESS).check("db").output()).isEqualTo("connection refused");
  }

  @Test
  void verdictRecordsObservationTimeAndResponseTime() {
    Check db = () -> {
      clock.advance(Duration.ofMillis(42)); // the check takes 42 ms of fake time
      return Result.pass();
    };
    vitals = engine().check(HealthCheck.builder("db", db).interval(INTERVAL)).build();

    HealthReport.Entry entry = vitals.details().check("db");

    assertThat(entry.observedValue()).isEqualTo(42L);
    assertThat(entry.observedUnit()).isEqualTo("ms");
    assertThat(entry.time()).isEqualTo(FakeClock.START.plusMillis(42));
  }

  @Test
  void checkMayReportItsOwnObservedValue() {
    Check disk = () -> Result.warn("disk 91% full").observed(91.5, "percent");
    vitals = engine()
        .check(HealthCheck.builder("disk", disk).measurement("utilization").interval(INTERVAL))
        .build();

    HealthReport.Entry entry = vitals.details().check("disk");

    assertThat(entry.key()).isEqualTo("disk:utilization");
    assertThat(entry.status()).isEqualTo(Status.WARN);
    assertThat(entry.output()).isEqualTo("disk 91% full");
    assertThat(entry.observedValue()).isEqualTo(91.5);
    assertThat(entry.observedUnit()).isEqualTo("percent");
  }

  @Test
  void closedEngineRunsNoMoreChecks() {
    FakeCheck db = new FakeCheck();
    vitals = engine().check(HealthCheck.builder("db", db).interval(INTERVAL)).build();

    vitals.close();
    clock.advance(INTERVAL.multipliedBy(5));

    assertThat(db.calls()).isEqualTo(1);
    assertThat(vitals.lifecycle()).isEqualTo(Lifecycle.STOPPED);
  }
}
