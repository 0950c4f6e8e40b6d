package dev.vitals;

/**
 * Where the process is in its life. {@code STARTING → READY ⇄ NOT_READY → DRAINING → STOPPED},
 * plus {@code BROKEN} after {@link Vitals#markBroken(String)}.
 */
public enum Lifecycle {
  /** Initialising: startup and readiness fail, liveness passes. */
  STARTING,
  /** Started and every critical readiness check passes. */
  READY,
  /** Started but a critical readiness check fails. */
  NOT_READY,
  /** Shutting down: readiness fails ("draining") while liveness passes, so traffic leaves. */
  DRAINING,
  /** Shutdown tasks have run; checks no longer run. */
  STOPPED,
  /** Unrecoverable: liveness fails so that the orchestrator restarts the process. */
  BROKEN
}
