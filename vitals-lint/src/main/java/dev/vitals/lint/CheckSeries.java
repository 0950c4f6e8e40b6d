package dev.vitals.lint;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The two Vitals series lint reads from {@code /health/metrics} (OpenMetrics or Prometheus text):
 * per check, {@code vitals_check_duration_seconds_count} (its executions so far, VL112) and {@code
 * vitals_check_timeout_seconds} (its deadline, for VL207). Names as in {@code docs/metrics.md};
 * other lines are skipped.
 *
 * @param executions executions by check name
 * @param deadlines deadlines in seconds by check name
 */
record CheckSeries(Map<String, Double> executions, Map<String, Double> deadlines) {
  static final String EXECUTIONS = "vitals_check_duration_seconds_count";
  static final String DEADLINE = "vitals_check_timeout_seconds";

  /** The series of {@code text}; both maps empty if it has none. */
  static CheckSeries parse(String text) {
    Map<String, Double> executions = new LinkedHashMap<>();
    Map<String, Double> deadlines = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      int brace = line.indexOf('{');
      int close = line.lastIndexOf('}');
      if (line.startsWith("#") || brace < 0 || close < brace) {
        continue;
      }
      String name = line.substring(0, brace);
      Map<String, Double> into = name.equals(EXECUTIONS) ? executions
          : name.equals(DEADLINE) ? deadlines : null;
      String check = into == null ? null : label(line.substring(brace + 1, close), "check");
      String[] rest = line.substring(close + 1).strip().split("\\s+");
      if (check != null && !rest[0].isEmpty()) {
        try {
          into.put(check, Double.parseDouble(rest[0]));
        } catch (NumberFormatException e) {
          // +Inf and -Inf are not Java's spelling; neither is a count or a deadline
        }
      }
    }
    return new CheckSeries(Map.copyOf(executions), Map.copyOf(deadlines));
  }

  /** The value of label {@code name} in {@code labels} ({@code a="x",b="y"}), unescaped; or null. */
  private static String label(String labels, String name) {
    int i = 0;
    while (i < labels.length()) {
      int eq = labels.indexOf("=\"", i);
      if (eq < 0) {
        return null;
      }
      String key = labels.substring(i, eq).strip();
      StringBuilder value = new StringBuilder();
      int j = eq + 2;
      for (; j < labels.length() && labels.charAt(j) != '"'; j++) {
        char c = labels.charAt(j);
        if (c == '\\' && j + 1 < labels.length()) {
          char next = labels.charAt(++j);
          value.append(next == 'n' ? '\n' : next);
        } else {
          value.append(c);
        }
      }
      if (key.equals(name)) {
        return value.toString();
      }
      i = labels.indexOf(',', j) < 0 ? labels.length() : labels.indexOf(',', j) + 1;
    }
    return null;
  }
}
