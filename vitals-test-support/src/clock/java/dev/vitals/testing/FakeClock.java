package dev.vitals.testing;

import dev.vitals.Scheduler;
import dev.vitals.Ticker;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Time and timers for engine tests: pass one clock as both {@code Vitals.builder().ticker(clock)}
 * and {@code .scheduler(clock)}. {@link #nanoTime()} moves only when a test calls {@link
 * #advance(Duration)}; {@link #now()} is {@link #START} plus the elapsed time. Scheduled tasks run
 * on the advancing thread, in due order, including tasks that running tasks schedule. Thread-safe:
 * check threads read the time and arm or cancel deadlines while a test advances.
 *
 * <p>Its source lives in {@code vitals-test-support/src/clock/java}, which vitals-test-support
 * compiles into its jar and vitals-core compiles into its own tests: core cannot depend on
 * vitals-test-support, which depends on core.
 */
public final class FakeClock implements Ticker, Scheduler {
  /** What {@link #now()} reads before the first advance. */
  public static final Instant START = Instant.parse("2025-03-01T12:00:00Z");

  private final Object lock = new Object();
  private final PriorityQueue<Task> tasks =
      new PriorityQueue<>(Comparator.comparingLong(Task::due).thenComparingLong(Task::order));
  private long nanos; // guarded by lock
  private long order; // guarded by lock
  private boolean closed; // guarded by lock

  @Override
  public long nanoTime() {
    synchronized (lock) {
      return nanos;
    }
  }

  @Override
  public Instant now() {
    return START.plusNanos(nanoTime());
  }

  @Override
  public Cancellable schedule(Runnable task, long delayNanos) {
    synchronized (lock) {
      if (closed) {
        return () -> {};
      }
      Task scheduled = new Task(nanos + Math.max(0, delayNanos), order++, task);
      tasks.add(scheduled);
      return () -> {
        synchronized (lock) {
          tasks.remove(scheduled);
        }
      };
    }
  }

  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
      tasks.clear();
    }
  }

  /** Moves time forward by {@code duration}, running every task that falls due on the way. */
  public void advance(Duration duration) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException("time only moves forward: " + duration);
    }
    long target;
    synchronized (lock) {
      target = nanos + duration.toNanos();
    }
    while (true) {
      Task next;
      synchronized (lock) {
        next = tasks.peek();
        if (next == null || next.due() > target) {
          nanos = Math.max(nanos, target); // a task may itself have advanced past the target
          return;
        }
        tasks.poll();
        nanos = Math.max(nanos, next.due());
      }
      next.task().run();
    }
  }

  /** Time elapsed since the start, as a duration. */
  public Duration elapsed() {
    return Duration.ofNanos(nanoTime());
  }

  /** The delays, from now, of the tasks still scheduled, soonest first. */
  public List<Duration> scheduled() {
    synchronized (lock) {
      List<Duration> delays = new ArrayList<>();
      tasks.stream()
          .sorted(tasks.comparator())
          .forEach(task -> delays.add(Duration.ofNanos(task.due() - nanos)));
      return delays;
    }
  }

  private record Task(long due, long order, Runnable task) {}
}
