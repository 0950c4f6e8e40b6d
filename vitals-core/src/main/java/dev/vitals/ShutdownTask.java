package dev.vitals;

/**
 * Work to do once traffic has drained: stop accepting requests, close pools, flush buffers. Tasks
 * run in registration order on the shutdown thread, under the engine's shutdown timeout; a task
 * that throws or overruns is logged and the next one runs.
 */
@FunctionalInterface
public interface ShutdownTask {
  void run() throws Exception;
}
