package dev.vitals.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.HealthCheck;
import dev.vitals.Result;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/** Runs a check on the calling thread, bounding how long it was held and what it left behind. */
final class Timing {
  /** Slack for scheduling and socket teardown: a bound, not a speed assertion. */
  static final Duration MARGIN = Duration.ofMillis(500);

  private static final List<String> TEST_THREADS =
      List.of("TcpProxy-", "SilentServer-", "ForkJoinPool.commonPool");

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

  /** The live threads, to compare with after a run. */
  static Set<Thread> threads() {
    return new HashSet<>(Thread.getAllStackTraces().keySet());
  }

  /**
   * Asserts that every thread started since {@code before} (other than the test's own servers)
   * has ended, allowing the client a moment to finish tearing down.
   */
  static void assertNoThreadsLeftSince(Set<Thread> before) throws InterruptedException {
    await(() -> leftSince(before).isEmpty(), Duration.ofSeconds(2));
    assertThat(leftSince(before)).as("threads left running").isEmpty();
  }

  private static Set<String> leftSince(Set<Thread> before) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> !before.contains(t) && t.isAlive())
        .map(Thread::getName)
        .filter(name -> TEST_THREADS.stream().noneMatch(name::startsWith))
        .collect(Collectors.toSet());
  }

  /** Polls {@code condition} until it holds or {@code limit} passes; true if it held. */
  static boolean await(BooleanSupplier condition, Duration limit) throws InterruptedException {
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
