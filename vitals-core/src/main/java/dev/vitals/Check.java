package dev.vitals;

import java.time.Duration;
import java.util.Objects;

/**
 * Code that asks one dependency or one internal condition how it is.
 *
 * <p>A check returns a {@link Result}; throwing is a failure whose output is the exception's
 * sanitised message. Checks run on Vitals' check threads, one execution at a time per check, and
 * are interrupted at their deadline: blocking calls should honour interrupts or carry their own
 * timeout. A check never needs to time itself; the engine measures every execution. Checks that
 * do blocking I/O take their socket timeouts from {@link #timeLeft(Duration)}, so that the
 * registration's timeout bounds the I/O too.
 *
 * <pre>{@code
 * Check disk = () -> store.isWritable() ? Result.pass() : Result.fail("store is read-only");
 * }</pre>
 */
@FunctionalInterface
public interface Check {

  /** Runs the check once. Returning {@code null} counts as a failure. */
  Result check() throws Exception;

  /**
   * The time left before the deadline of the execution running on this thread, at least one
   * millisecond once the deadline has passed (so that it is always a usable socket timeout); or
   * {@code fallback} when called outside an engine execution, e.g. from a test or a command-line
   * tool running a check directly.
   */
  static Duration timeLeft(Duration fallback) {
    Objects.requireNonNull(fallback, "fallback");
    Long deadline = CheckRunner.DEADLINE.get();
    if (deadline == null) {
      return fallback;
    }
    return Duration.ofNanos(Math.max(1_000_000L, deadline - System.nanoTime()));
  }
}
