package dev.vitals.checks;

import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * The end of one check execution, from which every blocking call takes its own timeout: a
 * connect, a TLS handshake and each socket read get what is left, so the whole exchange ends
 * by the check's timeout even when a server trickles bytes. Under the engine the budget is
 * {@link dev.vitals.Check#timeLeft(Duration)} (the registration's deadline); run directly, it is
 * the timeout the check was created with.
 */
final class Deadline {
  private final long endNanos;
  private final Duration budget;

  private Deadline(Duration budget) {
    this.budget = budget;
    this.endNanos = System.nanoTime() + budget.toNanos();
  }

  /** The deadline of the execution running on this thread, or {@code fallback} from now. */
  static Deadline ofExecution(Duration fallback) {
    return new Deadline(dev.vitals.Check.timeLeft(fallback));
  }

  /** The budget this deadline started with. */
  Duration budget() {
    return budget;
  }

  /**
   * Milliseconds left, at least 1 (a socket timeout of 0 would mean "wait forever").
   *
   * @throws SocketTimeoutException when nothing is left
   */
  int remainingMillis(String during) throws SocketTimeoutException {
    long left = endNanos - System.nanoTime();
    if (left <= 0) {
      throw new SocketTimeoutException(during + " timed out after " + budget.toMillis() + " ms");
    }
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (left + 999_999) / 1_000_000));
  }
}
