package dev.vitals;

/**
 * The outcome of a check or of a probe, as the health+json format spells it.
 *
 * <p>{@link #PASS} and {@link #WARN} answer HTTP 200; {@link #FAIL} answers 503. Statuses are
 * ordered from best to worst, so aggregation keeps the {@linkplain #worse(Status) worse} one.
 */
public enum Status {
  /** Healthy. */
  PASS("pass", 200),
  /** Degraded but serving: a non-critical check fails, or a check reports a soft problem. */
  WARN("warn", 200),
  /** Unhealthy: the caller should act (stop routing traffic, restart, alert). */
  FAIL("fail", 503);

  private final String wireName;
  private final int httpStatus;

  Status(String wireName, int httpStatus) {
    this.wireName = wireName;
    this.httpStatus = httpStatus;
  }

  /** The lowercase name used on the wire: {@code pass}, {@code warn} or {@code fail}. */
  public String wireName() {
    return wireName;
  }

  /** 200 for pass and warn, 503 for fail. */
  public int httpStatus() {
    return httpStatus;
  }

  /** The worse of this status and {@code other}. */
  public Status worse(Status other) {
    return other.ordinal() > ordinal() ? other : this;
  }
}
