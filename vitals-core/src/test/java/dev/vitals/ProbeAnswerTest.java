package dev.vitals;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.testing.FakeClock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How probes read verdicts: criticality, never-completed checks, staleness, aggregation. */
class ProbeAnswerTest {
  private static final Duration INTERVAL = Duration.ofSeconds(10);

  private final FakeClock clock = new FakeClock();
  private final CountDownLatch release = new CountDownLatch(1);
  private Vitals vitals;

  @AfterEach
  void close() {
    release.countDown();
    if (vitals != null) {
      vitals.close();
    }
  }

  private Vitals.Builder engine() {
    return Vitals.builder().ticker(clock).scheduler(clock).shutdownHook(false)
        .executor(Runnable::run);
  }

  @Test
  void failingCriticalCheckFailsItsProbe() {
    vitals = engine()
        .check(HealthCheck.builder("db", new FakeCheck().failing("connection refused")))
        .check("cache", new FakeCheck())
        .build();
    vitals.markStarted();

    HealthReport report = vitals.report(Probe.READINESS);

    assertThat(report.status()).isEqualTo(Status.FAIL);
    assertThat(report.output()).isEqualTo("failing: db");
    assertThat(report.check("db").status()).isEqualTo(Status.FAIL);
    assertThat(report.check("db").output()).isEqualTo("connection refused");
    assertThat(report.check("cache").status()).isEqualTo(Status.PASS);
    assertThat(report.check("cache").output()).isNull();
    assertThat(vitals.status(Probe.READINESS)).isEqualTo(Status.FAIL);
    assertThat(vitals.lifecycle()).isEqualTo(Lifecycle.NOT_READY);
  }

  @Test
  void aNonCriticalCheckNotYetCompletedOnlyMakesReadinessWarn() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    vitals = Vitals.builder().ticker(clock).scheduler(clock).shutdownHook(false)
        .check(HealthCheck.builder("cache", () -> {
          started.countDown();
          release.await();
          return Result.pass();
        }).critical(false).interval(INTERVAL))
        .check(HealthCheck.builder("db", new FakeCheck()).interval(INTERVAL))
        .build();
    vitals.markStarted();
    assertThat(started.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    Waiting.until(() -> vitals.details().check("db").status() == Status.PASS, "db's first verdict");

    HealthReport readiness = vitals.report(Probe.READINESS);

    assertThat(readiness.status()).isEqualTo(Status.WARN);
    assertThat(readiness.output()).isEqualTo("degraded: cache");
    assertThat(readiness.check("cache").status()).isEqualTo(Status.WARN);
    assertThat(readiness.check("cache").output()).isEqualTo("not yet checked");
    assertThat(vitals.lifecycle()).isEqualTo(Lifecycle.READY);
  }

  @Test
  void failingNonCriticalCheckOnlyMakesItsProbeWarn() {
    vitals = engine()
        .check(HealthCheck.builder("cache", new FakeCheck().failing("redis down")).critical(false))
        .check("db", new FakeCheck())
        .build();
    vitals.markStarted();

    HealthReport report = vitals.report(Probe.READINESS);

    assertThat(report.status()).isEqualTo(Status.WARN);
    assertThat(report.status().httpStatus()).isEqualTo(200);
    assertThat(report.output()).isEqualTo("degraded: cache");
    assertThat(report.check("cache").status()).isEqualTo(Status.WARN);
    assertThat(report.check("cache").output()).isEqualTo("redis down");
    assertThat(vitals.status(Probe.READINESS)).isEqualTo(Status.WARN);
    assertThat(vitals.lifecycle()).isEqualTo(Lifecycle.READY);
  }

  @Test
  void failuresAreListedBeforeDegradations() {
    vitals = engine()
        .check(HealthCheck.builder("cache", new FakeCheck().failing("down")).critical(false))
        .check(HealthCheck.builder("db", new FakeCheck().failing("down")))
        .check(HealthCheck.builder("queue", new FakeCheck().failing("down")))
        .build();
    vitals.markStarted();

    assertThat(vitals.report(Probe.READINESS).output()).isEqualTo("failing: db, queue");
  }

  @Test
  void warningResultWarnsItsProbe() {
    vitals = engine().check("replica", () -> Result.warn("replica lag 12 s")).build();
    vitals.markStarted();

    HealthReport report = vitals.report(Probe.READINESS);

    assertThat(report.status()).isEqualTo(Status.WARN);
    assertThat(report.check("replica").output()).isEqualTo("replica lag 12 s");
  }

  @Test
  void neverCompletedCheckFailsReadinessAndStartupButOnlyWarnsLiveness() throws Exception {
    CountDownLatch started = new CountDownLatch(3);
    Check hung = () -> {
      started.countDown();
      release.await();
      return Result.pass();
    };
    vitals = Vitals.builder().ticker(clock).scheduler(clock).shutdownHook(false)
        .check(HealthCheck.builder("db", hung).interval(INTERVAL))
        .check(HealthCheck.builder("migrations", hung).startup().interval(INTERVAL))
        .check(HealthCheck.builder("heap", hung).liveness().interval(INTERVAL))
        .build();
    vitals.markStarted();
    assertThat(started.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

    HealthReport startup = vitals.report(Probe.STARTUP);
    assertThat(startup.status()).isEqualTo(Status.FAIL);
    assertThat(startup.check("migrations").output()).isEqualTo("not yet checked");
    assertThat(startup.check("migrations").time()).isNull();
    HealthReport liveness = vitals.report(Probe.LIVENESS);
    assertThat(liveness.status()).isEqualTo(Status.WARN);
    assertThat(liveness.check("heap").status()).isEqualTo(Status.WARN);
    assertThat(liveness.check("heap").output()).isEqualTo("not yet checked");
    assertThat(vitals.status(Probe.READINESS)).isEqualTo(Status.FAIL);
    assertThat(vitals.lifecycle()).isEqualTo(Lifecycle.STARTING);
  }

  @Test
  void staleVerdictReadsAsFail() {
    FakeCheck db = new FakeCheck();
    // A scheduler that drops the background ticks: the verdict only ages.
    Scheduler silent = (task, delay) -> () -> {};
    vitals = Vitals.builder().ticker(clock).scheduler(silent).shutdownHook(false)
        .executor(Runnable::run)
        .check(HealthCheck.builder("db", db).interval(INTERVAL))
        .build();
    vitals.markStarted();

    clock.advance(Duration.ofSeconds(30));
    assertThat(vitals.status(Probe.READINESS)).isEqualTo(Status.PASS);

    clock.advance(Duration.ofMillis(1500));

    HealthReport report = vitals.report(Probe.READINESS);
    assertThat(report.status()).isEqualTo(Status.FAIL);
    assertThat(report.check("db").status()).isEqualTo(Status.FAIL);
    assertThat(report.check("db").output()).isEqualTo("stale: last checked 31 s ago");
    assertThat(report.check("db").time()).isEqualTo(FakeClock.START);
    assertThat(vitals.status(Probe.READINESS)).isEqualTo(Status.FAIL);
    assertThat(vitals.lifecycle()).isEqualTo(Lifecycle.NOT_READY);
    assertThat(db.calls()).isEqualTo(1);
  }

  @Test
  void staleVerdictHonoursAnExplicitStaleAge() {
    Scheduler silent = (task, delay) -> () -> {};
    vitals = Vitals.builder().ticker(clock).scheduler(silent).shutdownHook(false)
        .executor(Runnable::run)
        .check(HealthCheck.builder("db", new FakeCheck()).interval(INTERVAL)
            .staleAfter(Duration.ofSeconds(12)))
        .build();
    vitals.markStarted();

    clock.advance(Duration.ofSeconds(12));
    assertThat(vitals.status(Probe.READINESS)).isEqualTo(Status.PASS);
    clock.advance(Duration.ofNanos(1));
    assertThat(vitals.report(Probe.READINESS).check("db").output())
        .isEqualTo("stale: last checked 12 s ago");
  }

  @Test
  void staleNonCriticalCheckOnlyMakesItsProbeWarn() {
    Scheduler silent = (task, delay) -> () -> {};
    vitals = Vitals.builder().ticker(clock).scheduler(silent).shutdownHook(false)
        .executor(Runnable::run)
        .check(HealthCheck.builder("cache", new FakeCheck()).critical(false).interval(INTERVAL))
        .build();
    vitals.markStarted();

    clock.advance(Duration.ofSeconds(45));

    HealthReport report = vitals.report(Probe.READINESS);
    assertThat(report.status()).isEqualTo(Status.WARN);
    assertThat(report.check("cache").status()).isEqualTo(Status.WARN);
    assertThat(report.check("cache").output()).isEqualTo("stale: last checked 45 s ago");
    assertThat(vitals.status(Probe.READINESS)).isEqualTo(Status.WARN);
  }

  @Test
  void regularBackgroundRunsKeepTheVerdictFresh() {
    vitals = engine().check(HealthCheck.builder("db", new FakeCheck()).interval(INTERVAL)).build();
    vitals.markStarted();

    for (int i = 0; i < 30; i++) {
      clock.advance(Duration.ofSeconds(7));
      assertThat(vitals.status(Probe.READINESS)).isEqualTo(Status.PASS);
    }
  }

  @Test
  void detailsListEveryCheckEachReadByItsStrictestProbe() {
    vitals = engine()
        .check(HealthCheck.builder("heap", new FakeCheck()).liveness())
        .check(HealthCheck.builder("db", new FakeCheck().failing("refused")))
        .check(HealthCheck.builder("cache", new FakeCheck().failing("down")).critical(false))
        .check(HealthCheck.builder("migrations", new FakeCheck()).startup())
        .check(HealthCheck.builder("config", new FakeCheck()).onDemand(Duration.ofSeconds(5)))
        .build();
    vitals.markStarted();

    HealthReport details = vitals.details();

    assertThat(details.checks()).extracting(HealthReport.Entry::name)
        .containsExactly("heap", "db", "cache", "migrations", "config");
    assertThat(details.check("db").status()).isEqualTo(Status.FAIL);
    assertThat(details.check("cache").status()).isEqualTo(Status.WARN);
    assertThat(details.check("config").status()).isEqualTo(Status.PASS);
    assertThat(details.status()).isEqualTo(Status.FAIL);
    assertThat(details.output()).isEqualTo("failing: db");
  }

  @Test
  void detailsFailWhileStartingEvenIfEveryCheckPasses() {
    vitals = engine().check("db", new FakeCheck()).build();

    HealthReport details = vitals.details();

    assertThat(details.status()).isEqualTo(Status.FAIL);
    assertThat(details.output()).isEqualTo("starting");
    assertThat(details.check("db").status()).isEqualTo(Status.PASS);
  }

  @Test
  void startupOnlyCheckStopsCountingInDetailsOnceStarted() {
    FakeCheck migrations = new FakeCheck();
    vitals = engine()
        .check(HealthCheck.builder("migrations", migrations).startup().interval(INTERVAL))
        .check("db", new FakeCheck())
        .build();
    vitals.markStarted();
    migrations.failing("schema drift");

    clock.advance(INTERVAL);

    HealthReport details = vitals.details();
    assertThat(details.check("migrations").status()).isEqualTo(Status.FAIL);
    assertThat(details.status()).isEqualTo(Status.PASS);
  }

  @Test
  void statusAndReportAgreeForEveryProbeInEveryState() {
    FakeCheck db = new FakeCheck();
    FakeCheck cache = new FakeCheck();
    FakeCheck heap = new FakeCheck();
    FakeCheck migrations = new FakeCheck().failing("pending");
    vitals = engine()
        .check(HealthCheck.builder("db", db).interval(INTERVAL))
        .check(HealthCheck.builder("cache", cache).critical(false).interval(INTERVAL))
        .check(HealthCheck.builder("heap", heap).liveness().interval(INTERVAL))
        .check(HealthCheck.builder("migrations", migrations).startup().interval(INTERVAL))
        .check(HealthCheck.builder("config", new FakeCheck()).onDemand(Duration.ofSeconds(5)))
        .build();

    assertAgree(); // starting, startup check failing
    vitals.markStarted();
    assertAgree(); // started, startup check failing
    migrations.passing();
    clock.advance(INTERVAL);
    assertAgree(); // ready
    cache.failing("down");
    clock.advance(INTERVAL);
    assertAgree(); // degraded
    db.failing("down");
    heap.returning(Result.warn("heap 85% after GC"));
    clock.advance(INTERVAL);
    assertAgree(); // not ready
    vitals.beginShutdown();
    assertAgree(); // draining
    vitals.markBroken("deadlock");
    assertAgree(); // broken
  }

  private void assertAgree() {
    for (Probe probe : Probe.values()) {
      assertThat(vitals.status(probe))
          .as("%s", probe)
          .isEqualTo(vitals.report(probe).status());
    }
  }
}
