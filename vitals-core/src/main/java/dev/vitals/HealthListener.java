package dev.vitals;

import java.time.Duration;

/**
 * Hears verdict changes and lifecycle steps, e.g. to feed metrics or alerting, and, for timers,
 * every execution. Apart from executions, steady state sends nothing: a listener hears each
 * change once.
 *
 * <p>Listeners are called one event at a time, in order, on the {@code vitals-events} thread,
 * never on a probe's or a check's thread. An exception thrown by a listener is logged and
 * otherwise ignored; a listener that blocks delays only later events.
 */
public interface HealthListener {

  /** A check's verdict changed status (or was observed for the first time). */
  default void onTransition(Transition transition) {}

  /** The process entered {@code lifecycle} (READY means started; DRAINING, STOPPED, BROKEN). */
  default void onLifecycle(Lifecycle lifecycle) {}

  /**
   * One execution of a check finished, or was cut off at its deadline: every run, background or
   * on-demand (what a metrics timer records; {@link HealthMetrics} keeps the same figures).
   */
  default void onExecution(Execution execution) {}

  /**
   * A verdict change of one check.
   *
   * @param check the registration
   * @param from the previous status, or null for the first verdict
   * @param to the new status
   * @param output why, for warn and fail (sanitised), otherwise null
   */
  record Transition(HealthCheck check, Status from, Status to, String output) {}

  /**
   * One execution of one check.
   *
   * @param check the registration
   * @param duration how long it ran (for a timeout: from its submission to its deadline)
   * @param status the check's own result, before thresholds ({@code FAIL} for a timeout)
   * @param timedOut whether it was cut off at its deadline
   */
  record Execution(HealthCheck check, Duration duration, Status status, boolean timedOut) {}
}
