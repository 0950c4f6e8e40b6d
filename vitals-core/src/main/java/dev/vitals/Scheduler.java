package dev.vitals;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Runs the engine's timers: background ticks and execution deadlines. Tasks given to a scheduler
 * are short and never block; checks themselves run on the check executor.
 *
 * <p>The {@linkplain #system() system scheduler} is one daemon thread. Tests pass a fake that runs
 * due tasks when they advance their clock.
 */
public interface Scheduler {

  /** Runs {@code task} once after {@code delayNanos}; the returned handle cancels it. */
  Cancellable schedule(Runnable task, long delayNanos);

  /** Stops running tasks; called when the engine stops. */
  default void close() {}

  /** A handle on a scheduled task. */
  @FunctionalInterface
  interface Cancellable {
    /** Cancels the task if it has not started. */
    void cancel();
  }

  /** A scheduler on one daemon thread named {@code vitals-scheduler}. */
  static Scheduler system() {
    ScheduledThreadPoolExecutor executor =
        new ScheduledThreadPoolExecutor(1, VitalsThreads.factory("vitals-scheduler"));
    executor.setRemoveOnCancelPolicy(true);
    return new Scheduler() {
      @Override
      public Cancellable schedule(Runnable task, long delayNanos) {
        try {
          var future = executor.schedule(task, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
          return () -> future.cancel(false);
        } catch (RejectedExecutionException stopped) {
          return () -> {};
        }
      }

      @Override
      public void close() {
        executor.shutdownNow();
      }
    };
  }
}
