package dev.vitals;

/**
 * Hears verdict changes and lifecycle steps, e.g. to feed metrics or alerting. Steady state sends
 * nothing: a listener hears each change once.
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
   * A verdict change of one check.
   *
   * @param check the registration
   * @param from the previous status, or null for the first verdict
   * @param to the new status
   * @param output why, for warn and fail (sanitised), otherwise null
   */
  record Transition(HealthCheck check, Status from, Status to, String output) {}
}
