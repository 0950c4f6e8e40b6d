package dev.vitals;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An ASCII byte buffer for {@link MetricsText} that writes counts and seconds without
 * allocating: a scrape appends prepared bytes and numbers, then copies out the body. Not
 * thread-safe; one scrape owns it at a time.
 */
final class TextSink {
  private static final byte[] NAN = ascii("NaN");
  private static final byte[] PLUS_INF = ascii("+Inf");
  private static final byte[] MINUS_INF = ascii("-Inf");

  byte[] buf;
  int len;

  TextSink(byte[] buf) {
    this.buf = buf;
  }

  private void room(int n) {
    if (len + n > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
    }
  }

  TextSink put(byte[] bytes) {
    room(bytes.length);
    System.arraycopy(bytes, 0, buf, len, bytes.length);
    len += bytes.length;
    return this;
  }

  TextSink digit(int d) {
    room(1);
    buf[len++] = (byte) ('0' + d);
    return this;
  }

  void nl() {
    room(1);
    buf[len++] = '\n';
  }

  /** A non-negative count in decimal. */
  TextSink number(long value) {
    room(21);
    if (value < 0) {
      buf[len++] = '-';
      value = -value; // counts are never negative; Long.MIN_VALUE cannot occur
    }
    int start = len;
    do {
      buf[len++] = (byte) ('0' + (value % 10));
      value /= 10;
    } while (value != 0);
    for (int a = start, b = len - 1; a < b; a++, b--) {
      byte t = buf[a];
      buf[a] = buf[b];
      buf[b] = t;
    }
    return this;
  }

  /** Nanoseconds as seconds: {@code 1}, {@code 0.0025}, {@code 0.123456789}. Exact. */
  TextSink seconds(long nanos) {
    if (nanos < 0) {
      room(1);
      buf[len++] = '-';
      nanos = -nanos;
    }
    number(nanos / 1_000_000_000L);
    long fraction = nanos % 1_000_000_000L;
    if (fraction != 0) {
      room(10);
      buf[len++] = '.';
      int digits = 9;
      while (fraction % 10 == 0) {
        fraction /= 10;
        digits--;
      }
      for (int d = digits - 1; d >= 0; d--) {
        buf[len + d] = (byte) ('0' + (fraction % 10));
        fraction /= 10;
      }
      len += digits;
    }
    return this;
  }

  /**
   * Seconds held as a double: to the nanosecond in plain decimal (both parsers read it),
   * {@code NaN}, {@code +Inf} and {@code -Inf} as both formats spell them, and beyond 2^63 ns
   * (292 years) Java's scientific form, which both read too.
   */
  TextSink seconds(double seconds) {
    if (Double.isNaN(seconds)) {
      return put(NAN);
    }
    if (Math.abs(seconds) < 9.2e9) {
      return seconds(Math.round(seconds * 1e9));
    }
    if (Double.isInfinite(seconds)) {
      return put(seconds > 0 ? PLUS_INF : MINUS_INF);
    }
    return put(ascii(Double.toString(seconds)));
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
