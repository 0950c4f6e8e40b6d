package dev.vitals.checks;

import dev.vitals.Check;
import dev.vitals.HealthCheck;
import dev.vitals.Result;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;

/**
 * A liveness check of the heap still in use after the last garbage collection: a process whose
 * live data fills its heap spends its time collecting and will soon throw {@link
 * OutOfMemoryError}, and a restart is the cure.
 *
 * <pre>{@code
 * Vitals.builder()
 *     .check(HeapCheck.of())                              // "heap", liveness: warn 85%, fail 95%
 *     .check(HeapCheck.create().warnAbove(70).failAbove(90).healthCheck("heap-strict"))
 *     .build();
 * }</pre>
 *
 * <p>Heap in use right now says little (it includes garbage not yet collected); heap in use
 * after a collection is the live data. The check reads {@link
 * MemoryPoolMXBean#getCollectionUsage()} of the old generation ({@code G1 Old Gen}, {@code
 * Tenured Gen}, {@code PS Old Gen}…), or of every heap pool for collectors without generations
 * (ZGC, Shenandoah), against the pools' maximum. Before the first collection the value is 0.
 * The observed value is that percentage, one decimal, measurement {@code utilization}, unit
 * {@code percent}; at or above {@link #warnAbove(double) warnAbove} (default {@value
 * #DEFAULT_WARN_PERCENT}) it warns, at or above {@link #failAbove(double) failAbove} (default
 * {@value #DEFAULT_FAIL_PERCENT}) it fails. Reading the beans is cheap and never blocks.
 */
public final class HeapCheck implements Check {
  /** The percentage of heap in use after GC from which the check warns, unless configured. */
  public static final int DEFAULT_WARN_PERCENT = 85;
  /** The percentage of heap in use after GC from which the check fails, unless configured. */
  public static final int DEFAULT_FAIL_PERCENT = 95;

  /** Heap in use after the last collection and the maximum it may grow to, in bytes. */
  record Usage(long usedAfterGc, long max) {}

  /** Reads the heap after GC: the memory pool beans outside tests. */
  @FunctionalInterface
  interface UsageReader {
    Usage read();
  }

  private static final HeapCheck DEFAULT =
      new HeapCheck(DEFAULT_WARN_PERCENT, DEFAULT_FAIL_PERCENT, HeapCheck::readPools);

  private final double warnPercent;
  private final double failPercent;
  private final UsageReader reader;

  private HeapCheck(double warnPercent, double failPercent, UsageReader reader) {
    this.warnPercent = warnPercent;
    this.failPercent = failPercent;
    this.reader = reader;
  }

  /** A liveness registration named {@code heap} with the default thresholds. */
  public static HealthCheck.Builder of() {
    return of("heap");
  }

  /** A liveness registration named {@code name} with the default thresholds. */
  public static HealthCheck.Builder of(String name) {
    return DEFAULT.healthCheck(name);
  }

  /** The bare check with the default thresholds. */
  public static HeapCheck create() {
    return DEFAULT;
  }

  /** A check reading the heap with {@code reader}, for tests. */
  static HeapCheck create(UsageReader reader) {
    return new HeapCheck(DEFAULT_WARN_PERCENT, DEFAULT_FAIL_PERCENT, reader);
  }

  /** This check warning from {@code percent} of the heap in use after GC (above 0, at most 100). */
  public HeapCheck warnAbove(double percent) {
    return new HeapCheck(percent("warn", percent), failPercent, reader);
  }

  /** This check failing from {@code percent} of the heap in use after GC (above 0, at most 100). */
  public HeapCheck failAbove(double percent) {
    return new HeapCheck(warnPercent, percent("fail", percent), reader);
  }

  /**
   * A liveness registration of this check with measurement {@code utilization} and
   * componentType {@code system}.
   *
   * @throws IllegalArgumentException if warn is above fail
   */
  public HealthCheck.Builder healthCheck(String name) {
    if (warnPercent > failPercent) {
      throw new IllegalArgumentException("warn (" + DiskSpaceCheck.percent(warnPercent)
          + ") must not be above fail (" + DiskSpaceCheck.percent(failPercent) + ")");
    }
    return HealthCheck.builder(name, this)
        .liveness()
        .measurement("utilization")
        .componentType("system");
  }

  @Override
  public Result check() {
    Usage usage = reader.read();
    if (usage.max() <= 0) {
      return Result.pass().observed(0.0, "percent");
    }
    double percent = Math.round(usage.usedAfterGc() * 1000.0 / usage.max()) / 10.0;
    String state = "heap after last GC: " + DiskSpaceCheck.percent(percent) + " of "
        + DiskSpaceCheck.size(usage.max());
    if (percent >= failPercent) {
      return Result.fail(state + " (fail at " + DiskSpaceCheck.percent(failPercent) + ")")
          .observed(percent, "percent");
    }
    if (percent >= warnPercent) {
      return Result.warn(state + " (warn at " + DiskSpaceCheck.percent(warnPercent) + ")")
          .observed(percent, "percent");
    }
    return Result.pass().observed(percent, "percent");
  }

  @Override
  public String toString() {
    return "HeapCheck{warn at " + DiskSpaceCheck.percent(warnPercent) + ", fail at "
        + DiskSpaceCheck.percent(failPercent) + "}";
  }

  /** The old generation's usage after GC, or every heap pool's when there is no old one. */
  static Usage readPools() {
    List<MemoryPoolMXBean> old = new ArrayList<>();
    List<MemoryPoolMXBean> all = new ArrayList<>();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() != MemoryType.HEAP || !pool.isValid() || pool.getCollectionUsage() == null) {
        continue;
      }
      all.add(pool);
      String name = pool.getName();
      if (name.endsWith("Old Gen") || name.endsWith("Tenured Gen")) {
        old.add(pool);
      }
    }
    long used = 0;
    long max = 0;
    for (MemoryPoolMXBean pool : old.isEmpty() ? all : old) {
      MemoryUsage after = pool.getCollectionUsage();
      used += after.getUsed();
      long poolMax = pool.getUsage().getMax();
      max += poolMax > 0 ? poolMax : Math.max(after.getCommitted(), pool.getUsage().getCommitted());
    }
    return new Usage(used, max);
  }

  private static double percent(String level, double percent) {
    if (!(percent > 0 && percent <= 100)) {
      throw new IllegalArgumentException(
          level + " must be a percentage above 0 and at most 100: " + percent);
    }
    return percent;
  }
}
