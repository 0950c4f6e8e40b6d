package dev.vitals.lint;

import java.util.List;
import java.util.function.Consumer;

/** The static rules (VL2xx). (Stub: being written.) */
public final class ManifestLint {
  private ManifestLint() {}

  /** The findings of the static rules on {@code workloads}, using what {@code facts} know. */
  public static List<Finding> check(List<Workload> workloads, ServiceFacts facts, Consumer<String> notes) {
    return List.of();
  }
}
