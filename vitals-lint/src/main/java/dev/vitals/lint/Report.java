package dev.vitals.lint;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What one run of lint found, and what it looked at.
 *
 * @param targets what was linted, e.g. the base URL, each manifest, the command run
 * @param findings sorted by severity, then rule id, then location
 * @param notes how lint went about it (paths found, the N of the load test, what was skipped and
 *     why), for the text report; never a finding
 */
public record Report(List<String> targets, List<Finding> findings, List<String> notes) {

  private static final Comparator<Finding> ORDER = Comparator
      .comparing(Finding::severity)
      .thenComparing(f -> f.rule().id())
      .thenComparing(f -> f.location().toString());

  public Report {
    targets = List.copyOf(targets);
    List<Finding> sorted = new ArrayList<>(findings);
    sorted.sort(ORDER);
    findings = List.copyOf(sorted);
    notes = List.copyOf(notes);
  }

  /** How many findings have {@code severity}. */
  public long count(Severity severity) {
    return findings.stream().filter(f -> f.severity() == severity).count();
  }

  /** The exit status of {@code vitals lint}: 1 with any error, else 0. */
  public int exitStatus() {
    return count(Severity.ERROR) > 0 ? 1 : 0;
  }
}
