package dev.vitals;

import static org.assertj.core.api.Assertions.fail;

import java.util.concurrent.TimeUnit;

/** Waits for another thread to reach a state, with a generous bound instead of a guessed sleep. */
final class Waiting {
  private static final long BOUND_NANOS = TimeUnit.SECONDS.toNanos(5);

  private Waiting() {}

  /** Returns once {@code condition} holds; fails naming {@code what} if it does not within 5 s. */
  static void until(java.util.function.BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + BOUND_NANOS;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() >= deadline) {
        fail("not within 5 s: " + what);
      }
      Thread.onSpinWait();
    }
  }

  /** Returns once {@code thread} is parked or waiting inside {@code className.methodName}. */
  static void untilBlockedIn(Thread thread, String className, String methodName) {
    long deadline = System.nanoTime() + BOUND_NANOS;
    while (System.nanoTime() < deadline) {
      Thread.State state = thread.getState();
      if (state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING) {
        for (StackTraceElement frame : thread.getStackTrace()) {
          if (frame.getClassName().equals(className) && frame.getMethodName().equals(methodName)) {
            return;
          }
        }
      }
      Thread.onSpinWait();
    }
    fail(thread.getName() + " did not block in " + className + "." + methodName + " within 5 s");
  }
}
