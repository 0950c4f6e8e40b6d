package dev.vitals;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The live figures of one check, for metrics exporters: its status and the age of its verdict,
 * how long its executions took, and how often it timed out, was read stale and changed status
 * (the series of {@code docs/metrics.md}). Every read returns the value now; none runs the check
 * or waits for it. Get them from {@link HealthMetrics#checks()}.
 */
public final class CheckMetrics {
  private final CheckRunner runner;
  private final Ticker ticker;
  private final AtomicLong timeouts = new AtomicLong();
  private final AtomicLong staleReadings = new AtomicLong();
  private final AtomicLong transitions = new AtomicLong();
  // Guarded by this: the bucket counts, their total and sum change together, so a reader never
  // sees a +Inf bucket that disagrees with the count.
  private final long[] buckets = new long[HealthMetrics.BUCKETS.length];
  private long count;
  private double sumSeconds;

  CheckMetrics(CheckRunner runner, Ticker ticker) {
    this.runner = runner;
    this.ticker = ticker;
  }

  /** The registration these figures are about. */
  public HealthCheck check() {
    return runner.spec;
  }

  /**
   * The check's own status now: null before its first verdict, {@link Status#FAIL} when the
   * verdict is older than the check's {@code staleAfter}. A failing non-critical check reads
   * {@code FAIL} here (on the probes it only warns).
   */
  public Status status() {
    return runner.ownStatus(ticker.nanoTime());
  }

  /** Seconds since the current verdict was observed; {@code NaN} before the first. */
  public double verdictAgeSeconds() {
    return runner.verdictAgeNanos(ticker.nanoTime()) / 1e9;
  }

  /** Executions cut off at their deadline, while running or still waiting for a thread. */
  public long timeouts() {
    return timeouts.get();
  }

  /** Probe answers that read this check's verdict as stale (and so as failing). */
  public long staleReadings() {
    return staleReadings.get();
  }

  /** Changes of the verdict's status; the first verdict is not one. */
  public long transitions() {
    return transitions.get();
  }

  /** The durations of every execution so far, timed-out ones included. */
  public synchronized DurationHistogram durations() {
    return new DurationHistogram(buckets.clone(), count, sumSeconds);
  }

  /**
   * For {@link MetricsText}, without allocating: the cumulative bucket counts into {@code
   * into[0, n)}, the count into {@code into[n]}; returns the sum in seconds. One consistent copy.
   */
  synchronized double durationsInto(long[] into) {
    System.arraycopy(buckets, 0, into, 0, buckets.length);
    into[buckets.length] = count;
    return sumSeconds;
  }

  void executed(long durationNanos, boolean timedOut) {
    double seconds = durationNanos / 1e9;
    synchronized (this) {
      for (int i = HealthMetrics.BUCKETS.length - 1; i >= 0 && seconds <= HealthMetrics.BUCKETS[i]; i--) {
        buckets[i]++;
      }
      count++;
      sumSeconds += seconds;
    }
    if (timedOut) {
      timeouts.incrementAndGet();
    }
  }

  void readStale() {
    staleReadings.incrementAndGet();
  }

  void changed() {
    transitions.incrementAndGet();
  }

  /**
   * Execution durations as a cumulative histogram over {@link HealthMetrics#durationBuckets()}.
   *
   * @param cumulative for each bucket bound, the executions that took at most that long
   * @param count every execution (the {@code +Inf} bucket)
   * @param sumSeconds their durations added up
   */
  public record DurationHistogram(long[] cumulative, long count, double sumSeconds) {
    public DurationHistogram {
      cumulative = cumulative.clone();
    }

    /** A copy of the cumulative counts, one per bucket bound. */
    @Override
    public long[] cumulative() {
      return cumulative.clone();
    }
  }
}
