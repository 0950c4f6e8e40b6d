package dev.vitals;

import dev.vitals.spi.Outputs;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Tells the log and the listeners about verdict changes and lifecycle steps (rule 11), one event
 * at a time, in order, on the one {@code vitals-events} thread, never on a probe's or a check's
 * thread. A listener that throws is logged and skipped; one that blocks delays later events only.
 *
 * <p>The thread lives as long as the engine: one that came and went with each burst of changes
 * would make thread counts jump just when a dependency fails.
 */
final class Events {
  private static final System.Logger LOG = System.getLogger("dev.vitals");

  private final List<HealthListener> listeners;
  private final ThreadPoolExecutor thread =
      new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
          VitalsThreads.factory("vitals-events"));

  Events(List<HealthListener> listeners) {
    this.listeners = new CopyOnWriteArrayList<>(listeners);
    thread.prestartCoreThread();
  }

  void add(HealthListener listener) {
    listeners.add(listener);
  }

  /** A check's verdict changed status ({@code from} null: its first verdict). */
  void transition(HealthCheck check, Status from, Status to, String output) {
    HealthListener.Transition transition = new HealthListener.Transition(check, from, to, output);
    dispatch(() -> {
      String was = from == null ? "pending" : from.wireName();
      if (to == Status.PASS) {
        LOG.log(from == null ? Level.DEBUG : Level.INFO, "check {0}: {1} -> pass", check.name(), was);
      } else {
        LOG.log(Level.WARNING, "check {0}: {1} -> {2} ({3})", check.name(), was, to.wireName(),
            output);
      }
      for (HealthListener listener : listeners) {
        guarded(() -> listener.onTransition(transition));
      }
    });
  }

  /** The application reported {@code check}'s dependency failing, and the report was taken. */
  void suspected(HealthCheck check, Throwable cause) {
    if (LOG.isLoggable(Level.DEBUG)) {
      dispatch(() -> LOG.log(Level.DEBUG, "check {0}: reported failing in use ({1})", check.name(),
          cause == null ? "no cause given" : Outputs.describe(cause)));
    }
  }

  /** One execution of {@code check} finished (only when someone listens: it is every run). */
  void execution(HealthCheck check, long durationNanos, Status status, boolean timedOut) {
    if (listeners.isEmpty()) {
      return;
    }
    HealthListener.Execution execution =
        new HealthListener.Execution(check, Duration.ofNanos(durationNanos), status, timedOut);
    dispatch(() -> {
      for (HealthListener listener : listeners) {
        guarded(() -> listener.onExecution(execution));
      }
    });
  }

  /** The process entered {@code lifecycle}; {@code log} writes its line first. */
  void lifecycle(Lifecycle lifecycle, Runnable log) {
    dispatch(() -> {
      log.run();
      for (HealthListener listener : listeners) {
        guarded(() -> listener.onLifecycle(lifecycle));
      }
    });
  }

  /** Takes no more events; those queued are still delivered. */
  void close() {
    thread.shutdown();
  }

  /**
   * Closes and waits up to a second for the queued events: the JVM halts once the SIGTERM hook
   * returns, and listeners should hear STOPPED first.
   */
  void closeAndDeliver() {
    close();
    try {
      thread.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void dispatch(Runnable event) {
    try {
      thread.execute(event);
    } catch (RejectedExecutionException closed) {
      // after close(): nobody is listening any more
    }
  }

  private static void guarded(Runnable call) {
    try {
      call.run();
    } catch (Throwable t) {
      LOG.log(Level.WARNING, "health listener failed: {0}", Outputs.describe(t));
    }
  }
}
