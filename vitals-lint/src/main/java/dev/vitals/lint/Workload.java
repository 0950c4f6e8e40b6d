package dev.vitals.lint;

import java.util.List;
import java.util.Map;

/**
 * One container of a workload read from a manifest: what the static rules look at.
 *
 * @param file the manifest's path as given
 * @param line the 1-based line of the container's {@code name}
 * @param kind {@code Deployment}, {@code StatefulSet}, {@code DaemonSet} or {@code Pod}
 * @param name the object's {@code metadata.name}
 * @param container the container's name
 * @param liveness its livenessProbe, or null
 * @param readiness its readinessProbe, or null
 * @param startup its startupProbe, or null
 * @param terminationGracePeriodSeconds the pod's, or Kubernetes' default 30
 * @param preStopSleepSeconds a preStop {@code sleep} (the lifecycle handler or an exec of {@code
 *     sleep N}), or 0
 * @param env the container's literal {@code env} values (valueFrom entries are left out)
 * @param ports the container's ports by name (e.g. {@code http} → 8080), and every port also under
 *     its number ({@code "8080"} → 8080), so that a probe's port as written resolves either way
 */
public record Workload(String file, int line, String kind, String name, String container,
    ProbeSpec liveness, ProbeSpec readiness, ProbeSpec startup, int terminationGracePeriodSeconds,
    int preStopSleepSeconds, Map<String, String> env, Map<String, Integer> ports) {

  public static final int DEFAULT_GRACE_PERIOD = 30;

  public Workload {
    env = Map.copyOf(env);
    ports = Map.copyOf(ports);
  }

  /**
   * The workloads whose container ports or probe ports include {@code port}: the ones that serve
   * the service lint talks to. All of them when none does (a manifest with no ports written).
   */
  public static List<Workload> serving(List<Workload> workloads, int port) {
    String written = Integer.toString(port);
    List<Workload> serving = workloads.stream()
        .filter(w -> w.ports().containsValue(port)
            || w.probes().stream().anyMatch(p -> written.equals(p.port())))
        .toList();
    return serving.isEmpty() ? workloads : serving;
  }

  /** {@code Deployment/notes, container notes}: the context of a finding. */
  public String describe() {
    return kind + "/" + name + ", container " + container;
  }

  /** The probes it has, in the order liveness, readiness, startup. */
  public List<ProbeSpec> probes() {
    java.util.ArrayList<ProbeSpec> probes = new java.util.ArrayList<>();
    for (ProbeSpec p : new ProbeSpec[] {liveness, readiness, startup}) {
      if (p != null) {
        probes.add(p);
      }
    }
    return probes;
  }
}
