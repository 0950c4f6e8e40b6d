package dev.vitals.checks;

import dev.vitals.Check;
import dev.vitals.HealthCheck;
import dev.vitals.Result;
import dev.vitals.spi.Outputs;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * Checks the free space of the file system holding a path: warn, then fail, as it fills.
 *
 * <pre>{@code
 * Vitals.builder()
 *     .check(DiskSpaceCheck.of("data-disk", Path.of("/var/lib/app")))   // warn at 80% used, fail at 95%
 *     .check(DiskSpaceCheck.create(Path.of("/tmp"))
 *         .warnWhenFreeBelow(2L << 30)                               // 2 GiB
 *         .failWhenFreeBelow(256L << 20)                             // 256 MiB
 *         .healthCheck("tmp-disk").critical(false))
 *     .build();
 * }</pre>
 *
 * <p>Each level (warn, fail) has one threshold, either a percentage used ({@code
 * warnWhenUsedAbove(80)}: status at 80% used or more) or an amount free ({@code
 * warnWhenFreeBelow(bytes)}: status under that many bytes free); setting one replaces the other
 * of the same level. Defaults: warn at {@value #DEFAULT_WARN_PERCENT}% used, fail at {@value
 * #DEFAULT_FAIL_PERCENT}% used.
 *
 * <p>Utilisation is computed as {@code df} shows it: used / (used + available to this user), so
 * space reserved for root counts as unavailable; "free" is the space this JVM may still write
 * ({@link FileStore#getUsableSpace()}). The observed value is the utilisation in percent, one
 * decimal, with measurement {@code utilization} and unit {@code percent}. A path that does not
 * exist fails. Reading the numbers is a cheap system call; componentType is {@code system},
 * componentId the path.
 */
public final class DiskSpaceCheck implements Check {
  /** The percentage used at which the check warns, unless configured. */
  public static final int DEFAULT_WARN_PERCENT = 80;
  /** The percentage used at which the check fails, unless configured. */
  public static final int DEFAULT_FAIL_PERCENT = 95;

  /** Sizes of a file store, in bytes. */
  record Usage(long total, long usable, long unallocated) {}

  /** Reads the sizes of the file store holding a path: the JDK's outside tests. */
  @FunctionalInterface
  interface UsageReader {
    Usage read(Path path) throws IOException;
  }

  private final Path path;
  private final double warnPercent; // NaN when warnBytes applies
  private final long warnBytes; // -1 when warnPercent applies
  private final double failPercent;
  private final long failBytes;
  private final UsageReader reader;

  private DiskSpaceCheck(Path path, double warnPercent, long warnBytes, double failPercent,
      long failBytes, UsageReader reader) {
    this.path = path;
    this.warnPercent = warnPercent;
    this.warnBytes = warnBytes;
    this.failPercent = failPercent;
    this.failBytes = failBytes;
    this.reader = reader;
  }

  /**
   * A registration named {@code name} for the file system holding {@code path}, warning at 80%
   * used and failing at 95%; measurement {@code utilization}, componentType {@code system}.
   */
  public static HealthCheck.Builder of(String name, Path path) {
    return create(path).healthCheck(name);
  }

  /** The bare check with the default thresholds, to configure before registering. */
  public static DiskSpaceCheck create(Path path) {
    return create(path, DiskSpaceCheck::readStore);
  }

  /** A check reading sizes with {@code reader}, for tests. */
  static DiskSpaceCheck create(Path path, UsageReader reader) {
    Objects.requireNonNull(path, "path");
    return new DiskSpaceCheck(path, DEFAULT_WARN_PERCENT, -1, DEFAULT_FAIL_PERCENT, -1, reader);
  }

  /** This check warning from {@code percent} used (0-100, exclusive of 0). */
  public DiskSpaceCheck warnWhenUsedAbove(double percent) {
    return new DiskSpaceCheck(path, percent("warn", percent), -1, failPercent, failBytes, reader);
  }

  /** This check failing from {@code percent} used (0-100, exclusive of 0). */
  public DiskSpaceCheck failWhenUsedAbove(double percent) {
    return new DiskSpaceCheck(path, warnPercent, warnBytes, percent("fail", percent), -1, reader);
  }

  /** This check warning when fewer than {@code bytes} are free. */
  public DiskSpaceCheck warnWhenFreeBelow(long bytes) {
    return new DiskSpaceCheck(path, Double.NaN, bytes("warn", bytes), failPercent, failBytes,
        reader);
  }

  /** This check failing when fewer than {@code bytes} are free. */
  public DiskSpaceCheck failWhenFreeBelow(long bytes) {
    return new DiskSpaceCheck(path, warnPercent, warnBytes, Double.NaN, bytes("fail", bytes),
        reader);
  }

  /**
   * A registration of this check with measurement {@code utilization}, componentType {@code
   * system} and componentId the path.
   *
   * @throws IllegalArgumentException if warn would come after fail on thresholds of the same
   *     kind (warn at 96% used, fail at 95%)
   */
  public HealthCheck.Builder healthCheck(String name) {
    if (!Double.isNaN(warnPercent) && !Double.isNaN(failPercent) && warnPercent > failPercent) {
      throw new IllegalArgumentException("warn (" + percent(warnPercent)
          + " used) must not be above fail (" + percent(failPercent) + " used)");
    }
    if (warnBytes >= 0 && failBytes >= 0 && warnBytes < failBytes) {
      throw new IllegalArgumentException("warn (under " + size(warnBytes)
          + " free) must not be below fail (under " + size(failBytes) + " free)");
    }
    return HealthCheck.builder(name, this)
        .measurement("utilization")
        .componentType("system")
        .componentId(path.toString());
  }

  @Override
  public Result check() {
    Usage usage;
    try {
      usage = reader.read(path);
    } catch (IOException e) {
      return Result.fail("disk " + path + ": " + Outputs.describe(e));
    }
    long used = Math.max(0, usage.total() - usage.unallocated());
    long available = Math.max(0, usage.usable());
    double percent = used + available == 0 ? 0 : Math.round(used * 1000.0 / (used + available)) / 10.0;
    String state = "disk " + path + ": " + percent(percent) + " used, " + size(available)
        + " free of " + size(usage.total());
    if (reached(percent, available, failPercent, failBytes)) {
      return Result.fail(state + " (fail at " + threshold(failPercent, failBytes) + ")")
          .observed(percent, "percent");
    }
    if (reached(percent, available, warnPercent, warnBytes)) {
      return Result.warn(state + " (warn at " + threshold(warnPercent, warnBytes) + ")")
          .observed(percent, "percent");
    }
    return Result.pass().observed(percent, "percent");
  }

  @Override
  public String toString() {
    return "DiskSpaceCheck{" + path + ", warn at " + threshold(warnPercent, warnBytes)
        + ", fail at " + threshold(failPercent, failBytes) + "}";
  }

  private static boolean reached(double percent, long free, double atPercent, long belowBytes) {
    return Double.isNaN(atPercent) ? free < belowBytes : percent >= atPercent;
  }

  private static String threshold(double percent, long bytes) {
    return Double.isNaN(percent) ? "under " + size(bytes) + " free" : percent(percent) + " used";
  }

  private static Usage readStore(Path path) throws IOException {
    FileStore store = Files.getFileStore(path);
    return new Usage(store.getTotalSpace(), store.getUsableSpace(), store.getUnallocatedSpace());
  }

  private static double percent(String level, double percent) {
    if (!(percent > 0 && percent <= 100)) {
      throw new IllegalArgumentException(level + " must be a percentage above 0 and at most 100: "
          + percent);
    }
    return percent;
  }

  private static long bytes(String level, long bytes) {
    if (bytes <= 0) {
      throw new IllegalArgumentException(level + " must be a positive number of bytes: " + bytes);
    }
    return bytes;
  }

  static String percent(double percent) {
    return percent == Math.rint(percent)
        ? Long.toString((long) percent) + "%"
        : String.format(Locale.ROOT, "%.1f%%", percent);
  }

  /** Bytes in binary units with one decimal: {@code 512 B}, {@code 1.5 GiB}. */
  static String size(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    double value = bytes;
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }
}
