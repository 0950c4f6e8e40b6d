package dev.vitals;

/**
 * The series of {@code docs/metrics.md}, one constant each: their names in Prometheus' and
 * Micrometer's conventions, type, unit and help text. Every exporter takes them from here ({@link
 * MetricsText} for {@code /health/metrics}, {@code vitals-micrometer}), so the two paths cannot
 * drift apart.
 */
public enum MetricSeries {
  /** Per check and status: 1 for the check's current status. */
  CHECK_STATUS("vitals_check_status", "vitals.check.status", "gauge", false,
      "1 for the check's current status (pass, warn or fail), 0 for the other two; all three 0"
          + " before its first verdict. A background check's stale verdict reads fail."),
  /** Per check: how long its executions took. */
  CHECK_DURATION("vitals_check_duration_seconds", "vitals.check.duration", "histogram", true,
      "How long the check's executions took, timed-out ones included (at their deadline)."),
  /** Per check: its deadline. */
  CHECK_TIMEOUT("vitals_check_timeout_seconds", "vitals.check.timeout", "gauge", true,
      "The check's deadline."),
  /** Per check: executions cut off at their deadline. */
  CHECK_TIMEOUTS("vitals_check_timeouts", "vitals.check.timeouts", "counter", false,
      "Executions of the check cut off at their deadline."),
  /** Per check: probe answers that read its verdict as stale. */
  CHECK_STALE_READINGS("vitals_check_stale_readings", "vitals.check.stale.readings", "counter",
      false,
      "Probe answers that read the check's verdict when it was older than its staleAfter."),
  /** Per check: changes of its verdict's status. */
  CHECK_TRANSITIONS("vitals_check_transitions", "vitals.check.transitions", "counter", false,
      "Changes of the check's verdict status; the first verdict is not one."),
  /** Per check: the age of its verdict. */
  CHECK_VERDICT_AGE("vitals_check_verdict_age_seconds", "vitals.check.verdict.age", "gauge", true,
      "Seconds since the check's current verdict was observed; NaN before the first."),
  /** Per probe and status: 1 for what the probe answers now. */
  PROBE_STATUS("vitals_probe_status", "vitals.probe.status", "gauge", false,
      "1 for the status the probe answers now from the verdicts held, 0 for the other two."),
  /** Per lifecycle state: 1 for the process's current one. */
  LIFECYCLE_STATE("vitals_lifecycle_state", "vitals.lifecycle.state", "gauge", false,
      "1 for the process's current lifecycle state, 0 for the other five.");

  private final String prometheusName;
  private final String micrometerName;
  private final String type;
  private final boolean seconds;
  private final String help;

  MetricSeries(
      String prometheusName, String micrometerName, String type, boolean seconds, String help) {
    this.prometheusName = prometheusName;
    this.micrometerName = micrometerName;
    this.type = type;
    this.seconds = seconds;
    this.help = help;
  }

  /**
   * The OpenMetrics family name, e.g. {@code vitals_check_timeouts} (a counter's samples add
   * {@code _total}, a histogram's {@code _bucket}, {@code _count} and {@code _sum}).
   */
  public String prometheusName() {
    return prometheusName;
  }

  /** The meter name on Micrometer's conventions, e.g. {@code vitals.check.timeouts}. */
  public String micrometerName() {
    return micrometerName;
  }

  /** {@code gauge}, {@code counter} or {@code histogram}. */
  public String type() {
    return type;
  }

  /** Whether the values are seconds (the unit is then part of the Prometheus name). */
  public boolean seconds() {
    return seconds;
  }

  /** What the series says, as HELP text and meter description. */
  public String help() {
    return help;
  }

  /**
   * The {@code probes} label of {@code check}: the probes it feeds, comma-separated, in the order
   * liveness, readiness, startup.
   */
  public static String probesLabel(HealthCheck check) {
    StringBuilder probes = new StringBuilder();
    for (Probe probe : Probe.values()) {
      if (check.probes().contains(probe)) {
        probes.append(probes.length() == 0 ? "" : ",").append(probe.label());
      }
    }
    return probes.toString();
  }
}
