package dev.vitals.lint;

import java.nio.file.Path;
import java.util.List;

/** Reads Kubernetes manifests. (Stub: being written.) */
public final class Manifests {
  private Manifests() {}

  /**
   * Every container of every Deployment, StatefulSet, DaemonSet and Pod in {@code files}
   * (multi-document YAML); other kinds are skipped. {@link LintException} naming the file and line
   * for a file that cannot be read or parsed.
   */
  public static List<Workload> read(List<Path> files) {
    if (files.isEmpty()) {
      return List.of();
    }
    throw new UnsupportedOperationException("manifests: not written yet");
  }
}
