package dev.vitals;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.testing.FakeClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The figures exporters read: counted where the engine decides, never by running a check. */
class HealthMetricsTest {
  private final FakeClock clock = new FakeClock();
  private Vitals vitals;

  @AfterEach
  void close() {
    if (vitals != null) {
      vitals.close();
    }
  }

  private Vitals.Builder engine() {
    return Vitals.builder().ticker(clock).scheduler(clock).shutdownHook(false);
  }

  private static CheckMetrics of(Vitals vitals, String name) {
    return vitals.metrics().checks().stream()
        .filter(c -> c.check().name().equals(name))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void durationsFallInCumulativeBucketsWithCountAndSum() {
    List<Duration> took = new ArrayList<>(List.of(Duration.ofMillis(3), Duration.ofMillis(40),
        Duration.ofMillis(700)));
    vitals = engine().executor(Runnable::run)
        .check(HealthCheck.builder("db", () -> {
          clock.advance(took.remove(0));
          return Result.pass();
        }).interval(Duration.ofSeconds(5)).timeout(Duration.ofSeconds(1)))
        .build();
    clock.advance(Duration.ofSeconds(5));
    clock.advance(Duration.ofSeconds(5));

    CheckMetrics.DurationHistogram h = of(vitals, "db").durations();
    assertThat(h.count()).isEqualTo(3);
    assertThat(h.sumSeconds()).isCloseTo(0.743, org.assertj.core.data.Offset.offset(1e-9));
    List<Double> bounds = HealthMetrics.durationBuckets();
    long[] cumulative = h.cumulative();
    assertThat(cumulative).hasSize(bounds.size());
    assertThat(cumulative[bounds.indexOf(0.001)]).isZero();
    assertThat(cumulative[bounds.indexOf(0.005)]).isEqualTo(1); // 3 ms
    assertThat(cumulative[bounds.indexOf(0.05)]).isEqualTo(2); // + 40 ms
    assertThat(cumulative[bounds.indexOf(0.5)]).isEqualTo(2);
    assertThat(cumulative[bounds.indexOf(1.0)]).isEqualTo(3); // + 700 ms
    assertThat(cumulative[bounds.size() - 1]).isEqualTo(3);
  }

  @Test
  void aTimeoutIsCountedAndTimedAtItsDeadline() {
    List<Runnable> queued = new CopyOnWriteArrayList<>();
    Executor never = queued::add; // no thread ever takes it: it times out waiting
    vitals = engine().executor(never)
        .check(HealthCheck.builder("db", Result::pass)
            .interval(Duration.ofSeconds(5)).timeout(Duration.ofMillis(800)))
        .build();
    clock.advance(Duration.ofMillis(800));

    CheckMetrics db = of(vitals, "db");
    assertThat(db.timeouts()).isEqualTo(1);
    assertThat(db.durations().count()).isEqualTo(1);
    assertThat(db.durations().sumSeconds()).isCloseTo(0.8, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(db.status()).isEqualTo(Status.FAIL);
  }

  @Test
  void statusIsTheChecksOwnAndTransitionsCountChangesOnly() {
    FakeCheck cache = new FakeCheck();
    vitals = engine().executor(Runnable::run)
        .check(HealthCheck.builder("cache", cache).interval(Duration.ofSeconds(5)).critical(false))
        .build();
    CheckMetrics metrics = of(vitals, "cache");
    assertThat(metrics.status()).isEqualTo(Status.PASS);
    assertThat(metrics.transitions()).isZero(); // the first verdict is not a change

    cache.failing("refused");
    clock.advance(Duration.ofSeconds(5));
    clock.advance(Duration.ofSeconds(5)); // still failing: no new change
    cache.passing();
    clock.advance(Duration.ofSeconds(5));

    assertThat(metrics.transitions()).isEqualTo(2);
    cache.failing("refused");
    clock.advance(Duration.ofSeconds(5));
    // Non-critical: the probe warns, but the check's own status is fail.
    assertThat(metrics.status()).isEqualTo(Status.FAIL);
    vitals.markStarted();
    assertThat(vitals.metrics().probeStatus(Probe.READINESS)).isEqualTo(Status.WARN);
  }

  @Test
  void beforeTheFirstVerdictThereIsNoStatusAndNoAge() {
    vitals = engine().executor(queuedForever())
        .check(HealthCheck.builder("db", Result::pass).interval(Duration.ofSeconds(5)))
        .build();

    CheckMetrics db = of(vitals, "db");
    assertThat(db.status()).isNull();
    assertThat(db.verdictAgeSeconds()).isNaN();
    assertThat(db.durations().count()).isZero();
  }

  @Test
  void verdictAgeGrowsWithTheClock() {
    vitals = engine().executor(Runnable::run)
        .check(HealthCheck.builder("db", Result::pass).interval(Duration.ofSeconds(5)))
        .build();
    clock.advance(Duration.ofMillis(1500)); // the next run is 4.5 to 5 s after the first

    assertThat(of(vitals, "db").verdictAgeSeconds()).isEqualTo(1.5);
  }

  @Test
  void staleReadingsCountProbeAnswersNotMetricReads() {
    // Never run: the first execution times out in the queue and, its slot never released, holds
    // the check's single flight, so no verdict follows the timeout's and it goes stale.
    vitals = engine().executor(queuedForever())
        .check(HealthCheck.builder("db", Result::pass)
            .interval(Duration.ofSeconds(1)).timeout(Duration.ofMillis(500))
            .staleAfter(Duration.ofSeconds(2)))
        .build();
    vitals.markStarted();
    clock.advance(Duration.ofMillis(500));
    CheckMetrics db = of(vitals, "db");
    vitals.status(Probe.READINESS);
    assertThat(db.staleReadings()).isZero(); // timed out, not stale yet

    clock.advance(Duration.ofMillis(2100)); // the timeout's verdict is 2.1 s old: stale
    assertThat(vitals.metrics().probeStatus(Probe.READINESS)).isEqualTo(Status.FAIL);
    assertThat(db.status()).isEqualTo(Status.FAIL);
    assertThat(db.staleReadings()).isZero(); // metrics read, nobody was answered
    assertThat(vitals.status(Probe.READINESS)).isEqualTo(Status.FAIL);
    vitals.report(Probe.READINESS);
    assertThat(db.staleReadings()).isEqualTo(2);
    assertThat(db.timeouts()).isEqualTo(1);
  }

  @Test
  void probeStatusNeverRunsAnOnDemandCheck() {
    FakeCheck db = new FakeCheck();
    vitals = engine().executor(Runnable::run)
        .check(HealthCheck.builder("db", db).onDemand(Duration.ZERO))
        .build();
    vitals.markStarted();

    assertThat(vitals.metrics().probeStatus(Probe.READINESS)).isEqualTo(Status.FAIL); // pending
    assertThat(db.calls()).isZero();
    assertThat(vitals.status(Probe.READINESS)).isEqualTo(Status.PASS);
    assertThat(db.calls()).isEqualTo(1);
  }

  @Test
  void anOnDemandVerdictIsReadAsItStandsBetweenProbes() {
    FakeCheck db = new FakeCheck();
    vitals = engine().executor(Runnable::run)
        .check(HealthCheck.builder("db", db).onDemand(Duration.ofSeconds(1)))
        .build();
    vitals.markStarted();
    vitals.status(Probe.READINESS);
    clock.advance(Duration.ofMinutes(5)); // far past ttl + timeout: no probe came

    assertThat(of(vitals, "db").status()).isEqualTo(Status.PASS);
    assertThat(vitals.metrics().probeStatus(Probe.READINESS)).isEqualTo(Status.PASS);
    assertThat(of(vitals, "db").verdictAgeSeconds()).isEqualTo(300);
    assertThat(db.calls()).isEqualTo(1);
  }

  @Test
  void lifecycleAndGatesShowInProbeStatus() {
    vitals = engine().executor(Runnable::run)
        .check(HealthCheck.builder("db", Result::pass).interval(Duration.ofSeconds(5)))
        .build();
    HealthMetrics metrics = vitals.metrics();
    assertThat(metrics.lifecycle()).isEqualTo(Lifecycle.STARTING);
    assertThat(metrics.probeStatus(Probe.READINESS)).isEqualTo(Status.FAIL);
    assertThat(metrics.probeStatus(Probe.LIVENESS)).isEqualTo(Status.PASS);

    vitals.markStarted();
    assertThat(metrics.lifecycle()).isEqualTo(Lifecycle.READY);
    assertThat(metrics.probeStatus(Probe.READINESS)).isEqualTo(Status.PASS);
    assertThat(metrics.probeStatus(Probe.STARTUP)).isEqualTo(Status.PASS);
  }

  @Test
  void listenersHearEveryExecution() throws InterruptedException {
    List<HealthListener.Execution> heard = new CopyOnWriteArrayList<>();
    CountDownLatch three = new CountDownLatch(3);
    vitals = engine().executor(Runnable::run)
        .listener(new HealthListener() {
          @Override
          public void onExecution(Execution execution) {
            heard.add(execution);
            three.countDown();
          }
        })
        .check(HealthCheck.builder("db", () -> {
          clock.advance(Duration.ofMillis(20));
          return Result.pass();
        }).interval(Duration.ofSeconds(5)))
        .build();
    clock.advance(Duration.ofSeconds(5));
    clock.advance(Duration.ofSeconds(5));

    assertThat(three.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(heard).hasSize(3).allSatisfy(e -> {
      assertThat(e.check().name()).isEqualTo("db");
      assertThat(e.duration()).isEqualTo(Duration.ofMillis(20));
      assertThat(e.status()).isEqualTo(Status.PASS);
      assertThat(e.timedOut()).isFalse();
    });
  }

  private static Executor queuedForever() {
    return task -> {};
  }
}
