package dev.vitals;

import java.nio.charset.StandardCharsets;
import java.time.temporal.ChronoUnit;

/**
 * Renders reports as {@code application/health+json} (draft-inadarei-api-health-check-06).
 *
 * <p>Anonymous callers get only {@code {"status":"pass"}} (or warn, fail), from bytes prepared
 * once. {@link #write(HealthReport)} is the full document: {@code status}, the
 * service's {@code version}, {@code releaseId}, {@code serviceId} and {@code description}, an
 * {@code output} when the status is not pass, and {@code checks} keyed {@code name:measurement},
 * each an array of one object with {@code componentId}, {@code componentType}, {@code
 * observedValue}, {@code observedUnit}, {@code status}, {@code time} and {@code output}.
 */
public final class HealthJson {
  /** The media type of every health answer. */
  public static final String MEDIA_TYPE = "application/health+json";

  private static final byte[][] STATUS_ONLY = new byte[Status.values().length][];

  static {
    for (Status status : Status.values()) {
      STATUS_ONLY[status.ordinal()] =
          ("{\"status\":\"" + status.wireName() + "\"}").getBytes(StandardCharsets.UTF_8);
    }
  }

  private HealthJson() {}

  /**
   * {@code {"status":"…"}} as UTF-8. The array is shared: callers must not modify it.
   */
  static byte[] statusOnly(Status status) {
    return STATUS_ONLY[status.ordinal()];
  }

  /** The full document as UTF-8. */
  public static byte[] write(HealthReport report) {
    return toJson(report).getBytes(StandardCharsets.UTF_8);
  }

  /** The full document as a string. */
  public static String toJson(HealthReport report) {
    StringBuilder out = new StringBuilder(256 + report.checks().size() * 192);
    out.append("{\"status\":\"").append(report.status().wireName()).append('"');
    ServiceInfo service = report.service();
    field(out, "version", service.version());
    field(out, "releaseId", service.releaseId());
    field(out, "serviceId", service.serviceId());
    field(out, "description", service.description());
    field(out, "output", report.output());
    if (!report.checks().isEmpty()) {
      out.append(",\"checks\":{");
      boolean first = true;
      for (HealthReport.Entry entry : report.checks()) {
        if (!first) {
          out.append(',');
        }
        first = false;
        string(out, entry.key());
        out.append(":[{");
        int mark = out.length();
        field(out, "componentId", entry.check().componentId());
        field(out, "componentType", entry.check().componentType());
        if (entry.observedValue() != null) {
          out.append(",\"observedValue\":");
          value(out, entry.observedValue());
        }
        field(out, "observedUnit", entry.observedUnit());
        out.append(",\"status\":\"").append(entry.status().wireName()).append('"');
        field(out, "time",
            entry.time() == null ? null : entry.time().truncatedTo(ChronoUnit.MILLIS).toString());
        field(out, "output", entry.output());
        out.deleteCharAt(mark); // the comma before the first field of the object
        out.append("}]");
      }
      out.append('}');
    }
    return out.append('}').toString();
  }

  private static void field(StringBuilder out, String name, String value) {
    if (value != null) {
      out.append(",\"").append(name).append("\":");
      string(out, value);
    }
  }

  private static void value(StringBuilder out, Object value) {
    if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        out.append("null");
      } else {
        out.append(value);
      }
    } else if (value instanceof Number || value instanceof Boolean) {
      out.append(value);
    } else {
      string(out, value.toString());
    }
  }

  /**
   * {@code s} as a JSON string literal, quotes included, escaped as every health+json answer is
   * (control characters, and U+2028/U+2029 for readers that embed JSON in JavaScript).
   */
  public static String quote(String s) {
    StringBuilder out = new StringBuilder(s.length() + 2);
    string(out, s);
    return out.toString();
  }

  private static void string(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == '\u2028' || c == '\u2029') {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
