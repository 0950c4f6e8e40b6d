package dev.vitals.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * What threads a check left behind: a check that connects per run must not leak its client's
 * threads.
 *
 * <pre>{@code
 * Set<Thread> before = Threads.live();
 * Timing.runWithinDeadline(check);
 * Threads.assertNoneLeftSince(before);
 * }</pre>
 */
public final class Threads {
  /** Name prefixes of threads the tests themselves start, which a check is not blamed for. */
  private static final List<String> TEST_THREADS =
      List.of("TcpProxy-", "SilentServer-", "ForkJoinPool.commonPool");
  private static final Duration TEARDOWN = Duration.ofSeconds(2);

  private Threads() {}

  /** The live threads now, to compare with after a run. */
  public static Set<Thread> live() {
    return new HashSet<>(Thread.getAllStackTraces().keySet());
  }

  /**
   * Asserts that every thread started since {@code before} (other than the test's own {@link
   * TcpProxy}, {@link SilentServer} and common-pool threads) has ended, allowing the client up to
   * 2 s to finish tearing down.
   */
  public static void assertNoneLeftSince(Set<Thread> before) throws InterruptedException {
    Timing.await(() -> leftSince(before).isEmpty(), TEARDOWN);
    assertThat(leftSince(before)).as("threads left running").isEmpty();
  }

  /**
   * How many live threads have a name {@code name} accepts, now, without waiting: for clients
   * whose threads must be gone by the time a run returns.
   */
  public static long countLive(Predicate<String> name) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(name)
        .count();
  }

  private static Set<String> leftSince(Set<Thread> before) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> !before.contains(t) && t.isAlive())
        .map(Thread::getName)
        .filter(name -> TEST_THREADS.stream().noneMatch(name::startsWith))
        .collect(Collectors.toSet());
  }
}
