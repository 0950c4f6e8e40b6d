package dev.vitals.lint;

/** How much a finding matters; an {@link #ERROR} makes {@code vitals lint} exit 1. */
public enum Severity {
  /** The endpoint or manifest misleads the infrastructure, hangs, leaks, or multiplies load. */
  ERROR("error"),
  /** Works today, but is fragile or departs from the practice. */
  WARNING("warning"),
  /** Worth knowing; nothing to fix. */
  NOTE("note");

  private final String label;

  Severity(String label) {
    this.label = label;
  }

  /** {@code error}, {@code warning} or {@code note}: the report's word and SARIF's level. */
  public String label() {
    return label;
  }
}
