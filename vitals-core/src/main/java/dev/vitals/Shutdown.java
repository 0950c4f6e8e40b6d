package dev.vitals;

import dev.vitals.spi.Outputs;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;

/*
 * The shutdown sequence after the drain (rule 9): the tasks run in registration order, each on a
 * thread of its own, all of them within one shutdown timeout; then the engine stops.
 *
 * Time comes from the engine's ticker and timers from its scheduler, like every other deadline in
 * the engine, so the sequence runs on a fake clock in tests. The drain's end is a scheduler timer;
 * the timeout starts when it fires. A task that is still running when the time left runs out is
 * interrupted and abandoned, and the sequence moves on: the tasks after it still run, in order, on
 * one more thread that nobody waits for, so a hung task delays the end by at most the timeout.
 *
 * close() stops at once: it aborts the wait for a running task, and no task starts after it.
 */
final class Shutdown {
  private static final System.Logger LOG = System.getLogger("dev.vitals");

  private final List<NamedTask> tasks;
  private final Duration drainDelay;
  private final Duration timeout;
  private final Ticker ticker;
  private final Scheduler scheduler;
  private final Runnable stop; // stops the engine: checks, timers, executors, STOPPED event
  private CompletableFuture<Void> done; // guarded by this; null until it begins
  private CompletableFuture<Boolean> running; // guarded by this; the task being waited for
  private boolean aborted; // guarded by this

  Shutdown(List<NamedTask> tasks, Duration drainDelay, Duration timeout, Ticker ticker,
      Scheduler scheduler, Runnable stop) {
    this.tasks = new CopyOnWriteArrayList<>(tasks);
    this.drainDelay = drainDelay;
    this.timeout = timeout;
    this.ticker = ticker;
    this.scheduler = scheduler;
    this.stop = stop;
  }

  void add(NamedTask task) {
    tasks.add(task);
  }

  Duration drainDelay() {
    return drainDelay;
  }

  int taskCount() {
    return tasks.size();
  }

  /**
   * Starts the sequence (the drain delay, then the tasks) unless it has begun; {@code onBegin}
   * runs only for the caller that began it. Returns the future of the whole sequence.
   */
  CompletableFuture<Void> begin(Runnable onBegin) {
    CompletableFuture<Void> future;
    synchronized (this) {
      if (done != null) {
        return done;
      }
      future = done = new CompletableFuture<>();
    }
    onBegin.run();
    scheduler.schedule(
        () -> {
          long start = ticker.nanoTime(); // on the timer: the timeout counts from the drain's end
          VitalsThreads.start("vitals-shutdown", () -> runTasks(start, future));
        },
        drainDelay.toNanos());
    return future;
  }

  /** Stops waiting for tasks and starts no more; returns the sequence's future to complete. */
  CompletableFuture<Void> abort() {
    synchronized (this) {
      aborted = true;
      if (running != null) {
        running.complete(false);
      }
      if (done == null) {
        done = CompletableFuture.completedFuture(null);
      }
      return done;
    }
  }

  private void runTasks(long start, CompletableFuture<Void> future) {
    long deadline = start + timeout.toNanos();
    List<NamedTask> all = List.copyOf(tasks);
    int next = 0;
    boolean inTime = true;
    while (inTime && next < all.size() && deadline - ticker.nanoTime() > 0) {
      inTime = runTask(all.get(next++), deadline);
    }
    if (next < all.size() && !isAborted()) {
      // The timeout is spent, most likely by a task that overran and was abandoned.
      List<NamedTask> late = all.subList(next, all.size());
      LOG.log(Level.WARNING, "shutdown timeout of {0} ms spent; running {1} task(s) without waiting",
          Long.toString(timeout.toMillis()), Integer.toString(late.size()));
      VitalsThreads.start("vitals-shutdown-late", () -> late.forEach(Shutdown::runLogged));
    }
    stop.run();
    future.complete(null);
  }

  /**
   * Runs {@code task} and waits until it ends or the deadline passes; true when it ended in time
   * and the sequence may go on waiting for the next one.
   */
  private boolean runTask(NamedTask task, long deadline) {
    CompletableFuture<Boolean> ended = new CompletableFuture<>();
    synchronized (this) {
      if (aborted) {
        return false;
      }
      running = ended;
    }
    Thread thread = VitalsThreads.start("vitals-shutdown-" + task.name(), () -> {
      runLogged(task);
      ended.complete(true);
    });
    Scheduler.Cancellable timer =
        scheduler.schedule(() -> ended.complete(false), deadline - ticker.nanoTime());
    boolean inTime;
    try {
      inTime = ended.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      inTime = false;
    } catch (ExecutionException impossible) {
      inTime = false;
    }
    timer.cancel();
    if (!inTime && thread.isAlive()) {
      thread.interrupt();
      LOG.log(Level.WARNING, "shutdown task {0} still running at the shutdown timeout; moving on",
          task.name());
    }
    return inTime;
  }

  private synchronized boolean isAborted() {
    return aborted;
  }

  private static void runLogged(NamedTask task) {
    try {
      task.task().run();
    } catch (Throwable t) {
      LOG.log(Level.WARNING, "shutdown task {0} failed: {1}", task.name(), Outputs.describe(t));
    }
  }

  /** A shutdown task with the name it is logged under. */
  record NamedTask(String name, ShutdownTask task) {
    NamedTask {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("shutdown task name must not be blank");
      }
      Objects.requireNonNull(task, "shutdown task " + name);
    }
  }
}
