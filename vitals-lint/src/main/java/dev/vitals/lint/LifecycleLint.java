package dev.vitals.lint;

import java.util.List;
import java.util.function.Consumer;

/** Lifecycle mode (VL3xx): starts the service, lints it live, stops it. (Stub: being written.) */
public final class LifecycleLint {
  private final LintOptions options;
  private final List<Workload> workloads;

  public LifecycleLint(LintOptions options, List<Workload> workloads) {
    this.options = options;
    this.workloads = workloads;
  }

  /** Starts {@code options.run()}, applies the lifecycle and live rules, and stops it. */
  public ServiceFacts run(Consumer<Finding> findings, Consumer<String> notes) {
    throw new UnsupportedOperationException("lifecycle lint: not written yet " + options + workloads);
  }
}
