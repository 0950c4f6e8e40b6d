package dev.vitals.lint;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a {@link Report} for people ({@link #TEXT}), for scripts ({@link #JSON}) or for code
 * scanning in CI ({@link #SARIF}). Every format is written as UTF-8, whatever the stream's own
 * charset: SARIF requires it, and the rules' texts are not all ASCII.
 *
 * <pre>{@code
 * ReportWriter.SARIF.write(Lint.run(options), System.out);
 * }</pre>
 */
public enum ReportWriter {
  /**
   * Findings grouped by URL or manifest, each with its severity, rule, where it was seen, what was
   * observed, why it matters, how to fix it and a link to its documentation; then how lint went
   * about it, then a summary line such as {@code 2 errors, 1 warning, 0 notes}.
   */
  TEXT {
    @Override
    String render(Report report) {
      return TextReport.render(report);
    }
  },
  /**
   * One JSON object, documented in {@code docs/lint-rules.md}: {@code targets}, {@code summary}
   * (errors, warnings, notes), {@code findings} (rule, name, title, kind, severity, location,
   * observed, why, fix, help) and {@code notes}. Keys are stable; new ones may be added.
   */
  JSON {
    @Override
    String render(Report report) {
      List<Object> findings = new ArrayList<>();
      for (Finding finding : report.findings()) {
        Rule rule = finding.rule();
        Location at = finding.location();
        findings.add(JsonTree.object(
            "rule", rule.id(),
            "name", rule.slug(),
            "title", rule.title(),
            "kind", kind(rule),
            "severity", finding.severity().label(),
            "location", JsonTree.object(
                "uri", at.uri(),
                "line", at.line() > 0 ? at.line() : null,
                "context", at.context()),
            "observed", finding.observed(),
            "why", rule.why(),
            "fix", rule.fix(),
            "help", DOCS_PATH + "#" + rule.anchor()));
      }
      return JsonTree.write(JsonTree.object(
          "targets", report.targets(),
          "summary", JsonTree.object(
              "errors", report.count(Severity.ERROR),
              "warnings", report.count(Severity.WARNING),
              "notes", report.count(Severity.NOTE)),
          "findings", findings,
          "notes", report.notes()));
    }
  },
  /**
   * SARIF 2.1.0: one run of the tool {@code vitals lint} whose driver lists every {@link Rule},
   * one result per finding (a manifest's path and line, or the endpoint's URL), and the notes as
   * notifications of the invocation. What GitHub code scanning and other SARIF viewers read.
   */
  SARIF {
    @Override
    String render(Report report) {
      return SarifReport.render(report);
    }
  };

  /** Where the rules are documented, relative to the repository's root. */
  static final String DOCS_PATH = "docs/lint-rules.md";
  /** The rules' documentation on the web; a rule's section is {@code #} plus its anchor. */
  static final String DOCS_URL = "https://github.com/vitals-dev/vitals/blob/main/" + DOCS_PATH;

  /** The whole report in this format. */
  abstract String render(Report report);

  /** Writes {@code report} to {@code out} in this format, as UTF-8, and flushes. */
  public void write(Report report, PrintStream out) {
    out.writeBytes(render(report).getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  /** {@code live}, {@code static} or {@code lifecycle}. */
  static String kind(Rule rule) {
    return rule.kind().name().toLowerCase(java.util.Locale.ROOT);
  }
}
