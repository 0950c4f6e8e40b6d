package dev.vitals.lint;

import java.time.Duration;

/**
 * What the live and lifecycle passes learned about the service that the static rules can use.
 * Every field may be null: unknown.
 *
 * @param checkDeadline the longest check timeout the service declares (Vitals' {@code
 *     vitals_check_timeout_seconds}, read from {@code /health/metrics} with a token)
 * @param startupTime how long the service took, from its process start, until startup passed
 *     (lifecycle mode)
 * @param readinessDrop how long after SIGTERM readiness stopped answering 2xx (lifecycle mode)
 * @param exitTime how long after SIGTERM the process exited (lifecycle mode)
 */
public record ServiceFacts(Duration checkDeadline, Duration startupTime, Duration readinessDrop,
    Duration exitTime) {

  /** Nothing known. */
  public static final ServiceFacts NONE = new ServiceFacts(null, null, null, null);

  /** These facts, with {@code other}'s wherever this has none. */
  public ServiceFacts and(ServiceFacts other) {
    return new ServiceFacts(
        checkDeadline != null ? checkDeadline : other.checkDeadline,
        startupTime != null ? startupTime : other.startupTime,
        readinessDrop != null ? readinessDrop : other.readinessDrop,
        exitTime != null ? exitTime : other.exitTime);
  }
}
