package dev.vitals.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.HealthCheck;
import dev.vitals.Result;
import java.time.Duration;

/** Runs a check on the calling thread and bounds how long that thread was held. */
final class Timing {
  /** Slack for scheduling and closing a per-run Admin: a bound, not a speed assertion. */
  static final Duration MARGIN = Duration.ofMillis(500);

  private Timing() {}

  /** Runs {@code check} once, asserting the calling thread is back within {@code bound}. */
  static Result runWithin(HealthCheck check, Duration bound) throws Exception {
    long start = System.nanoTime();
    Result result = check.check().check();
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(took).as("time the calling thread was held").isLessThan(bound);
    return result;
  }

  /** Runs {@code check} once, asserting it returned within its timeout plus {@link #MARGIN}. */
  static Result runWithinDeadline(HealthCheck check) throws Exception {
    return runWithin(check, check.timeout().plus(MARGIN));
  }
}
