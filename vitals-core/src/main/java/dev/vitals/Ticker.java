package dev.vitals;

import java.time.Instant;

/**
 * The engine's source of time. Durations and ages come from {@link #nanoTime()}; the
 * observation times shown on the wire come from {@link #now()}. Tests pass a fake that they
 * advance by hand, together with a matching {@link Scheduler}.
 */
public interface Ticker {

  /** A monotonic reading in nanoseconds, comparable only with other readings of this ticker. */
  long nanoTime();

  /** The wall-clock time, for observation timestamps. */
  Instant now();

  /** The system clocks: {@link System#nanoTime()} and {@link Instant#now()}. */
  static Ticker system() {
    return SystemTicker.INSTANCE;
  }
}

enum SystemTicker implements Ticker {
  INSTANCE;

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }

  @Override
  public Instant now() {
    return Instant.now();
  }
}
