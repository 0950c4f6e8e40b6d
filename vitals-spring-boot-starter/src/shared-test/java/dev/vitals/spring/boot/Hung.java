package dev.vitals.spring.boot;

import java.util.concurrent.CountDownLatch;

/** A call that hangs until released, ignoring interrupts: a dependency stuck in I/O. */
final class Hung {
  private Hung() {}

  static void hang(CountDownLatch release) {
    boolean interrupted = false;
    while (true) {
      try {
        release.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** How many threads are inside {@link #hang} now. */
  static long threadsHanging() {
    return Thread.getAllStackTraces().values().stream()
        .filter(stack -> java.util.Arrays.stream(stack)
            .anyMatch(f -> f.getClassName().equals(Hung.class.getName())
                && f.getMethodName().equals("hang")))
        .count();
  }
}
