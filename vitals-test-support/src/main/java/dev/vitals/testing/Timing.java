package dev.vitals.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.HealthCheck;
import dev.vitals.Result;
import dev.vitals.spi.Deadline;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Runs a check on the calling thread and bounds how long that thread was held: the assertion
 * behind "a check never hangs its caller".
 *
 * <pre>{@code
 * try (SilentServer silent = new SilentServer()) {
 *   Result r = Timing.runWithinDeadline(TcpCheck.of("tcp", "127.0.0.1", silent.port()).build());
 *   assertThat(r.status()).isEqualTo(Status.FAIL);
 * }
 * }</pre>
 *
 * <p>The bounds are upper bounds with {@link #MARGIN} of slack, never speed assertions: a slow
 * machine must not fail a test that a hung check would.
 */
public final class Timing {
  /**
   * Slack for scheduling, socket teardown and closing a per-run client (such as a Kafka Admin):
   * a bound, not a speed assertion.
   */
  public static final Duration MARGIN = Duration.ofMillis(500);

  private Timing() {}

  /**
   * Runs {@code check} once under a deadline of its registration's timeout, as the engine does
   * ({@link Deadline#current()} inside the check reads it), asserting the calling thread is back
   * within {@code bound}.
   *
   * @return the run's result, for the test's own assertions
   */
  public static Result runWithin(HealthCheck check, Duration bound) throws Exception {
    long start = System.nanoTime();
    Result result = Deadline.after(check.timeout()).call(check.check());
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(took).as("time the calling thread was held").isLessThan(bound);
    return result;
  }

  /** Runs {@code check} once, asserting it returned within its timeout plus {@link #MARGIN}. */
  public static Result runWithinDeadline(HealthCheck check) throws Exception {
    return runWithin(check, check.timeout().plus(MARGIN));
  }

  /**
   * Polls {@code condition} every 10 ms until it holds or {@code limit} passes, for waiting on a
   * server to come up or a client to finish tearing down.
   *
   * @return true if the condition held within the limit; assert on it
   */
  public static boolean await(BooleanSupplier condition, Duration limit)
      throws InterruptedException {
    long end = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        return false;
      }
      Thread.sleep(10);
    }
    return true;
  }
}
