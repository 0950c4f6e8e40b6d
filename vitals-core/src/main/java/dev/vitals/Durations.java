package dev.vitals;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads durations as people write them in configuration: {@code 500ms}, {@code 5s}, {@code 2m},
 * {@code 1h}, or an ISO-8601 {@code PT5S}. A bare number is rejected: units are never guessed.
 */
public final class Durations {
  private static final Pattern SIMPLE = Pattern.compile("(\\d{1,9})\\s*(ms|s|m|h)");

  private static final Duration ONE_DAY = Duration.ofDays(1);

  private Durations() {}

  /**
   * Returns {@code value} if it is positive and at most a day: the rule for a check's timeout,
   * which the check modules apply in their factories. {@code field} names the setting in the
   * error, e.g. {@code timeout must be positive and at most a day: PT0S}.
   *
   * @throws NullPointerException if {@code value} is null, with {@code field} as its message
   * @throws IllegalArgumentException if {@code value} is zero, negative or longer than a day
   */
  public static Duration requireTimeout(String field, Duration value) {
    Objects.requireNonNull(value, field);
    if (value.isNegative() || value.isZero() || value.compareTo(ONE_DAY) > 0) {
      throw new IllegalArgumentException(field + " must be positive and at most a day: " + value);
    }
    return value;
  }

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
