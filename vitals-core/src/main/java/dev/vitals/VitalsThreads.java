package dev.vitals;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one place the engine makes threads. Every Vitals thread is a daemon (a health engine must
 * never keep a JVM alive) and is named {@code vitals-…}, so that thread dumps and the tests that
 * count threads can tell them apart.
 */
final class VitalsThreads {
  private VitalsThreads() {}

  /**
   * Threads named {@code prefix} followed by a counter ({@code vitals-check-1}, …) when the
   * prefix ends in '-', otherwise all named {@code prefix}.
   */
  static ThreadFactory factory(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable ->
        create(prefix.endsWith("-") ? prefix + count.incrementAndGet() : prefix, runnable);
  }

  /** Starts {@code body} on a new daemon thread named {@code name}. */
  static Thread start(String name, Runnable body) {
    Thread thread = create(name, body);
    thread.start();
    return thread;
  }

  /** A daemon thread named {@code name}, not started: for the JVM's shutdown hook. */
  static Thread create(String name, Runnable body) {
    Thread thread = new Thread(body, name);
    thread.setDaemon(true);
    return thread;
  }
}
