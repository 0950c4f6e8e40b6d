package dev.vitals;

/**
 * The three questions an orchestrator asks a process. Every check belongs to one or more probes;
 * every check also appears in the detailed view.
 */
public enum Probe {
  /**
   * Is the process alive? Reads only process-internal checks (deadlock, heap, executor lag,
   * {@link Vitals#markBroken(String)}). A failing liveness probe gets the process restarted, so a
   * dependency outage must never fail it.
   */
  LIVENESS("liveness"),
  /** Can the process serve traffic now? Dependencies belong here. */
  READINESS("readiness"),
  /** Has initialisation finished? Gates readiness until it has passed once. */
  STARTUP("startup");

  private final String label;

  Probe(String label) {
    this.label = label;
  }

  /** The lowercase name, as used in logs and configuration. */
  public String label() {
    return label;
  }
}
