package dev.vitals;

import java.util.ArrayList;
import java.util.List;

/**
 * The engine's figures for metrics exporters ({@code docs/metrics.md}): the lifecycle state, what
 * each probe answers now, and each check's {@link CheckMetrics}. Nothing here runs a check or
 * waits: probe statuses come from the verdicts already held, as a background-only probe reads
 * them. Exporters call it on every scrape: {@link MetricsText}, which {@link HealthEndpoints}
 * serves at {@code /health/metrics}, and {@code vitals-micrometer}.
 *
 * <pre>{@code
 * HealthMetrics metrics = vitals.metrics();
 * for (CheckMetrics check : metrics.checks()) {
 *   System.out.println(check.check().name() + " " + check.status() + " " + check.timeouts());
 * }
 * }</pre>
 */
public final class HealthMetrics {
  /** Upper bounds of the duration buckets, in seconds (a last, {@code +Inf} bucket is implied). */
  static final double[] BUCKETS = {
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10
  };
  private static final List<Double> BUCKET_LIST = boxed();

  private final Vitals vitals;
  private final List<CheckMetrics> checks;

  HealthMetrics(Vitals vitals, List<CheckMetrics> checks) {
    this.vitals = vitals;
    this.checks = List.copyOf(checks);
  }

  /**
   * The upper bounds of the duration histogram's buckets, in seconds, ascending: 1 ms to 10 s
   * (the {@code +Inf} bucket is {@link CheckMetrics.DurationHistogram#count()}).
   */
  public static List<Double> durationBuckets() {
    return BUCKET_LIST;
  }

  /** Where the process is in its life now. */
  public Lifecycle lifecycle() {
    return vitals.lifecycle();
  }

  /**
   * What {@code probe} answers now from the verdicts held: the lifecycle gates and every check's
   * verdict, as {@link Vitals#status} judges them, but without running an on-demand check whose
   * verdict is older than its TTL (it is read as it stands, stale if too old).
   */
  public Status probeStatus(Probe probe) {
    return vitals.heldStatus(probe);
  }

  /** Every check's figures, in registration order. */
  public List<CheckMetrics> checks() {
    return checks;
  }

  private static List<Double> boxed() {
    List<Double> list = new ArrayList<>(BUCKETS.length);
    for (double bound : BUCKETS) {
      list.add(bound);
    }
    return List.copyOf(list);
  }
}
