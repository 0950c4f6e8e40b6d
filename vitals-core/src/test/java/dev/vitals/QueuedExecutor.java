package dev.vitals;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executor;

/**
 * An executor that keeps every execution in its queue until the test runs it: meanwhile the
 * execution is in flight, as one stuck behind busy check threads would be.
 */
final class QueuedExecutor implements Executor {
  private final Deque<Runnable> queue = new ArrayDeque<>();
  private int submitted;

  @Override
  public synchronized void execute(Runnable task) {
    queue.add(task);
    submitted++;
  }

  /** Executions handed to this executor so far. */
  synchronized int submitted() {
    return submitted;
  }

  /** Runs the queued executions on the calling thread, oldest first. */
  void runQueued() {
    Runnable next;
    while ((next = poll()) != null) {
      next.run();
    }
  }

  private synchronized Runnable poll() {
    return queue.poll();
  }
}
