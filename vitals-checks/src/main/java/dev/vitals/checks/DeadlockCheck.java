package dev.vitals.checks;

import dev.vitals.Check;
import dev.vitals.HealthCheck;
import dev.vitals.Result;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;

/**
 * A liveness check that fails while any threads of this JVM are deadlocked, naming them.
 *
 * <pre>{@code
 * Vitals.builder()
 *     .check(DeadlockCheck.of())   // name "deadlock", liveness probe
 *     .build();
 * }</pre>
 *
 * <p>Deadlocked threads never recover on their own, so a failing liveness probe (and the restart
 * it triggers) is the right answer. Both monitor and {@code java.util.concurrent} lock cycles are
 * found when the JVM supports ownable-synchronizer tracking (HotSpot does), monitors only
 * otherwise. The scan pauses the JVM briefly at a safepoint and grows with the thread count;
 * the default 10 s interval keeps that negligible. At most {@value #MAX_NAMES} thread names are
 * shown.
 */
public final class DeadlockCheck implements Check {
  /** The most thread names a failure output lists. */
  public static final int MAX_NAMES = 5;

  private static final DeadlockCheck INSTANCE = new DeadlockCheck();

  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

  private DeadlockCheck() {}

  /** A liveness registration named {@code deadlock}, componentType {@code system}. */
  public static HealthCheck.Builder of() {
    return of("deadlock");
  }

  /** A liveness registration named {@code name}, componentType {@code system}. */
  public static HealthCheck.Builder of(String name) {
    return HealthCheck.builder(name, INSTANCE).liveness().componentType("system");
  }

  /** The bare check (stateless and shared). */
  public static DeadlockCheck create() {
    return INSTANCE;
  }

  @Override
  public Result check() {
    long[] ids =
        threads.isSynchronizerUsageSupported()
            ? threads.findDeadlockedThreads()
            : threads.findMonitorDeadlockedThreads();
    if (ids == null || ids.length == 0) {
      return Result.pass();
    }
    List<String> names = new ArrayList<>();
    for (ThreadInfo info : threads.getThreadInfo(ids)) {
      if (info != null && names.size() < MAX_NAMES) {
        names.add(info.getThreadName());
      }
    }
    int more = ids.length - names.size();
    return Result.fail(
        ids.length + " threads deadlocked: " + String.join(", ", names)
            + (more > 0 ? " and " + more + " more" : ""));
  }

  @Override
  public String toString() {
    return "DeadlockCheck";
  }
}
