package dev.vitals.spring;

import dev.vitals.Durations;
import dev.vitals.HealthCheck;
import dev.vitals.Probe;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * One check's settings from configuration ({@code vitals.checks.<name>.*}), laid over the
 * defaults of a check found among the application's beans. Every field is optional: null keeps
 * the check's own default. Durations are written {@code 500ms}, {@code 5s}, {@code 2m} or {@code
 * PT5S}; a bare number is rejected, as everywhere in Vitals.
 *
 * @param enabled false leaves the check out; default true
 * @param timeout the deadline of one execution, e.g. {@code 1s}
 * @param interval the background schedule, e.g. {@code 10s}
 * @param recoveryInterval the background schedule while the verdict fails, e.g. {@code 1s}
 * @param critical false makes a failure only warn (200)
 * @param probes which probes read the check: {@code liveness}, {@code readiness}, {@code startup}
 * @param failureThreshold consecutive failures before the verdict turns to fail
 * @param successThreshold consecutive passes before a failing verdict turns back
 */
public record CheckPolicy(
    Boolean enabled,
    String timeout,
    String interval,
    String recoveryInterval,
    Boolean critical,
    List<String> probes,
    Integer failureThreshold,
    Integer successThreshold) {

  /** No settings: the check keeps its defaults. */
  public static final CheckPolicy DEFAULTS =
      new CheckPolicy(null, null, null, null, null, null, null, null);

  /** Defensive copy of {@code probes}. */
  public CheckPolicy {
    probes = probes == null ? null : List.copyOf(probes);
  }

  /** False only when {@code enabled} was set to false. */
  public boolean isEnabled() {
    return enabled == null || enabled;
  }

  /**
   * {@code registration} with these settings laid over it. An error names the property: a bad
   * value {@code <prefix>.timeout: …}, a bad combination (from the builder's {@code build()})
   * {@code <prefix>: …}.
   *
   * @param prefix the properties' prefix, e.g. {@code vitals.checks.database}
   * @throws IllegalArgumentException for a bad value or combination, naming the property
   */
  public HealthCheck applyTo(String prefix, HealthCheck registration) {
    HealthCheck.Builder check = registration.toBuilder();
    if (timeout != null) {
      Duration d = duration(prefix + ".timeout", timeout);
      set(prefix + ".timeout", () -> check.timeout(d));
    }
    if (interval != null) {
      Duration d = duration(prefix + ".interval", interval);
      set(prefix + ".interval", () -> check.interval(d));
    }
    if (recoveryInterval != null) {
      Duration d = duration(prefix + ".recovery-interval", recoveryInterval);
      set(prefix + ".recovery-interval", () -> check.recoveryInterval(d));
    }
    if (critical != null) {
      check.critical(critical);
    }
    if (probes != null) {
      Probe[] parsed = probes(prefix + ".probes", probes);
      set(prefix + ".probes", () -> check.probes(parsed));
    }
    if (failureThreshold != null) {
      set(prefix + ".failure-threshold", () -> check.failureThreshold(failureThreshold));
    }
    if (successThreshold != null) {
      set(prefix + ".success-threshold", () -> check.successThreshold(successThreshold));
    }
    try {
      return check.build();
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new IllegalArgumentException(prefix + ": " + e.getMessage(), e);
    }
  }

  private static Duration duration(String property, String text) {
    return Durations.parse(property, text);
  }

  private static Probe[] probes(String property, List<String> names) {
    Probe[] parsed = new Probe[names.size()];
    for (int i = 0; i < parsed.length; i++) {
      String name = names.get(i) == null ? "" : names.get(i).strip();
      try {
        parsed[i] = Probe.valueOf(name.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            property + ": expected liveness, readiness or startup, got '" + name + "'", e);
      }
    }
    return parsed;
  }

  private static void set(String property, Runnable setter) {
    try {
      setter.run();
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new IllegalArgumentException(property + ": " + e.getMessage(), e);
    }
  }
}
