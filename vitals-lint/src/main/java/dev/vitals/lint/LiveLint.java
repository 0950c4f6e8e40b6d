package dev.vitals.lint;

import java.util.List;
import java.util.function.Consumer;

/** The live rules (VL1xx) against a running service. (Stub: being written.) */
public final class LiveLint {
  private final LintOptions options;
  private final List<Workload> workloads;

  /** Probes {@code options.target()}; probe periods and timeouts from {@code workloads} if any. */
  public LiveLint(LintOptions options, List<Workload> workloads) {
    this.options = options;
    this.workloads = workloads;
  }

  /** Applies every live rule, reporting findings and notes; returns what it learned. */
  public ServiceFacts run(Consumer<Finding> findings, Consumer<String> notes) {
    throw new UnsupportedOperationException("live lint: not written yet " + options + workloads);
  }
}
