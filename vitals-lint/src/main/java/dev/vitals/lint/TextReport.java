package dev.vitals.lint;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The text report: findings grouped by the URL or manifest they were seen at (most severe place
 * first, as the report is sorted), each finding as a headline and labelled lines wrapped to
 * {@value #WIDTH} columns; then the notes and a summary line. No colours: it goes to CI logs and
 * files as often as to terminals.
 */
final class TextReport {
  private static final int WIDTH = 100;
  private static final String SEVERITY_COLUMN = "  %-8s ";
  private static final String LABEL_COLUMN = " ".repeat(String.format(SEVERITY_COLUMN, "").length());

  private TextReport() {}

  static String render(Report report) {
    StringBuilder out = new StringBuilder();
    out.append("vitals lint: ").append(String.join(", ", report.targets())).append('\n');
    Map<String, List<Finding>> byPlace = new LinkedHashMap<>();
    for (Finding finding : report.findings()) {
      byPlace.computeIfAbsent(finding.location().uri(), uri -> new ArrayList<>()).add(finding);
    }
    byPlace.forEach((uri, findings) -> {
      out.append('\n').append(uri).append('\n');
      findings.forEach(finding -> finding(finding, out));
    });
    if (!report.notes().isEmpty()) {
      out.append("\nHow lint went about it:\n");
      report.notes().forEach(note -> wrap("  - ", "    ", note, out));
    }
    return out.append('\n').append(summary(report)).append('\n').toString();
  }

  /** {@code 2 errors, 1 warning, 0 notes}. */
  static String summary(Report report) {
    return count(report.count(Severity.ERROR), "error") + ", "
        + count(report.count(Severity.WARNING), "warning") + ", "
        + count(report.count(Severity.NOTE), "note");
  }

  private static String count(long n, String word) {
    return n + " " + word + (n == 1 ? "" : "s");
  }

  private static void finding(Finding finding, StringBuilder out) {
    Rule rule = finding.rule();
    Location at = finding.location();
    out.append(String.format(SEVERITY_COLUMN, finding.severity().label()))
        .append(rule.id()).append(' ').append(rule.slug()).append(": ").append(rule.title())
        .append('\n');
    String context = at.context() == null ? "" : at.context();
    String where = at.line() > 0 ? "line " + at.line() + (context.isEmpty() ? "" : ", " + context) : context;
    if (!where.isEmpty()) {
      labelled("where", where, out);
    }
    labelled("observed", finding.observed(), out);
    labelled("why", rule.why(), out);
    labelled("fix", rule.fix(), out);
    labelled("docs", ReportWriter.DOCS_URL + "#" + rule.anchor(), out);
  }

  private static void labelled(String label, String text, StringBuilder out) {
    String first = LABEL_COLUMN + String.format("%-10s", label + ":");
    wrap(first, " ".repeat(first.length()), text, out);
  }

  /** {@code text} after {@code first}, wrapped at spaces; a word longer than a line stays whole. */
  private static void wrap(String first, String indent, String text, StringBuilder out) {
    StringBuilder line = new StringBuilder(first);
    boolean empty = true;
    for (String word : text.strip().split("\\s+")) {
      if (!empty && line.length() + 1 + word.length() > WIDTH) {
        out.append(line).append('\n');
        line.setLength(0);
        line.append(indent);
        empty = true;
      }
      line.append(empty ? "" : " ").append(word);
      empty = false;
    }
    out.append(line).append('\n');
  }
}
