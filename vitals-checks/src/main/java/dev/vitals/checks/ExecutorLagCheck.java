package dev.vitals.checks;

import dev.vitals.Check;
import dev.vitals.HealthCheck;
import dev.vitals.Result;
import dev.vitals.spi.Deadline;
import dev.vitals.spi.Outputs;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A watchdog for an application's executor or event loop: submits a tiny task and fails when it
 * does not run within the allowed lag. A wedged event loop or a pool whose threads are all stuck
 * looks alive from outside; this is how the process notices.
 *
 * <pre>{@code
 * Vitals.builder()
 *     .check(ExecutorLagCheck.of("event-loop", nettyEventLoop, Duration.ofMillis(200)))  // liveness
 *     .check(ExecutorLagCheck.of("workers", workerPool, Duration.ofSeconds(2)).readiness())
 *     .build();
 * }</pre>
 *
 * <p>Each run hands the executor one task that only records when it ran, and waits at most
 * {@code maxLag} for it. The lag (from submit to start, in milliseconds) is the observed value,
 * measurement {@code lag}, unit {@code ms}. <b>At most one probe task is ever outstanding:</b>
 * while the last one has not run, a run submits nothing and fails at once when that task has
 * waited longer than {@code maxLag}, so a wedged executor never piles up probe tasks. A
 * rejected task fails the run, naming the rejection.
 *
 * <p>Defaults: liveness probe (a stuck executor does not recover on its own; see the design's
 * rule 7), componentType {@code system}, registration timeout {@code maxLag} + 500 ms so that
 * the check reports the lag before the engine's deadline. Register it on readiness instead when
 * a slow executor should shed traffic rather than restart the process.
 */
public final class ExecutorLagCheck implements Check {
  private static final Duration TIMEOUT_SLACK = Duration.ofMillis(500);

  private final Executor executor;
  private final Duration maxLag;
  private final AtomicReference<Probe> outstanding = new AtomicReference<>();

  private ExecutorLagCheck(Executor executor, Duration maxLag) {
    this.executor = executor;
    this.maxLag = maxLag;
  }

  /**
   * A liveness registration named {@code name} that fails when a task on {@code executor} does
   * not start within {@code maxLag}.
   */
  public static HealthCheck.Builder of(String name, Executor executor, Duration maxLag) {
    return create(executor, maxLag).healthCheck(name);
  }

  /** The bare check. */
  public static ExecutorLagCheck create(Executor executor, Duration maxLag) {
    Objects.requireNonNull(executor, "executor");
    Objects.requireNonNull(maxLag, "maxLag");
    if (maxLag.isNegative() || maxLag.isZero() || maxLag.compareTo(Duration.ofHours(1)) > 0) {
      throw new IllegalArgumentException("maxLag must be positive and at most an hour: " + maxLag);
    }
    return new ExecutorLagCheck(executor, maxLag);
  }

  /**
   * A liveness registration of this check with timeout {@code maxLag} + 500 ms, measurement
   * {@code lag} and componentType {@code system}.
   */
  public HealthCheck.Builder healthCheck(String name) {
    return HealthCheck.builder(name, this)
        .liveness()
        .timeout(maxLag.plus(TIMEOUT_SLACK))
        .measurement("lag")
        .componentType("system");
  }

  /** The longest a task may wait before it starts. */
  public Duration maxLag() {
    return maxLag;
  }

  @Override
  public Result check() throws InterruptedException {
    long maxNanos = maxLag.toNanos();
    Probe probe = outstanding.get();
    if (probe == null || probe.ran()) {
      Probe fresh = new Probe();
      if (!outstanding.compareAndSet(probe, fresh)) {
        return Result.fail("another run of this check is in flight");
      }
      try {
        fresh.submitted = System.nanoTime();
        executor.execute(fresh);
      } catch (RejectedExecutionException e) {
        outstanding.compareAndSet(fresh, null);
        return Result.fail("executor rejected the probe task: " + Outputs.describe(e));
      }
      probe = fresh;
    }
    long waited = System.nanoTime() - probe.submitted;
    if (!probe.ran() && waited < maxNanos) {
      long wait = Math.min(maxNanos - waited, Deadline.current().timeLeft().toNanos());
      probe.done.await(wait, TimeUnit.NANOSECONDS);
    }
    if (probe.ran()) {
      long lag = TimeUnit.NANOSECONDS.toMillis(probe.started - probe.submitted);
      if (lag > maxLag.toMillis()) {
        return Result.fail("task started " + lag + " ms after it was submitted (max lag "
            + maxLag.toMillis() + " ms)").observed(lag, "ms");
      }
      return Result.pass().observed(lag, "ms");
    }
    long age = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - probe.submitted);
    return Result.fail("task submitted " + age + " ms ago has not started (max lag "
        + maxLag.toMillis() + " ms)").observed(age, "ms");
  }

  @Override
  public String toString() {
    return "ExecutorLagCheck{maxLag=" + maxLag.toMillis() + " ms}";
  }

  /** The task handed to the executor: records when it started. */
  private static final class Probe implements Runnable {
    final CountDownLatch done = new CountDownLatch(1);
    volatile long submitted;
    volatile long started;

    @Override
    public void run() {
      started = System.nanoTime();
      done.countDown();
    }

    boolean ran() {
      return done.getCount() == 0;
    }
  }
}
