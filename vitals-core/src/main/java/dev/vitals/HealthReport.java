package dev.vitals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The answer to one probe, or the detailed view: an overall status with the verdict of every check
 * it read. Immutable. {@link HealthJson} renders it as {@code application/health+json}.
 */
public final class HealthReport {
  private final Status status;
  private final String output;
  private final List<Entry> checks;
  private final ServiceInfo service;

  HealthReport(Status status, String output, List<Entry> checks, ServiceInfo service) {
    this.status = status;
    this.output = output;
    this.checks = List.copyOf(checks);
    this.service = service;
  }

  /** The overall status: pass and warn answer 200, fail answers 503. */
  public Status status() {
    return status;
  }

  /** Why the status is not pass ("draining", "failing: postgres"), or null when it passes. */
  public String output() {
    return output;
  }

  /** The checks read, in registration order. */
  public List<Entry> checks() {
    return checks;
  }

  /** The service's identity (version, releaseId, serviceId, description). */
  public ServiceInfo service() {
    return service;
  }

  /** The first entry with this check name, or null. */
  public Entry check(String name) {
    for (Entry entry : checks) {
      if (entry.name().equals(name)) {
        return entry;
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return status.wireName() + (output == null ? "" : " (" + output + ")") + " " + checks;
  }

  /** One check as this probe sees it: staleness, criticality and pending state applied. */
  public static final class Entry {
    private final HealthCheck check;
    private final Status status;
    private final String output;
    private final Object observedValue;
    private final String observedUnit;
    private final Instant time;
    private final Duration duration;

    Entry(
        HealthCheck check,
        Status status,
        String output,
        Object observedValue,
        String observedUnit,
        Instant time,
        Duration duration) {
      this.check = check;
      this.status = status;
      this.output = output;
      this.observedValue = observedValue;
      this.observedUnit = observedUnit;
      this.time = time;
      this.duration = duration;
    }

    public String name() {
      return check.name();
    }

    /** The wire key, {@code name:measurement}. */
    public String key() {
      return check.key();
    }

    /** The registration this entry reports on. */
    public HealthCheck check() {
      return check;
    }

    public Status status() {
      return status;
    }

    /** Why the status is not pass, or null. */
    public String output() {
      return output;
    }

    public Object observedValue() {
      return observedValue;
    }

    public String observedUnit() {
      return observedUnit;
    }

    /** When the verdict was observed, or null if the check has never completed. */
    public Instant time() {
      return time;
    }

    /**
     * How long the execution behind the verdict took (its timeout, if it timed out), or null if
     * the check has never completed.
     */
    public Duration duration() {
      return duration;
    }

    @Override
    public String toString() {
      return key() + "=" + status.wireName() + (output == null ? "" : " (" + output + ")");
    }
  }
}
