package dev.vitals.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vitals.HealthCheck;
import dev.vitals.HealthListener;
import dev.vitals.HealthMetrics;
import dev.vitals.Probe;
import dev.vitals.Result;
import dev.vitals.Vitals;
import dev.vitals.testing.FakeClock;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every meter's value against a SimpleMeterRegistry, on the engine's fake clock. */
class VitalsMetricsTest {
  private static final Tags DB = Tags.of("check", "db", "probes", "readiness", "critical", "true");

  private final FakeClock clock = new FakeClock();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  /** Hears each execution after the binder's timer feed has (listeners run in order). */
  private final Heard heard = new Heard();
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

  private void bind() {
    new VitalsMetrics(vitals).bindTo(registry);
    vitals.addListener(heard);
  }

  @Test
  void aPassingCheckReadsPassWithItsTagsAgeAndTimeout() {
    vitals = engine().executor(Runnable::run)
        .check(HealthCheck.builder("db", Result::pass)
            .interval(Duration.ofSeconds(5)).timeout(Duration.ofMillis(800)))
        .build();
    bind();
    clock.advance(Duration.ofMillis(1500)); // the next run is 4.5 to 5 s after the first

    assertThat(statusGauges("db")).containsExactlyInAnyOrderEntriesOf(
        Map.of("pass", 1.0, "warn", 0.0, "fail", 0.0));
    Gauge age = registry.get("vitals.check.verdict.age").tags(DB).gauge();
    assertThat(age.value()).isEqualTo(1.5);
    assertThat(age.getId().getBaseUnit()).isEqualTo("seconds");
    Gauge timeout = registry.get("vitals.check.timeout").tags(DB).gauge();
    assertThat(timeout.value()).isEqualTo(0.8);
    assertThat(timeout.getId().getBaseUnit()).isEqualTo("seconds");
    assertThat(counter("vitals.check.timeouts", DB)).isZero();
    assertThat(counter("vitals.check.stale.readings", DB)).isZero();
    assertThat(counter("vitals.check.transitions", DB)).isZero();
    assertThat(ours()).allSatisfy(m -> assertThat(m.getId().getDescription()).isNotBlank());
  }

  @Test
  void probeAndLifecycleGaugesFollowTheEngine() {
    AtomicReference<Result> db = new AtomicReference<>(Result.pass());
    vitals = engine().executor(Runnable::run)
        .check(HealthCheck.builder("db", db::get).interval(Duration.ofSeconds(5)))
        .build();
    bind();

    assertThat(lifecycle()).isEqualTo("starting");
    assertThat(probe("readiness")).isEqualTo("fail"); // starting
    assertThat(probe("liveness")).isEqualTo("pass");
    assertThat(probe("startup")).isEqualTo("fail");

    vitals.markStarted();
    assertThat(lifecycle()).isEqualTo("ready");
    assertThat(probe("readiness")).isEqualTo("pass");
    assertThat(probe("startup")).isEqualTo("pass");

    db.set(Result.fail("refused"));
    clock.advance(Duration.ofSeconds(5));
    assertThat(lifecycle()).isEqualTo("not_ready");
    assertThat(probe("readiness")).isEqualTo("fail");
    assertThat(probe("liveness")).isEqualTo("pass");

    vitals.markBroken("heap exhausted");
    assertThat(lifecycle()).isEqualTo("broken");
    assertThat(probe("liveness")).isEqualTo("fail");
    assertThat(registry.get("vitals.lifecycle.state").gauges()).hasSize(6);
    assertThat(registry.get("vitals.probe.status").gauges()).hasSize(9);
  }

  @Test
  void aFailureAndATransitionFlipTheStatusGauges() {
    AtomicReference<Result> cache = new AtomicReference<>(Result.pass());
    vitals = engine().executor(Runnable::run)
        .check(HealthCheck.builder("cache", cache::get).interval(Duration.ofSeconds(5))
            .critical(false).probes(Probe.STARTUP, Probe.READINESS, Probe.LIVENESS))
        .build();
    vitals.markStarted();
    bind();
    Tags tags = Tags.of("check", "cache", "probes", "liveness,readiness,startup",
        "critical", "false");
    assertThat(registry.get("vitals.check.status").tags(tags).gauges()).hasSize(3);

    cache.set(Result.fail("refused"));
    clock.advance(Duration.ofSeconds(5));
    assertThat(statusGauges("cache")).containsExactlyInAnyOrderEntriesOf(
        Map.of("pass", 0.0, "warn", 0.0, "fail", 1.0));
    assertThat(counter("vitals.check.transitions", tags)).isEqualTo(1);
    assertThat(probe("readiness")).isEqualTo("warn"); // non-critical: the probe only warns
    assertThat(probe("liveness")).isEqualTo("warn");

    cache.set(Result.warn("slow"));
    clock.advance(Duration.ofSeconds(5));
    assertThat(statusGauges("cache")).containsExactlyInAnyOrderEntriesOf(
        Map.of("pass", 0.0, "warn", 1.0, "fail", 0.0));
    assertThat(counter("vitals.check.transitions", tags)).isEqualTo(2);
  }

  @Test
  void aTimeoutIsCountedAndTimedAtItsDeadlineThenReadStale() throws InterruptedException {
    vitals = engine().executor(queuedForever())
        .check(HealthCheck.builder("db", Result::pass)
            .interval(Duration.ofSeconds(1)).timeout(Duration.ofMillis(800))
            .staleAfter(Duration.ofSeconds(2)))
        .build();
    vitals.markStarted();
    bind(); // before the deadline: the timed-out execution reaches the timer
    clock.advance(Duration.ofMillis(800));
    heard.await(1);

    Timer timer = registry.get("vitals.check.duration").tags(DB).timer();
    assertThat(timer.count()).isEqualTo(1);
    assertThat(timer.totalTime(TimeUnit.SECONDS)).isCloseTo(0.8, within(1e-9));
    assertThat(counter("vitals.check.timeouts", DB)).isEqualTo(1);
    assertThat(statusGauges("db")).containsEntry("fail", 1.0).containsEntry("pass", 0.0);
    assertThat(counter("vitals.check.transitions", DB)).isZero(); // the first verdict

    clock.advance(Duration.ofMillis(2100)); // the timeout's verdict is 2.1 s old: stale
    assertThat(registry.get("vitals.check.verdict.age").tags(DB).gauge().value())
        .isCloseTo(2.1, within(1e-9));
    assertThat(counter("vitals.check.stale.readings", DB)).isZero(); // nobody was answered
    vitals.status(Probe.READINESS);
    vitals.status(Probe.READINESS);
    assertThat(counter("vitals.check.stale.readings", DB)).isEqualTo(2);
  }

  @Test
  void executionsAfterBindingAreTimedInTheEnginesBuckets() throws InterruptedException {
    List<Duration> took = new ArrayList<>(List.of(Duration.ofMillis(3), Duration.ofMillis(40),
        Duration.ofMillis(700)));
    Heard beforeBinding = new Heard();
    vitals = engine().executor(Runnable::run)
        .listener(beforeBinding)
        .check(HealthCheck.builder("db", () -> {
          clock.advance(took.remove(0));
          return Result.pass();
        }).interval(Duration.ofSeconds(5)))
        .build();
    beforeBinding.await(1); // the first run (3 ms) is delivered before the binder listens
    bind();
    clock.advance(Duration.ofSeconds(5));
    clock.advance(Duration.ofSeconds(5));
    heard.await(2);

    Timer timer = registry.get("vitals.check.duration").tags(DB).timer();
    assertThat(timer.count()).isEqualTo(2); // 40 ms and 700 ms, not the 3 ms before bindTo
    assertThat(timer.totalTime(TimeUnit.SECONDS)).isCloseTo(0.74, within(1e-9));
    assertThat(timer.max(TimeUnit.SECONDS)).isCloseTo(0.7, within(1e-9));
    assertThat(vitals.metrics().checks().get(0).durations().count()).isEqualTo(3);

    HistogramSnapshot snapshot = timer.takeSnapshot();
    List<Double> bounds = new ArrayList<>();
    Map<Double, Double> counts = new java.util.HashMap<>();
    for (CountAtBucket bucket : snapshot.histogramCounts()) {
      bounds.add(bucket.bucket(TimeUnit.SECONDS));
      counts.put(bucket.bucket(TimeUnit.SECONDS), bucket.count());
    }
    assertThat(bounds).isEqualTo(HealthMetrics.durationBuckets());
    assertThat(counts.get(0.025)).isZero();
    assertThat(counts.get(0.05)).isEqualTo(1); // 40 ms
    assertThat(counts.get(0.5)).isEqualTo(1);
    assertThat(counts.get(1.0)).isEqualTo(2); // + 700 ms
    assertThat(counts.get(10.0)).isEqualTo(2);
  }

  @Test
  void aPendingCheckHasEveryStatusAtZeroAndNoAge() {
    vitals = engine().executor(queuedForever())
        .check(HealthCheck.builder("db", Result::pass).interval(Duration.ofSeconds(5)))
        .build();
    bind();

    assertThat(statusGauges("db")).containsExactlyInAnyOrderEntriesOf(
        Map.of("pass", 0.0, "warn", 0.0, "fail", 0.0));
    assertThat(registry.get("vitals.check.verdict.age").tags(DB).gauge().value()).isNaN();
    assertThat(registry.get("vitals.check.duration").tags(DB).timer().count()).isZero();
    assertThat(probe("liveness")).isEqualTo("pass");
  }

  @Test
  void bindingTheSameRegistryTwiceTimesEachExecutionOnce() throws InterruptedException {
    vitals = engine().executor(Runnable::run)
        .check(HealthCheck.builder("db", Result::pass).interval(Duration.ofSeconds(5)))
        .build();
    VitalsMetrics binder = new VitalsMetrics(vitals);
    binder.bindTo(registry);
    int meters = ours().size();
    binder.bindTo(registry);
    vitals.addListener(heard);
    SimpleMeterRegistry other = new SimpleMeterRegistry();
    binder.bindTo(other);
    Heard heardByBoth = new Heard();
    vitals.addListener(heardByBoth);
    clock.advance(Duration.ofSeconds(5));
    heardByBoth.await(1);

    // Per check: 3 status gauges, age, timeout, 3 counters, the timer; 9 probe, 6 lifecycle.
    assertThat(meters).isEqualTo(9 + 9 + 6);
    assertThat(ours()).hasSize(meters);
    assertThat(registry.get("vitals.check.duration").tags(DB).timer().count()).isEqualTo(1);
    assertThat(other.get("vitals.check.duration").tags(DB).timer().count()).isEqualTo(1);
  }

  @Test
  void theMetersKeepTheEnginesFiguresWhenNothingElseDoes() throws InterruptedException {
    bindAnEngineAndForgetIt();
    for (int i = 0; i < 5; i++) {
      System.gc(); // a weakly held gauge object would go here, and its gauge read NaN
      Thread.sleep(20);
    }

    assertThat(lifecycle()).isEqualTo("stopped");
    assertThat(statusGauges("db")).containsEntry("pass", 1.0);
    assertThat(registry.get("vitals.check.timeout").tags(DB).gauge().value()).isEqualTo(1.0);
    assertThat(registry.get("vitals.check.timeouts").tags(DB).functionCounter().count()).isZero();
  }

  private void bindAnEngineAndForgetIt() {
    Vitals engine = engine().executor(Runnable::run)
        .check(HealthCheck.builder("db", Result::pass).interval(Duration.ofSeconds(5)))
        .build();
    new VitalsMetrics(engine).bindTo(registry);
    engine.close();
  }

  @Test
  void readingEveryMeterOfAHundredChecksAllocatesNothing() {
    Vitals.Builder builder = engine().executor(Runnable::run);
    for (int i = 0; i < 100; i++) {
      builder.check(HealthCheck.builder("check-" + i, Result::pass)
          .interval(Duration.ofSeconds(5)));
    }
    vitals = builder.build();
    vitals.markStarted();
    bind();
    List<Gauge> gauges = new ArrayList<>();
    List<FunctionCounter> counters = new ArrayList<>();
    for (Meter meter : ours()) {
      if (meter instanceof Gauge gauge) {
        gauges.add(gauge);
      } else if (meter instanceof FunctionCounter counter) {
        counters.add(counter);
      }
    }
    assertThat(gauges).hasSize(100 * 5 + 9 + 6);
    assertThat(counters).hasSize(100 * 3);

    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    double sum = 0;
    for (int warm = 0; warm < 2_000; warm++) {
      sum += readAll(gauges, counters);
    }
    long before = threads.getCurrentThreadAllocatedBytes();
    for (int scrape = 0; scrape < 100; scrape++) {
      sum += readAll(gauges, counters);
    }
    long perScrape = (threads.getCurrentThreadAllocatedBytes() - before) / 100;

    assertThat(sum).isPositive();
    assertThat(perScrape).as("bytes allocated per read of all %d meters", gauges.size()
        + counters.size()).isLessThan(256);
  }

  private static double readAll(List<Gauge> gauges, List<FunctionCounter> counters) {
    double sum = 0;
    for (Gauge gauge : gauges) {
      sum += gauge.value();
    }
    for (FunctionCounter counter : counters) {
      sum += counter.count();
    }
    return sum;
  }

  /**
   * The binder's meters, without the gauges that SimpleMeterRegistry adds of its own for each
   * bucket of a timer ({@code vitals.check.duration.histogram}, tag {@code le}).
   */
  private List<Meter> ours() {
    return registry.getMeters().stream()
        .filter(m -> !m.getId().getName().endsWith(".histogram"))
        .toList();
  }

  /** The check's status gauges by their status tag. */
  private Map<String, Double> statusGauges(String check) {
    return registry.get("vitals.check.status").tag("check", check).gauges().stream()
        .collect(Collectors.toMap(g -> g.getId().getTag("status"), Gauge::value));
  }

  /** The one status at 1 of {@code probe}, checking the other two read 0. */
  private String probe(String probe) {
    return theOneAtOne(registry.get("vitals.probe.status").tag("probe", probe).gauges(), "status");
  }

  private String lifecycle() {
    return theOneAtOne(registry.get("vitals.lifecycle.state").gauges(), "state");
  }

  private static String theOneAtOne(java.util.Collection<Gauge> gauges, String tag) {
    List<String> one = new ArrayList<>();
    for (Gauge gauge : gauges) {
      assertThat(gauge.value()).isIn(0.0, 1.0);
      if (gauge.value() == 1.0) {
        one.add(gauge.getId().getTag(tag));
      }
    }
    assertThat(one).hasSize(1);
    return one.get(0);
  }

  private double counter(String name, Iterable<Tag> tags) {
    return registry.get(name).tags(tags).functionCounter().count();
  }

  private static Executor queuedForever() {
    return task -> {};
  }

  /** Counts executions as the events thread delivers them. */
  static final class Heard implements HealthListener {
    private final Semaphore executions = new Semaphore(0);

    @Override
    public void onExecution(Execution execution) {
      executions.release();
    }

    void await(int count) throws InterruptedException {
      assertThat(executions.tryAcquire(count, 10, TimeUnit.SECONDS))
          .as("%d executions delivered", count).isTrue();
    }
  }
}
