package dev.vitals.lint;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs lint: reads the manifests, probes the running service (or starts it, in lifecycle mode),
 * then applies the static rules with what the service showed.
 *
 * <pre>{@code
 * Report report = Lint.run(LintOptions.builder().baseUrl("http://127.0.0.1:8080").build());
 * ReportWriter.TEXT.write(report, System.out);
 * System.exit(report.exitStatus());
 * }</pre>
 */
public final class Lint {
  private Lint() {}

  /** Lints what {@code options} name; {@link LintException} when it cannot run at all. */
  public static Report run(LintOptions options) {
    List<String> targets = new ArrayList<>();
    List<Finding> findings = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    List<Workload> workloads = Manifests.read(options.manifests());
    options.manifests().forEach(path -> targets.add(path.toString()));
    ServiceFacts facts = ServiceFacts.NONE;
    if (options.run() != null) {
      targets.add(options.run() + " (port " + options.port() + ")");
      facts = new LifecycleLint(options, workloads).run(findings::add, notes::add);
    } else if (options.baseUrl() != null) {
      targets.add(options.baseUrl().toString());
      facts = new LiveLint(options, workloads).run(findings::add, notes::add);
    }
    // What the service showed judges only the workloads that serve it; the others are read as
    // written.
    List<Workload> serving = options.target() == null ? workloads
        : Workload.serving(workloads, options.targetPort());
    List<Workload> others = new ArrayList<>(workloads);
    others.removeAll(serving);
    findings.addAll(ManifestLint.check(serving, facts, notes::add));
    findings.addAll(ManifestLint.check(others, ServiceFacts.NONE, notes::add));
    if (!workloads.isEmpty() && facts.checkDeadline() == null) {
      notes.add("VL207 not checked: the service's check deadline is unknown (it is read from a"
          + " Vitals service's /health/metrics, with --token)");
    }
    return new Report(targets, findings, notes);
  }
}
