package dev.vitals;

import dev.vitals.MetricsText.Format;

/**
 * Reads an {@code Accept} header (RFC 9110, 12.5.1) for {@link MetricsText#negotiate}: each
 * comma-separated media range (commas inside quoted parameters do not split), its {@code q}
 * (0 to 1 with at most three decimals; a malformed one drops the range) and its {@code version}
 * parameter. Each of the two types gets the q-value of the most specific range that matches it.
 * No regular expressions; a header is read once per scrape.
 */
final class MediaRanges {
  private MediaRanges() {}

  static Format negotiate(String accept) {
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
