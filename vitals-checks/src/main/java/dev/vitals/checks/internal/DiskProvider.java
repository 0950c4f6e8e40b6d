package dev.vitals.checks.internal;

import dev.vitals.HealthCheck;
import dev.vitals.checks.DiskSpaceCheck;
import dev.vitals.spi.CheckProvider;
import dev.vitals.spi.CheckUri;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code disk:/path[?warn=80&fail=95]}: free space of the file system holding the path. {@code
 * warn} and {@code fail} each take a percentage used ({@code 80}, {@code 97.5}; a {@code %} must
 * be written {@code %25} in a URI, so leave it off) or a free size ({@code 10GB}, {@code 512MB};
 * units {@code B}, {@code KB}, {@code MB}, {@code GB}, {@code TB}, powers of 1024, {@code KiB}…
 * spellings too): the level applies at that percentage used or above, or under that much free.
 * Defaults: warn 80, fail 95. Default name {@code disk}.
 */
public final class DiskProvider implements CheckProvider {
  private static final Pattern PERCENT = Pattern.compile("([0-9]{1,3}(?:\\.[0-9]+)?)%?");
  private static final Pattern SIZE =
      Pattern.compile("([0-9]{1,12})\\s*(B|KB|MB|GB|TB|KIB|MIB|GIB|TIB)");

  @Override
  public Set<String> schemes() {
    return Set.of("disk");
  }

  @Override
  public boolean accepts(String parameter) {
    return parameter.equals("warn") || parameter.equals("fail");
  }

  @Override
  public HealthCheck.Builder create(CheckUri uri) {
    String path = uri.path();
    if (path.isEmpty()) {
      throw new IllegalArgumentException("disk URI needs a path: disk:/path");
    }
    DiskSpaceCheck check = DiskSpaceCheck.create(Path.of(path));
    String warn = uri.parameter("warn");
    if (warn != null) {
      long bytes = bytes("warn", warn);
      check = bytes < 0 ? check.warnWhenUsedAbove(percent("warn", warn))
          : check.warnWhenFreeBelow(bytes);
    }
    String fail = uri.parameter("fail");
    if (fail != null) {
      long bytes = bytes("fail", fail);
      check = bytes < 0 ? check.failWhenUsedAbove(percent("fail", fail))
          : check.failWhenFreeBelow(bytes);
    }
    return check.healthCheck("disk");
  }

  /** The size in bytes, or -1 when {@code value} is not a size. */
  private static long bytes(String parameter, String value) {
    Matcher m = SIZE.matcher(value.strip().toUpperCase(Locale.ROOT));
    if (!m.matches()) {
      return -1;
    }
    int shift = "BKMGT".indexOf(m.group(2).charAt(0)) * 10;
    long n = Long.parseLong(m.group(1));
    if (n > (Long.MAX_VALUE >> shift)) {
      throw new IllegalArgumentException(parameter + " is too large: '" + value + "'");
    }
    return n << shift;
  }

  private static double percent(String parameter, String value) {
    Matcher m = PERCENT.matcher(value.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException(parameter
          + " must be a percentage used such as 80 or a free size such as 10GB, got '" + value
          + "'");
    }
    return Double.parseDouble(m.group(1));
  }
}
