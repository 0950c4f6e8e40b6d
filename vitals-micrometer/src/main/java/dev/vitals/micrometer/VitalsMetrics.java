package dev.vitals.micrometer;

import dev.vitals.CheckMetrics;
import dev.vitals.HealthCheck;
import dev.vitals.HealthListener;
import dev.vitals.HealthMetrics;
import dev.vitals.Lifecycle;
import dev.vitals.MetricSeries;
import dev.vitals.Probe;
import dev.vitals.Status;
import dev.vitals.Vitals;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Publishes a {@link Vitals} engine's health through Micrometer: the series of {@code
 * docs/metrics.md} with the help texts of {@code /health/metrics}, which a Prometheus registry
 * writes under the same names and with the same values (plus Micrometer's own {@code
 * vitals_check_duration_seconds_max}). Bind one per engine, to the application's registry:
 *
 * <pre>{@code
 * new VitalsMetrics(vitals).bindTo(registry);
 * }</pre>
 *
 * <p>The Spring Boot starters register it as a bean when Micrometer and this module are on the
 * class path, so {@code /actuator/prometheus} shows it (switch off with {@code
 * vitals.metrics.enabled=false}).
 *
 * <p>Per check, tagged {@code check} (its name), {@code probes} (the probes it feeds,
 * comma-separated in the order {@code liveness,readiness,startup}) and {@code critical}:
 *
 * <ul>
 *   <li>{@code vitals.check.status}, tag {@code status} = {@code pass}, {@code warn}, {@code
 *       fail}: 1 for the check's own status now, 0 for the other two, all three 0 before its first
 *       verdict (a background check's stale verdict reads {@code fail}; an on-demand check's is
 *       read as it stands);
 *   <li>{@code vitals.check.verdict.age}: time since the current verdict was observed, NaN before
 *       the first; {@code vitals.check.timeout}: the check's deadline (both time gauges, in the
 *       registry's base time unit: seconds for Prometheus);
 *   <li>{@code vitals.check.timeouts}, {@code vitals.check.stale.readings}, {@code
 *       vitals.check.transitions}: function counters over the engine's own counters, which count
 *       from the engine's start;
 *   <li>{@code vitals.check.duration}: a timer of every execution, timed-out ones included (at
 *       their deadline), with the {@linkplain HealthMetrics#durationBuckets() engine's bucket
 *       bounds} as service level objectives, so a Prometheus registry writes the same {@code le}
 *       buckets as {@code /health/metrics}. It is fed by a {@link HealthListener} that {@link
 *       #bindTo} adds to the engine: executions that finished before {@code bindTo} are not in it
 *       (the counters above include them), and each execution reaches it a moment later, from the
 *       {@code vitals-events} thread.
 * </ul>
 *
 * <p>And per engine: {@code vitals.probe.status}, tags {@code probe} and {@code status}, 1 for
 * what each probe answers now from the verdicts held; {@code vitals.lifecycle.state}, tag {@code
 * state} = {@code starting}, {@code ready}, {@code not_ready}, {@code draining}, {@code stopped},
 * {@code broken}, 1 for the current state.
 *
 * <p>Reading a meter never runs a check and never waits: every value comes from the verdicts and
 * counters the engine holds, without allocating, so a scrape of 100 checks costs no more than
 * reading them. Tags common to the application (such as {@code application}) are the registry's
 * to add ({@code registry.config().commonTags(…)}, or Spring Boot's {@code
 * management.metrics.tags.*}). The meters hold the engine's figures strongly, so they live as
 * long as the registry keeps them, however the binder itself is kept.
 *
 * <p>The series name every check, so serve them only to those who may see health details.
 * Binding is thread-safe; binding the same registry again adds nothing.
 */
public final class VitalsMetrics implements MeterBinder {
  private static final Duration[] BUCKETS = buckets();

  private final Vitals vitals;
  private final Set<MeterRegistry> bound = Collections.newSetFromMap(new IdentityHashMap<>());

  /** A binder for {@code vitals}'s checks, probes and lifecycle; nothing is registered yet. */
  public VitalsMetrics(Vitals vitals) {
    this.vitals = Objects.requireNonNull(vitals, "vitals");
  }

  /**
   * Registers the meters in {@code registry} and starts timing executions into it. The set of
   * checks is the engine's, fixed when it was built.
   */
  @Override
  public void bindTo(MeterRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    synchronized (bound) {
      if (!bound.add(registry)) {
        return;
      }
    }
    HealthMetrics metrics = vitals.metrics();
    Map<String, Timer> timers = new HashMap<>();
    for (CheckMetrics check : metrics.checks()) {
      timers.put(check.check().name(), bindCheck(registry, check));
    }
    for (Probe probe : Probe.values()) {
      for (Status status : Status.values()) {
        Gauge.builder(MetricSeries.PROBE_STATUS.micrometerName(), metrics, m -> m.probeStatus(probe) == status ? 1 : 0)
            .tags("probe", probe.label(), "status", status.wireName())
            .description(MetricSeries.PROBE_STATUS.help())
            .strongReference(true)
            .register(registry);
      }
    }
    for (Lifecycle state : Lifecycle.values()) {
      Gauge.builder(MetricSeries.LIFECYCLE_STATE.micrometerName(), metrics, m -> m.lifecycle() == state ? 1 : 0)
          .tags("state", state.name().toLowerCase(Locale.ROOT))
          .description(MetricSeries.LIFECYCLE_STATE.help())
          .strongReference(true)
          .register(registry);
    }
    vitals.addListener(new TimerFeed(timers));
  }

  /** The meters of one check; returns its duration timer. */
  private static Timer bindCheck(MeterRegistry registry, CheckMetrics check) {
    HealthCheck registration = check.check();
    Tags tags = Tags.of(
        "check", registration.name(),
        "probes", MetricSeries.probesLabel(registration),
        "critical", String.valueOf(registration.critical()));
    // Micrometer holds a gauge's object weakly unless told otherwise; the status gauges hold the
    // CheckMetrics strongly, which keeps it reachable for the function counters too (their
    // builder has no such option).
    for (Status status : Status.values()) {
      Gauge.builder(MetricSeries.CHECK_STATUS.micrometerName(), check, c -> c.status() == status ? 1 : 0)
          .tags(tags)
          .tag("status", status.wireName())
          .description(MetricSeries.CHECK_STATUS.help())
          .strongReference(true)
          .register(registry);
    }
    TimeGauge.builder(MetricSeries.CHECK_VERDICT_AGE.micrometerName(), check, TimeUnit.SECONDS,
            CheckMetrics::verdictAgeSeconds)
        .tags(tags)
        .description(MetricSeries.CHECK_VERDICT_AGE.help())
        .strongReference(true)
        .register(registry);
    double timeoutSeconds = registration.timeout().toNanos() / 1e9;
    TimeGauge.builder(MetricSeries.CHECK_TIMEOUT.micrometerName(), check, TimeUnit.SECONDS, c -> timeoutSeconds)
        .tags(tags)
        .description(MetricSeries.CHECK_TIMEOUT.help())
        .strongReference(true)
        .register(registry);
    FunctionCounter.builder(MetricSeries.CHECK_TIMEOUTS.micrometerName(), check, CheckMetrics::timeouts)
        .tags(tags)
        .description(MetricSeries.CHECK_TIMEOUTS.help())
        .register(registry);
    FunctionCounter.builder(MetricSeries.CHECK_STALE_READINGS.micrometerName(), check, CheckMetrics::staleReadings)
        .tags(tags)
        .description(MetricSeries.CHECK_STALE_READINGS.help())
        .register(registry);
    FunctionCounter.builder(MetricSeries.CHECK_TRANSITIONS.micrometerName(), check, CheckMetrics::transitions)
        .tags(tags)
        .description(MetricSeries.CHECK_TRANSITIONS.help())
        .register(registry);
    return Timer.builder(MetricSeries.CHECK_DURATION.micrometerName())
        .tags(tags)
        .description(MetricSeries.CHECK_DURATION.help())
        .serviceLevelObjectives(BUCKETS)
        .register(registry);
  }

  private static Duration[] buckets() {
    List<Double> bounds = HealthMetrics.durationBuckets();
    Duration[] buckets = new Duration[bounds.size()];
    for (int i = 0; i < buckets.length; i++) {
      buckets[i] = Duration.ofNanos(Math.round(bounds.get(i) * 1e9));
    }
    return buckets;
  }

  /** Times every execution into one registry's timers, on the engine's events thread. */
  private static final class TimerFeed implements HealthListener {
    private final Map<String, Timer> timers;

    TimerFeed(Map<String, Timer> timers) {
      this.timers = Map.copyOf(timers);
    }

    @Override
    public void onExecution(Execution execution) {
      Timer timer = timers.get(execution.check().name());
      if (timer != null) {
        timer.record(execution.duration());
      }
    }
  }
}
