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
  private static final Family STATUS = new Family(MetricSeries.CHECK_STATUS);
  private static final Family DURATION = new Family(MetricSeries.CHECK_DURATION);
  private static final Family TIMEOUT = new Family(MetricSeries.CHECK_TIMEOUT);
  private static final Family TIMEOUTS = new Family(MetricSeries.CHECK_TIMEOUTS);
  private static final Family STALE = new Family(MetricSeries.CHECK_STALE_READINGS);
  private static final Family TRANSITIONS = new Family(MetricSeries.CHECK_TRANSITIONS);
  private static final Family AGE = new Family(MetricSeries.CHECK_VERDICT_AGE);
  private static final Family PROBE = new Family(MetricSeries.PROBE_STATUS);
  private static final Family LIFECYCLE = new Family(MetricSeries.LIFECYCLE_STATE);
  private static final Family[] FAMILIES = {
    STATUS, DURATION, TIMEOUT, TIMEOUTS, STALE, TRANSITIONS, AGE, PROBE, LIFECYCLE
  };

  private static final byte[] EOF = ascii("# EOF\n");
  private static final byte[] CLOSE = ascii("} ");
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
      TextSink sink = new TextSink(new byte[32]);
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
    return MediaRanges.negotiate(accept);
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
    TextSink out = scrape.sink;
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
    String set = "check=\"" + escapeLabel(check.name()) + "\",probes=\""
        + MetricSeries.probesLabel(check) + "\",critical=\"" + check.critical() + "\"";
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

    Family(MetricSeries series) {
      String name = series.prometheusName();
      String type = series.type();
      boolean seconds = series.seconds();
      String help = series.help();
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
    final TextSink sink;
    final long[] buckets = new long[HealthMetrics.BUCKETS.length + 1];

    Scrape(int capacity) {
      this.sink = new TextSink(new byte[capacity]);
    }
  }
}
