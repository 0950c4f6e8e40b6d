package dev.vitals;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads durations as people write them in configuration: {@code 500ms}, {@code 5s}, {@code 2m},
 * {@code 1h}, or an ISO-8601 {@code PT5S}. A bare number is rejected: units are never guessed.
 */
public final class Durations {
  private static final Pattern SIMPLE = Pattern.compile("(\\d{1,9})\\s*(ms|s|m|h)");

  private Durations() {}

  /**
   * Parses {@code text}; {@code field} names the setting in the error message, e.g. {@code
   * VITALS_DRAIN_DELAY: expected a duration such as 500ms, 5s or 1m, got '5'}.
   */
  public static Duration parse(String field, String text) {
    if (text != null) {
      String s = text.strip();
      Matcher m = SIMPLE.matcher(s);
      if (m.matches()) {
        long n = Long.parseLong(m.group(1));
        switch (m.group(2)) {
          case "ms":
            return Duration.ofMillis(n);
          case "s":
            return Duration.ofSeconds(n);
          case "m":
            return Duration.ofMinutes(n);
          default:
            return Duration.ofHours(n);
        }
      }
      if (s.startsWith("PT") || s.startsWith("pt")) {
        try {
          return Duration.parse(s);
        } catch (RuntimeException e) {
          // fall through to the error below
        }
      }
    }
    throw new IllegalArgumentException(
        field + ": expected a duration such as 500ms, 5s or 1m, got "
            + (text == null ? "nothing" : "'" + text + "'"));
  }
}
