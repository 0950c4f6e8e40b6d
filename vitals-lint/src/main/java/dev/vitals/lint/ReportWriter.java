package dev.vitals.lint;

import java.io.PrintStream;

/** Writes a {@link Report}: a readable text, JSON, or SARIF 2.1.0. (Stub: being written.) */
public enum ReportWriter {
  TEXT,
  JSON,
  SARIF;

  /** Writes {@code report} to {@code out}. */
  public void write(Report report, PrintStream out) {
    out.println(report);
  }
}
