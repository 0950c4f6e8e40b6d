package dev.vitals.spi;

import dev.vitals.Check;
import dev.vitals.HealthCheck;
import dev.vitals.Result;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Objects;

/**
 * The end of one check execution, from which every blocking call of the check takes its own
 * timeout: a connect, a TLS handshake and each read get what is left, so the whole exchange ends
 * by the registration's timeout even when a server trickles bytes.
 *
 * <p>The engine runs every execution under a deadline of the registration's timeout; a check asks
 * for it with {@link #current()}, once, at the start of {@link Check#check()}:
 *
 * <pre>{@code
 * public Result check() throws IOException {
 *   Deadline deadline = Deadline.current();
 *   try (Socket socket = new Socket()) {
 *     socket.connect(address, deadline.remainingMillis("connect"));
 *     socket.setSoTimeout(deadline.remainingMillis("read"));
 *     ...
 *   }
 * }
 * }</pre>
 *
 * <p>So a check has one timeout, the registration's: factories of checks take none, and a timeout
 * changed on the {@link dev.vitals.HealthCheck.Builder} bounds the check's I/O too. Outside an
 * engine execution (a unit test calling {@code check()} directly) the deadline is {@link
 * #DEFAULT_BUDGET} from the call; {@link #call(Check)} runs a check by hand under a chosen one.
 *
 * <p>Deadlines are immutable and read {@link System#nanoTime()}: they bound real I/O, so they
 * follow the real clock even when the engine runs on a fake one.
 */
public final class Deadline {
  /** The budget of a check run outside any engine execution: the default timeout, 1 s. */
  public static final Duration DEFAULT_BUDGET = HealthCheck.DEFAULT_TIMEOUT;

  private static final ThreadLocal<Deadline> CURRENT = new ThreadLocal<>();

  private final long endNanos;
  private final Duration budget;

  private Deadline(Duration budget) {
    this.budget = budget;
    this.endNanos = System.nanoTime() + budget.toNanos();
  }

  /**
   * A deadline {@code budget} from now.
   *
   * @throws IllegalArgumentException if {@code budget} is zero or negative
   */
  public static Deadline after(Duration budget) {
    Objects.requireNonNull(budget, "budget");
    if (budget.isNegative() || budget.isZero()) {
      throw new IllegalArgumentException("budget must be positive: " + budget);
    }
    return new Deadline(budget);
  }

  /**
   * The deadline of the check execution running on this thread; outside one, a deadline {@link
   * #DEFAULT_BUDGET} from now.
   */
  public static Deadline current() {
    Deadline deadline = CURRENT.get();
    return deadline != null ? deadline : new Deadline(DEFAULT_BUDGET);
  }

  /**
   * Runs {@code check} on this thread with this deadline as {@link #current()}, and returns what
   * it returns. Only the check's own I/O is bounded: nothing interrupts it at the deadline (the
   * engine does that for its executions).
   */
  public Result call(Check check) throws Exception {
    Deadline outer = CURRENT.get();
    CURRENT.set(this);
    try {
      return check.check();
    } finally {
      if (outer == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(outer);
      }
    }
  }

  /** The budget this deadline started with: the registration's timeout, under the engine. */
  public Duration budget() {
    return budget;
  }

  /** True once the deadline has passed. */
  public boolean expired() {
    return endNanos - System.nanoTime() <= 0;
  }

  /**
   * The time left, at least one millisecond (so that it is always a usable socket timeout, even
   * once the deadline has passed).
   */
  public Duration timeLeft() {
    return Duration.ofNanos(Math.max(1_000_000L, endNanos - System.nanoTime()));
  }

  /**
   * Milliseconds left for a blocking call, at least 1 (a socket timeout of 0 would mean "wait
   * forever").
   *
   * @param during what the call does, for the exception's message: {@code connect}, {@code read}
   * @throws SocketTimeoutException when nothing is left: "{@code during} timed out after N ms"
   */
  public int remainingMillis(String during) throws SocketTimeoutException {
    long left = endNanos - System.nanoTime();
    if (left <= 0) {
      throw new SocketTimeoutException(during + " timed out after " + budget.toMillis() + " ms");
    }
    return (int) Math.min(Integer.MAX_VALUE, (left + 999_999) / 1_000_000);
  }

  @Override
  public String toString() {
    return "Deadline{budget=" + budget.toMillis() + " ms, left="
        + Math.max(0, (endNanos - System.nanoTime()) / 1_000_000) + " ms}";
  }
}
