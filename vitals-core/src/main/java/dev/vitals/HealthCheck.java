package dev.vitals;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A {@link Check} with its policy: name, probes, criticality, timeout, schedule, thresholds and
 * component identity. Immutable; build one with {@link #builder(String, Check)}.
 *
 * <pre>{@code
 * HealthCheck postgres = HealthCheck.builder("postgres", () -> pingDatabase())
 *     .readiness()                       // the default
 *     .timeout(Duration.ofMillis(500))   // fail "timed out after 500 ms" at the deadline
 *     .interval(Duration.ofSeconds(5))   // run in the background; probes read the last verdict
 *     .recoveryInterval(Duration.ofSeconds(1)) // while it fails, every second (the default)
 *     .failureThreshold(2)               // two failures in a row before the verdict turns
 *     .componentType("datastore")
 *     .build();
 * }</pre>
 *
 * <p>Defaults: readiness only, critical, timeout 1 s, background every 10 s, stale after three
 * intervals, recovery interval 1 s (see {@link Builder#recoveryInterval}), thresholds 1,
 * measurement {@code responseTime}.
 */
public final class HealthCheck {
  /** The timeout of a registration that sets none: 1 s. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);
  static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);
  static final Duration DEFAULT_RECOVERY_INTERVAL = Duration.ofSeconds(1);
  private static final Duration MAX_TIMEOUT = Duration.ofDays(1);
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private final String name;
  private final Check check;
  private final Set<Probe> probes;
  private final boolean critical;
  private final Duration timeout;
  private final Duration interval;
  private final Duration recoveryInterval;
  private final Duration explicitRecoveryInterval; // null when recoveryInterval is the default
  private final Duration ttl;
  private final Duration staleAfter;
  private final Duration explicitStaleAfter; // null when staleAfter is the default
  private final boolean explicitInterval; // interval(...) was called, not left at the default
  private final int failureThreshold;
  private final int successThreshold;
  private final String measurement;
  private final String componentType;
  private final String componentId;

  private HealthCheck(Builder b) {
    this.name = b.name;
    this.check = b.check;
    this.probes = Collections.unmodifiableSet(EnumSet.copyOf(b.probes));
    this.critical = b.critical;
    this.timeout = b.timeout;
    this.interval = b.ttl == null ? b.interval : null;
    this.ttl = b.ttl;
    this.recoveryInterval =
        interval == null ? null
            : b.recoveryInterval != null ? b.recoveryInterval
            : min(interval, max(timeout, DEFAULT_RECOVERY_INTERVAL));
    this.explicitRecoveryInterval = b.recoveryInterval;
    this.staleAfter =
        b.staleAfter != null
            ? b.staleAfter
            : ttl != null ? ttl.plus(timeout) : interval.multipliedBy(3);
    this.explicitStaleAfter = b.staleAfter;
    this.explicitInterval = b.explicitInterval;
    this.failureThreshold = b.failureThreshold;
    this.successThreshold = b.successThreshold;
    this.measurement = b.measurement;
    this.componentType = b.componentType;
    this.componentId = b.componentId;
  }

  /**
   * Starts a registration. {@code name} identifies the check on the wire and in logs: letters,
   * digits, {@code .}, {@code _} and {@code -}, at most 64 characters.
   */
  public static Builder builder(String name, Check check) {
    return new Builder(name, check);
  }

  /** A builder holding this registration's settings, to derive a variant. */
  public Builder toBuilder() {
    Builder b = new Builder(name, check);
    b.probes = EnumSet.copyOf(probes);
    b.critical = critical;
    b.timeout = timeout;
    b.interval = interval == null ? DEFAULT_INTERVAL : interval;
    b.explicitInterval = explicitInterval;
    b.ttl = ttl;
    b.recoveryInterval = explicitRecoveryInterval; // a default follows the variant's own schedule
    b.staleAfter = explicitStaleAfter;
    b.failureThreshold = failureThreshold;
    b.successThreshold = successThreshold;
    b.measurement = measurement;
    b.componentType = componentType;
    b.componentId = componentId;
    return b;
  }

  public String name() {
    return name;
  }

  public Check check() {
    return check;
  }

  public Set<Probe> probes() {
    return probes;
  }

  public boolean critical() {
    return critical;
  }

  public Duration timeout() {
    return timeout;
  }

  /** True when the check runs in the background every {@link #interval()}. */
  public boolean background() {
    return ttl == null;
  }

  /** The background interval, or null for an on-demand check. */
  public Duration interval() {
    return interval;
  }

  /**
   * The background interval while the verdict reads fail, so that a dependency that comes back is
   * seen soon; null for an on-demand check. See {@link Builder#recoveryInterval(Duration)}.
   */
  public Duration recoveryInterval() {
    return recoveryInterval;
  }

  /** How long an on-demand verdict is reused, or null for a background check. */
  public Duration ttl() {
    return ttl;
  }

  /** The age past which a verdict reads as fail ("stale"). */
  public Duration staleAfter() {
    return staleAfter;
  }

  public int failureThreshold() {
    return failureThreshold;
  }

  public int successThreshold() {
    return successThreshold;
  }

  /** The measurement half of the wire key {@code name:measurement}. */
  public String measurement() {
    return measurement;
  }

  /** The key of this check in health+json: {@code name:measurement}. */
  public String key() {
    return name + ":" + measurement;
  }

  /** The componentType shown on the wire, or null. */
  public String componentType() {
    return componentType;
  }

  /** The componentId shown on the wire, or null. */
  public String componentId() {
    return componentId;
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  @Override
  public String toString() {
    return "HealthCheck{" + name + ", probes=" + probes + ", critical=" + critical
        + ", timeout=" + timeout + (ttl == null ? ", interval=" + interval : ", ttl=" + ttl) + "}";
  }

  /**
   * A strict builder: each setter validates its argument at once and names the field it rejects;
   * {@link #build()} checks the rules that span fields.
   */
  public static final class Builder {
    private String name;
    private final Check check;
    private EnumSet<Probe> probes = EnumSet.of(Probe.READINESS);
    private boolean critical = true;
    private Duration timeout = DEFAULT_TIMEOUT;
    private Duration interval = DEFAULT_INTERVAL;
    private boolean explicitInterval;
    private Duration recoveryInterval; // null: the default, which follows timeout and interval
    private Duration ttl;
    private Duration staleAfter;
    private int failureThreshold = 1;
    private int successThreshold = 1;
    private String measurement = "responseTime";
    private String componentType;
    private String componentId;

    private Builder(String name, Check check) {
      this.name = requireName(name);
      this.check = Objects.requireNonNull(check, "check");
    }

    /** Renames the check, e.g. to register two checks made by the same factory. */
    public Builder name(String name) {
      this.name = requireName(name);
      return this;
    }

    private static String requireName(String name) {
      if (name == null || !NAME.matcher(name).matches()) {
        throw new IllegalArgumentException(
            "name must be 1-64 letters, digits, '.', '_' or '-' starting with a letter or digit: "
                + quote(name));
      }
      return name;
    }

    /** The probes this check belongs to; replaces the default (readiness). Must not be empty. */
    public Builder probes(Probe... probes) {
      Objects.requireNonNull(probes, "probes");
      if (probes.length == 0) {
        throw new IllegalArgumentException(name + ": probes must not be empty");
      }
      EnumSet<Probe> set = EnumSet.noneOf(Probe.class);
      for (Probe probe : probes) {
        set.add(Objects.requireNonNull(probe, "probes"));
      }
      this.probes = set;
      return this;
    }

    /** Shorthand for {@code probes(LIVENESS)}: a process-internal check. */
    public Builder liveness() {
      return probes(Probe.LIVENESS);
    }

    /** Shorthand for {@code probes(READINESS)}, the default. */
    public Builder readiness() {
      return probes(Probe.READINESS);
    }

    /** Shorthand for {@code probes(STARTUP)}: must pass once before the process is ready. */
    public Builder startup() {
      return probes(Probe.STARTUP);
    }

    /**
     * Whether a failure fails the probe (true, the default: HTTP 503) or only makes it warn
     * (false: HTTP 200, status warn).
     */
    public Builder critical(boolean critical) {
      this.critical = critical;
      return this;
    }

    /**
     * The deadline of one execution. At the deadline the verdict is fail ("timed out after N
     * ms") and the check's thread is interrupted. It is also the check's only I/O budget: checks
     * take their socket timeouts from it through {@link dev.vitals.spi.Deadline#current()}. Must
     * be positive, at most a day, and shorter than the interval.
     */
    public Builder timeout(Duration timeout) {
      positive("timeout", timeout);
      if (timeout.compareTo(MAX_TIMEOUT) > 0) {
        throw new IllegalArgumentException(name + ": timeout must be at most a day: " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /**
     * Runs the check in the background every {@code interval} (with up to 10% jitter), the
     * default schedule (every 10 s).
     *
     * @throws IllegalStateException if {@link #onDemand(Duration)} was set: a check runs on one
     *     schedule, and the last call silently winning would hide the mistake
     */
    public Builder interval(Duration interval) {
      if (ttl != null) {
        throw new IllegalStateException(
            name + ": interval cannot be set on an on-demand check (onDemand was set)");
      }
      this.interval = positive("interval", interval);
      this.explicitInterval = true;
      return this;
    }

    /**
     * The background interval while the check's verdict reads fail (after the thresholds, so
     * also while it is {@code recovering}), so that a dependency that comes back is seen within
     * about this long; a verdict that passes or warns keeps {@link #interval(Duration)}. The runs
     * are single flight as always: a hung execution is never started twice, whatever the
     * schedule. Default: 1 s, but at least the timeout and at most the interval ({@code
     * min(interval, max(timeout, 1 s))}). Must be at least the timeout and at most the interval
     * (equal to the interval: no faster schedule while failing). Background checks only.
     */
    public Builder recoveryInterval(Duration recoveryInterval) {
      this.recoveryInterval = positive("recoveryInterval", recoveryInterval);
      return this;
    }

    /**
     * Runs the check on demand: a probe runs it when its verdict is older than {@code ttl}, and
     * concurrent probes share that one execution. Use for cheap checks of rarely probed
     * services; dependencies are better checked in the background.
     *
     * @throws IllegalStateException if {@link #interval(Duration)} was set
     */
    public Builder onDemand(Duration ttl) {
      if (explicitInterval) {
        throw new IllegalStateException(
            name + ": onDemand cannot be set on a background check (interval was set)");
      }
      Objects.requireNonNull(ttl, "ttl");
      if (ttl.isNegative()) {
        throw new IllegalArgumentException(name + ": ttl must not be negative: " + ttl);
      }
      this.ttl = ttl;
      return this;
    }

    /**
     * The age past which a verdict reads as fail. Defaults to three intervals, or ttl + timeout
     * for on-demand checks.
     */
    public Builder staleAfter(Duration staleAfter) {
      this.staleAfter = positive("staleAfter", staleAfter);
      return this;
    }

    /** Consecutive failures before a passing verdict turns to fail. At least 1 (the default). */
    public Builder failureThreshold(int failureThreshold) {
      this.failureThreshold = atLeastOne("failureThreshold", failureThreshold);
      return this;
    }

    /** Consecutive passes before a failing verdict turns back. At least 1 (the default). */
    public Builder successThreshold(int successThreshold) {
      this.successThreshold = atLeastOne("successThreshold", successThreshold);
      return this;
    }

    /**
     * The measurement half of the wire key, e.g. {@code utilization} for a disk check that
     * reports its own observed value. Defaults to {@code responseTime}.
     */
    public Builder measurement(String measurement) {
      if (measurement == null || !NAME.matcher(measurement).matches()) {
        throw new IllegalArgumentException(
            name + ": measurement must be 1-64 letters, digits, '.', '_' or '-': "
                + quote(measurement));
      }
      this.measurement = measurement;
      return this;
    }

    /** The componentType shown on the wire, e.g. {@code datastore}, {@code system}. */
    public Builder componentType(String componentType) {
      this.componentType = text("componentType", componentType);
      return this;
    }

    /** The componentId shown on the wire, e.g. a stable identifier of the dependency. */
    public Builder componentId(String componentId) {
      this.componentId = text("componentId", componentId);
      return this;
    }

    /** Builds the registration, checking the rules that span fields. */
    public HealthCheck build() {
      if (ttl == null && timeout.compareTo(interval) >= 0) {
        throw new IllegalArgumentException(
            name + ": timeout (" + timeout.toMillis() + " ms) must be shorter than interval ("
                + interval.toMillis() + " ms)");
      }
      if (recoveryInterval != null) {
        if (ttl != null) {
          throw new IllegalStateException(
              name + ": recoveryInterval cannot be set on an on-demand check (onDemand was set)");
        }
        if (recoveryInterval.compareTo(interval) > 0) {
          throw new IllegalArgumentException(name + ": recoveryInterval ("
              + recoveryInterval.toMillis() + " ms) must not be longer than interval ("
              + interval.toMillis() + " ms)");
        }
        if (recoveryInterval.compareTo(timeout) < 0) {
          throw new IllegalArgumentException(name + ": recoveryInterval ("
              + recoveryInterval.toMillis() + " ms) must not be shorter than timeout ("
              + timeout.toMillis() + " ms)");
        }
      }
      if (staleAfter != null && ttl == null && staleAfter.compareTo(interval) <= 0) {
        throw new IllegalArgumentException(
            name + ": staleAfter (" + staleAfter.toMillis() + " ms) must be longer than interval ("
                + interval.toMillis() + " ms)");
      }
      return new HealthCheck(this);
    }

    private Duration positive(String field, Duration value) {
      Objects.requireNonNull(value, field);
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(name + ": " + field + " must be positive: " + value);
      }
      return value;
    }

    private int atLeastOne(String field, int value) {
      if (value < 1) {
        throw new IllegalArgumentException(name + ": " + field + " must be at least 1: " + value);
      }
      return value;
    }

    private String text(String field, String value) {
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException(name + ": " + field + " must not be blank");
      }
      return value;
    }

    private static String quote(String value) {
      return value == null ? "null" : "'" + value + "'";
    }
  }
}
