package dev.vitals.checks;

import dev.vitals.Check;
import dev.vitals.HealthCheck;
import dev.vitals.Result;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * Checks how saturated an application's {@link ThreadPoolExecutor} is: busy threads and queue
 * fill against what the pool can hold before it rejects work.
 *
 * <pre>{@code
 * ThreadPoolExecutor workers = new ThreadPoolExecutor(8, 32, 60, SECONDS, new ArrayBlockingQueue<>(500));
 * Vitals.builder()
 *     .check(ThreadPoolCheck.of("workers", workers))                    // warn 80%, fail 100%
 *     .check(ThreadPoolCheck.create(io).warnAbove(60).failAbove(90).healthCheck("io-pool"))
 *     .build();
 * }</pre>
 *
 * <p>Utilisation is {@code (active threads + queued tasks) / (maximum threads + queue
 * capacity)}: 100% means the next {@code execute} is rejected (a {@code SynchronousQueue} has
 * capacity 0, so only threads count). With an unbounded queue nothing is ever rejected; there
 * the utilisation is busy threads over the core pool size (the pool never grows past it), 100%
 * meaning every new task waits in the queue, and the queue length is shown in the output:
 * bound the wait itself with {@link ExecutorLagCheck}. A pool that is shut down fails.
 *
 * <p>The observed value is the utilisation in percent, one decimal, measurement {@code
 * utilization}; at or above {@link #warnAbove(double) warnAbove} (default {@value
 * #DEFAULT_WARN_PERCENT}) it warns, at or above {@link #failAbove(double) failAbove} (default
 * {@value #DEFAULT_FAIL_PERCENT}) it fails. The executor's counters are approximate snapshots
 * taken without stopping the pool; the check never submits work. Default probe readiness
 * (a saturated pool should shed traffic, not be restarted), componentType {@code system}.
 */
public final class ThreadPoolCheck implements Check {
  /** The utilisation from which the check warns, unless configured. */
  public static final int DEFAULT_WARN_PERCENT = 80;
  /** The utilisation from which the check fails, unless configured. */
  public static final int DEFAULT_FAIL_PERCENT = 100;

  private final ThreadPoolExecutor executor;
  private final double warnPercent;
  private final double failPercent;

  private ThreadPoolCheck(ThreadPoolExecutor executor, double warnPercent, double failPercent) {
    this.executor = executor;
    this.warnPercent = warnPercent;
    this.failPercent = failPercent;
  }

  /** A registration named {@code name} of {@code executor} with the default thresholds. */
  public static HealthCheck.Builder of(String name, ThreadPoolExecutor executor) {
    return create(executor).healthCheck(name);
  }

  /** The bare check with the default thresholds. */
  public static ThreadPoolCheck create(ThreadPoolExecutor executor) {
    Objects.requireNonNull(executor, "executor");
    return new ThreadPoolCheck(executor, DEFAULT_WARN_PERCENT, DEFAULT_FAIL_PERCENT);
  }

  /** This check warning from {@code percent} utilisation (above 0, at most 100). */
  public ThreadPoolCheck warnAbove(double percent) {
    return new ThreadPoolCheck(executor, percent("warn", percent), failPercent);
  }

  /** This check failing from {@code percent} utilisation (above 0, at most 100). */
  public ThreadPoolCheck failAbove(double percent) {
    return new ThreadPoolCheck(executor, warnPercent, percent("fail", percent));
  }

  /**
   * A registration of this check with measurement {@code utilization} and componentType {@code
   * system}.
   *
   * @throws IllegalArgumentException if warn is above fail
   */
  public HealthCheck.Builder healthCheck(String name) {
    if (warnPercent > failPercent) {
      throw new IllegalArgumentException("warn (" + DiskSpaceCheck.percent(warnPercent)
          + ") must not be above fail (" + DiskSpaceCheck.percent(failPercent) + ")");
    }
    return HealthCheck.builder(name, this).measurement("utilization").componentType("system");
  }

  @Override
  public Result check() {
    if (executor.isShutdown()) {
      return Result.fail("executor is shut down");
    }
    int active = executor.getActiveCount();
    BlockingQueue<Runnable> queue = executor.getQueue();
    int queued = queue.size();
    long capacity = (long) queued + queue.remainingCapacity();
    boolean unbounded = capacity >= Integer.MAX_VALUE;
    String state;
    double percent;
    if (unbounded) {
      int threads = Math.max(1, executor.getCorePoolSize());
      percent = ratio(active, threads);
      state = active + "/" + threads + " threads busy, " + queued + " queued (unbounded queue)";
    } else {
      int threads = executor.getMaximumPoolSize();
      percent = ratio((long) active + queued, threads + capacity);
      state = active + "/" + threads + " threads busy, " + queued + "/" + capacity + " queued";
    }
    String shown = DiskSpaceCheck.percent(percent) + " utilised: " + state;
    if (percent >= failPercent) {
      return Result.fail(shown + " (fail at " + DiskSpaceCheck.percent(failPercent) + ")")
          .observed(percent, "percent");
    }
    if (percent >= warnPercent) {
      return Result.warn(shown + " (warn at " + DiskSpaceCheck.percent(warnPercent) + ")")
          .observed(percent, "percent");
    }
    return Result.pass().observed(percent, "percent");
  }

  @Override
  public String toString() {
    return "ThreadPoolCheck{warn at " + DiskSpaceCheck.percent(warnPercent) + ", fail at "
        + DiskSpaceCheck.percent(failPercent) + "}";
  }

  private static double ratio(long used, long of) {
    // Rounded down: 99.96% is not yet the 100% at which work is rejected.
    return of <= 0 ? 0 : Math.min(100.0, Math.floor(used * 1000.0 / of) / 10.0);
  }

  private static double percent(String level, double percent) {
    if (!(percent > 0 && percent <= 100)) {
      throw new IllegalArgumentException(
          level + " must be a percentage above 0 and at most 100: " + percent);
    }
    return percent;
  }
}
