package dev.vitals;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Renders one engine's {@link HealthMetrics} as the series of {@code docs/metrics.md}, in the
 * OpenMetrics 1.0 text format or in Prometheus' text format 0.0.4. {@link HealthEndpoints} serves
 * it at {@code <basePath>/metrics}; an application that serves metrics itself can render with it
 * too:
 *
 * <pre>{@code
 * MetricsText text = MetricsText.of(vitals);             // once: label sets are prepared here
 * MetricsText.Format format = MetricsText.negotiate(acceptHeader);
 * if (format == null) {
 *   // 406: the client accepts neither format
 * }
 * byte[] body = text.write(format);                      // on every scrape
 * }</pre>
 *
 * <p>Every label value comes from the registrations (name, probes, criticality), never from an
 * output, an exception or a request, so the series never carry a secret or a host. Reading never
 * runs a check or waits. A scrape writes into one buffer sized from the registrations and reused
 * between scrapes; what it allocates is essentially the body it returns. Thread-safe.
 */
public final class MetricsText {
  /** The two text formats, each with the {@code Content-Type} it is served with. */
  public enum Format {
    /** OpenMetrics 1.0: counters as families without {@code _total}, units, {@code # EOF}. */
    OPENMETRICS("application/openmetrics-text; version=1.0.0; charset=utf-8"),
    /** Prometheus' text format 0.0.4, for scrapers that ask for {@code text/plain}. */
    PROMETHEUS("text/plain; version=0.0.4; charset=utf-8");

    private final String mediaType;

    Format(String mediaType) {
      this.mediaType = mediaType;
    }

    /** The {@code Content-Type} of an answer in this format. */
    public String mediaType() {
      return mediaType;
    }
  }

  // The families in the order of the table in docs/metrics.md. Sample lines are the same in both
  // formats; only the metadata before them (and the OpenMetrics # EOF) differs.
  private static final Family STATUS = new Family("vitals_check_status", "gauge", false,
      "1 for the check's current status (pass, warn or fail), 0 for the other two; all three 0"
          + " before its first verdict. A stale verdict reads fail.");
  private static final Family DURATION = new Family("vitals_check_duration_seconds", "histogram",
      true, "How long the check's executions took, timed-out ones included (at their deadline).");
  private static final Family TIMEOUT = new Family("vitals_check_timeout_seconds", "gauge", true,
      "The check's deadline.");
  private static final Family TIMEOUTS = new Family("vitals_check_timeouts", "counter", false,
      "Executions of the check cut off at their deadline.");
  private static final Family STALE = new Family("vitals_check_stale_readings", "counter", false,
      "Probe answers that read the check's verdict when it was older than its staleAfter.");
  private static final Family TRANSITIONS = new Family("vitals_check_transitions", "counter",
      false, "Changes of the check's verdict status; the first verdict is not one.");
  private static final Family AGE = new Family("vitals_check_verdict_age_seconds", "gauge", true,
      "Seconds since the check's current verdict was observed; NaN before the first.");
  private static final Family PROBE = new Family("vitals_probe_status", "gauge", false,
      "1 for the status the probe answers now from the verdicts held, 0 for the other two.");
  private static final Family LIFECYCLE = new Family("vitals_lifecycle_state", "gauge", false,
      "1 for the process's current lifecycle state, 0 for the other five.");
  private static final Family[] FAMILIES = {
    STATUS, DURATION, TIMEOUT, TIMEOUTS, STALE, TRANSITIONS, AGE, PROBE, LIFECYCLE
  };

  private static final byte[] EOF = ascii("# EOF\n");
  private static final byte[] CLOSE = ascii("} ");
  private static final byte[] NAN = ascii("NaN");
  private static final byte[][] STATUS_LABEL = new byte[Status.values().length][];
  private static final byte[][] BUCKET_LABEL = new byte[HealthMetrics.BUCKETS.length + 1][];
  private static final byte[][] PROBE_LINE = new byte[Probe.values().length * 3][];
  private static final byte[][] LIFECYCLE_LINE = new byte[Lifecycle.values().length][];
  private static final byte[] BUCKET = ascii("vitals_check_duration_seconds_bucket{");
  private static final byte[] COUNT = ascii("vitals_check_duration_seconds_count{");
  private static final byte[] SUM = ascii("vitals_check_duration_seconds_sum{");
  private static final byte[] STATUS_SAMPLE = ascii("vitals_check_status{");
  private static final byte[] TIMEOUT_SAMPLE = ascii("vitals_check_timeout_seconds{");
  private static final byte[] TIMEOUTS_SAMPLE = ascii("vitals_check_timeouts_total{");
  private static final byte[] STALE_SAMPLE = ascii("vitals_check_stale_readings_total{");
  private static final byte[] TRANSITIONS_SAMPLE = ascii("vitals_check_transitions_total{");
  private static final byte[] AGE_SAMPLE = ascii("vitals_check_verdict_age_seconds{");
  /** Room for any value a sample line ends with: a long, seconds, or a double in full. */
  private static final int VALUE_ROOM = 26;

  static {
    for (Status status : Status.values()) {
      STATUS_LABEL[status.ordinal()] = ascii(",status=\"" + status.wireName() + "\"} ");
    }
    for (int i = 0; i < HealthMetrics.BUCKETS.length; i++) {
      // Java's shortest repeatable form: 0.0025, 1.0, 10.0; the same le in both formats.
      BUCKET_LABEL[i] = ascii(",le=\"" + HealthMetrics.BUCKETS[i] + "\"} ");
    }
    BUCKET_LABEL[HealthMetrics.BUCKETS.length] = ascii(",le=\"+Inf\"} ");
    for (Probe probe : Probe.values()) {
      for (Status status : Status.values()) {
        PROBE_LINE[probe.ordinal() * 3 + status.ordinal()] = ascii("vitals_probe_status{probe=\""
            + probe.label() + "\",status=\"" + status.wireName() + "\"} ");
      }
    }
    for (Lifecycle state : Lifecycle.values()) {
      LIFECYCLE_LINE[state.ordinal()] = ascii("vitals_lifecycle_state{state=\""
          + state.name().toLowerCase(Locale.ROOT) + "\"} ");
    }
  }

  private final HealthMetrics metrics;
  private final CheckMetrics[] checks;
  /** Per check: {@code check="…",probes="…",critical="…"}, escaped. */
  private final byte[][] labels;
  /** Per check: its timeout in seconds, as written. */
  private final byte[][] timeouts;
  /** An upper bound of a scrape's length, so that the buffer never grows. */
  private final int capacity;
  /** The buffer of the last scrape, taken by the next; a concurrent scrape allocates its own. */
  private final AtomicReference<Scrape> spare = new AtomicReference<>();

  private MetricsText(Vitals vitals) {
    this.metrics = vitals.metrics();
    List<CheckMetrics> list = metrics.checks();
    this.checks = list.toArray(new CheckMetrics[0]);
    this.labels = new byte[checks.length][];
    this.timeouts = new byte[checks.length][];
    int size = EOF.length;
    for (Family family : FAMILIES) {
      size += Math.max(family.meta[0].length, family.meta[1].length);
    }
    for (byte[] line : PROBE_LINE) {
      size += line.length + 2;
    }
    for (byte[] line : LIFECYCLE_LINE) {
      size += line.length + 2;
    }
    for (int i = 0; i < checks.length; i++) {
      HealthCheck check = checks[i].check();
      labels[i] = labelSet(check);
      Sink sink = new Sink(new byte[32]);
      sink.seconds(check.timeout().toNanos());
      timeouts[i] = Arrays.copyOf(sink.buf, sink.len);
      int perLine = labels[i].length + VALUE_ROOM + 2;
      size += 3 * (STATUS_SAMPLE.length + STATUS_LABEL[0].length + perLine);
      for (byte[] le : BUCKET_LABEL) {
        size += BUCKET.length + le.length + perLine;
      }
      size += COUNT.length + SUM.length + TIMEOUT_SAMPLE.length + TIMEOUTS_SAMPLE.length
          + STALE_SAMPLE.length + TRANSITIONS_SAMPLE.length + AGE_SAMPLE.length
          + 7 * (CLOSE.length + perLine);
    }
    this.capacity = size;
  }

  /**
   * A renderer for {@code vitals}: prepares every check's label set once. Share it; {@link
   * HealthEndpoints} keeps one.
   */
  public static MetricsText of(Vitals vitals) {
    return new MetricsText(Objects.requireNonNull(vitals, "vitals"));
  }

  /**
   * The format to answer a request whose {@code Accept} header is {@code accept} (several fields
   * joined with commas; null when absent), or null when it accepts neither (answer 406).
   *
   * <p>No header, or one that accepts {@code application/openmetrics-text} at least as much as
   * {@code text/plain}, gets OpenMetrics; one that prefers {@code text/plain} gets 0.0.4. Each
   * type takes the q-value of the most specific range that matches it ({@code type/subtype}, then
   * {@code type/*}, then {@code *}{@code /*}); a range whose {@code version} parameter is not one
   * served ({@code 1.0.0} or {@code 0.0.1} for OpenMetrics, {@code 0.0.4} for text) does not
   * match, nor does one with a malformed q-value. What Prometheus sends, {@code
   * application/openmetrics-text;version=1.0.0,…,text/plain;version=0.0.4;q=0.5,*}{@code
   * /*;q=0.1}, gets OpenMetrics; what Prometheus before 2.5 sends, {@code
   * text/plain;version=0.0.4;q=1,*}{@code /*;q=0.1}, gets 0.0.4.
   */
  public static Format negotiate(String accept) {
    if (accept == null || accept.isBlank()) {
      return Format.OPENMETRICS;
    }
    Accept om = new Accept("application", "openmetrics-text");
    Accept text = new Accept("text", "plain");
    int n = accept.length();
    int i = 0;
    while (i < n) {
      int end = elementEnd(accept, i);
      range(accept, i, end, om, text);
      i = end + 1;
    }
    if (om.q > 0 && om.q >= text.q) {
      return Format.OPENMETRICS;
    }
    return text.q > 0 ? Format.PROMETHEUS : null;
  }

  /**
   * The series in {@code format}, as UTF-8: every check's, every probe's and the lifecycle's, as
   * the engine holds them now.
   */
  public byte[] write(Format format) {
    Objects.requireNonNull(format, "format");
    Scrape scrape = spare.getAndSet(null);
    if (scrape == null) {
      scrape = new Scrape(capacity);
    }
    Sink out = scrape.sink;
    out.len = 0;
    int f = format.ordinal();
    int n = checks.length;

    out.put(STATUS.meta[f]);
    for (int i = 0; i < n; i++) {
      Status status = checks[i].status();
      for (Status s : Status.values()) {
        out.put(STATUS_SAMPLE).put(labels[i]).put(STATUS_LABEL[s.ordinal()])
            .digit(s == status ? 1 : 0).nl();
      }
    }

    out.put(DURATION.meta[f]);
    long[] buckets = scrape.buckets;
    int last = HealthMetrics.BUCKETS.length;
    for (int i = 0; i < n; i++) {
      double sum = checks[i].durationsInto(buckets);
      for (int b = 0; b <= last; b++) {
        out.put(BUCKET).put(labels[i]).put(BUCKET_LABEL[b]).number(buckets[b]).nl();
      }
      out.put(COUNT).put(labels[i]).put(CLOSE).number(buckets[last]).nl();
      out.put(SUM).put(labels[i]).put(CLOSE).seconds(sum).nl();
    }

    out.put(TIMEOUT.meta[f]);
    for (int i = 0; i < n; i++) {
      out.put(TIMEOUT_SAMPLE).put(labels[i]).put(CLOSE).put(timeouts[i]).nl();
    }
    out.put(TIMEOUTS.meta[f]);
    for (int i = 0; i < n; i++) {
      out.put(TIMEOUTS_SAMPLE).put(labels[i]).put(CLOSE).number(checks[i].timeouts()).nl();
    }
    out.put(STALE.meta[f]);
    for (int i = 0; i < n; i++) {
      out.put(STALE_SAMPLE).put(labels[i]).put(CLOSE).number(checks[i].staleReadings()).nl();
    }
    out.put(TRANSITIONS.meta[f]);
    for (int i = 0; i < n; i++) {
      out.put(TRANSITIONS_SAMPLE).put(labels[i]).put(CLOSE).number(checks[i].transitions()).nl();
    }
    out.put(AGE.meta[f]);
    for (int i = 0; i < n; i++) {
      out.put(AGE_SAMPLE).put(labels[i]).put(CLOSE).seconds(checks[i].verdictAgeSeconds()).nl();
    }

    out.put(PROBE.meta[f]);
    for (Probe probe : Probe.values()) {
      Status status = metrics.probeStatus(probe);
      for (Status s : Status.values()) {
        out.put(PROBE_LINE[probe.ordinal() * 3 + s.ordinal()]).digit(s == status ? 1 : 0).nl();
      }
    }
    out.put(LIFECYCLE.meta[f]);
    Lifecycle now = metrics.lifecycle();
    for (Lifecycle state : Lifecycle.values()) {
      out.put(LIFECYCLE_LINE[state.ordinal()]).digit(state == now ? 1 : 0).nl();
    }
    if (format == Format.OPENMETRICS) {
      out.put(EOF);
    }
    byte[] body = Arrays.copyOf(out.buf, out.len);
    spare.set(scrape);
    return body;
  }

  // -------------------------------------------------------------------------------------------
  // Label sets and escaping

  private static byte[] labelSet(HealthCheck check) {
    StringBuilder probes = new StringBuilder();
    for (Probe probe : Probe.values()) { // the enum's order: liveness,readiness,startup
      if (check.probes().contains(probe)) {
        probes.append(probes.length() == 0 ? "" : ",").append(probe.label());
      }
    }
    String set = "check=\"" + escapeLabel(check.name()) + "\",probes=\"" + probes
        + "\",critical=\"" + check.critical() + "\"";
    return set.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * A label value as both formats write it between its quotes: backslash, double quote and line
   * feed escaped as {@code \\}, {@code \"} and {@code \n}. (Check names, today 1–64 of {@code
   * A-Z a-z 0-9 . _ -}, never need it; the writer does not rely on that.)
   */
  static String escapeLabel(String value) {
    return escape(value, true);
  }

  /**
   * HELP text: OpenMetrics escapes backslash, double quote and line feed, 0.0.4 only backslash
   * and line feed (a {@code \"} there would read as two characters).
   */
  static String escapeHelp(String text, Format format) {
    return escape(text, format == Format.OPENMETRICS);
  }

  private static String escape(String s, boolean quotes) {
    StringBuilder out = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      String replacement =
          c == '\\' ? "\\\\" : c == '\n' ? "\\n" : c == '"' && quotes ? "\\\"" : null;
      if (replacement != null && out == null) {
        out = new StringBuilder(s.length() + 8).append(s, 0, i);
      }
      if (out != null) {
        if (replacement != null) {
          out.append(replacement);
        } else {
          out.append(c);
        }
      }
    }
    return out == null ? s : out.toString();
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /** One family's metadata lines, prepared for each format. */
  private static final class Family {
    final byte[][] meta = new byte[Format.values().length][];

    Family(String name, String type, boolean seconds, String help) {
      // OpenMetrics: the family is the counter's name without _total; TYPE, UNIT, HELP.
      meta[Format.OPENMETRICS.ordinal()] = ascii("# TYPE " + name + " " + type + "\n"
          + (seconds ? "# UNIT " + name + " seconds\n" : "")
          + "# HELP " + name + " " + escapeHelp(help, Format.OPENMETRICS) + "\n");
      // 0.0.4: a counter is named by its sample, _total included; no UNIT.
      String sample = type.equals("counter") ? name + "_total" : name;
      meta[Format.PROMETHEUS.ordinal()] = ascii(
          "# HELP " + sample + " " + escapeHelp(help, Format.PROMETHEUS) + "\n"
              + "# TYPE " + sample + " " + type + "\n");
    }
  }

  /** A scrape's reusable state: the output buffer and the histogram's copy. */
  private static final class Scrape {
    final Sink sink;
    final long[] buckets = new long[HealthMetrics.BUCKETS.length + 1];

    Scrape(int capacity) {
      this.sink = new Sink(new byte[capacity]);
    }
  }

  /** An ASCII byte buffer that writes numbers without allocating. */
  private static final class Sink {
    byte[] buf;
    int len;

    Sink(byte[] buf) {
      this.buf = buf;
    }

    private void room(int n) {
      if (len + n > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
      }
    }

    Sink put(byte[] bytes) {
      room(bytes.length);
      System.arraycopy(bytes, 0, buf, len, bytes.length);
      len += bytes.length;
      return this;
    }

    Sink digit(int d) {
      room(1);
      buf[len++] = (byte) ('0' + d);
      return this;
    }

    void nl() {
      room(1);
      buf[len++] = '\n';
    }

    /** A non-negative count in decimal. */
    Sink number(long value) {
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
    Sink seconds(long nanos) {
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
    Sink seconds(double seconds) {
      if (Double.isNaN(seconds)) {
        return put(NAN);
      }
      if (Math.abs(seconds) < 9.2e9) {
        return seconds(Math.round(seconds * 1e9));
      }
      if (Double.isInfinite(seconds)) {
        return put(ascii(seconds > 0 ? "+Inf" : "-Inf"));
      }
      return put(ascii(Double.toString(seconds)));
    }
  }

  // -------------------------------------------------------------------------------------------
  // Accept

  /** The q-value a type gets from the most specific range that matches it. */
  private static final class Accept {
    final String type;
    final String subtype;
    int specificity; // 0: no range matched yet; 1 */*, 2 type/*, 3 type/subtype
    double q;

    Accept(String type, String subtype) {
      this.type = type;
      this.subtype = subtype;
    }

    void offer(int rangeSpecificity, double rangeQ) {
      if (rangeSpecificity > specificity) {
        specificity = rangeSpecificity;
        q = rangeQ;
      } else if (rangeSpecificity == specificity && rangeQ > q) {
        q = rangeQ;
      }
    }
  }

  /** The index of the comma that ends the element starting at {@code from}, outside quotes. */
  private static int elementEnd(String s, int from) {
    boolean quoted = false;
    for (int i = from; i < s.length(); i++) {
      char c = s.charAt(i);
      if (quoted && c == '\\') {
        i++;
      } else if (c == '"') {
        quoted = !quoted;
      } else if (c == ',' && !quoted) {
        return i;
      }
    }
    return s.length();
  }

  /** Reads the media range in {@code s[from, to)} and offers it to the two types it may match. */
  private static void range(String s, int from, int to, Accept om, Accept text) {
    int semi = indexOf(s, ';', from, to);
    int slash = indexOf(s, '/', from, semi);
    if (slash == semi) {
      return; // an empty element (a stray comma) or no media range
    }
    String type = s.substring(from, slash).strip();
    String subtype = s.substring(slash + 1, semi).strip();
    double q = 1;
    String version = null;
    for (int p = semi; p < to; ) {
      int next = indexOf(s, ';', p + 1, to);
      int eq = indexOf(s, '=', p + 1, next);
      if (eq < next) {
        String name = s.substring(p + 1, eq).strip();
        String value = unquote(s.substring(eq + 1, next).strip());
        if (name.equalsIgnoreCase("q")) {
          q = qvalue(value);
          if (q < 0) {
            return; // malformed: the range is ignored
          }
          break; // what follows q are accept-extensions, not media type parameters
        } else if (name.equalsIgnoreCase("version")) {
          version = value;
        }
      }
      p = next;
    }
    if (type.equals("*") && subtype.equals("*")) {
      om.offer(1, q);
      text.offer(1, q);
    } else if (type.equalsIgnoreCase("application")) {
      offer(om, subtype, version, q, "1.0.0", "0.0.1");
    } else if (type.equalsIgnoreCase("text")) {
      offer(text, subtype, version, q, "0.0.4", "0.0.4");
    }
  }

  private static void offer(
      Accept accept, String subtype, String version, double q, String served, String alsoServed) {
    if (subtype.equals("*")) {
      accept.offer(2, q);
    } else if (subtype.equalsIgnoreCase(accept.subtype)
        && (version == null || version.equals(served) || version.equals(alsoServed))) {
      accept.offer(3, q);
    }
  }

  /** A qvalue of RFC 9110 (0 to 1, at most three decimals), or -1 when malformed. */
  private static double qvalue(String v) {
    int n = v.length();
    if (n == 0 || n > 5 || (v.charAt(0) != '0' && v.charAt(0) != '1')
        || (n > 1 && v.charAt(1) != '.')) {
      return -1;
    }
    int thousandths = 0;
    for (int i = 2; i < 5; i++) {
      char c = i < n ? v.charAt(i) : '0';
      if (c < '0' || c > '9') {
        return -1;
      }
      thousandths = thousandths * 10 + (c - '0');
    }
    if (v.charAt(0) == '1') {
      return thousandths == 0 ? 1 : -1;
    }
    return thousandths / 1000.0;
  }

  private static String unquote(String v) {
    return v.length() >= 2 && v.charAt(0) == '"' && v.charAt(v.length() - 1) == '"'
        ? v.substring(1, v.length() - 1)
        : v;
  }

  private static int indexOf(String s, char c, int from, int to) {
    int i = s.indexOf(c, from);
    return i < 0 || i >= to ? to : i;
  }
}
