package dev.vitals;

import java.util.Locale;

/**
 * Where the process is, as one immutable value that the engine swaps whole: whether the
 * application declared itself started, whether startup completed (rule 8), whether it is broken,
 * and whether it is draining or stopped (rule 9). {@link #phase()} is the only place that ranks
 * them: stopped, then draining, then broken, then starting.
 */
final class LifeState {
  /** How far the process has gone towards its end. */
  enum Ending { NONE, DRAINING, STOPPED }

  static final LifeState INITIAL = new LifeState(false, false, null, Ending.NONE);

  final boolean markedStarted;
  final boolean startupComplete;
  final String broken; // the reason, or null
  final Ending ending;

  private LifeState(boolean markedStarted, boolean startupComplete, String broken, Ending ending) {
    this.markedStarted = markedStarted;
    this.startupComplete = startupComplete;
    this.broken = broken;
    this.ending = ending;
  }

  LifeState markStarted() {
    return new LifeState(true, startupComplete, broken, ending);
  }

  LifeState completeStartup() {
    return new LifeState(markedStarted, true, broken, ending);
  }

  LifeState markBroken(String reason) {
    return new LifeState(markedStarted, startupComplete, reason, ending);
  }

  /** This state moved on to {@code next}, or this state when it is already as far. */
  LifeState end(Ending next) {
    return next.compareTo(ending) <= 0
        ? this
        : new LifeState(markedStarted, startupComplete, broken, next);
  }

  /**
   * The lifecycle whatever the checks say: STOPPED, DRAINING, BROKEN or STARTING; null once
   * started, when readiness's checks decide between READY and NOT_READY.
   */
  Lifecycle phase() {
    if (ending == Ending.STOPPED) {
      return Lifecycle.STOPPED;
    }
    if (ending == Ending.DRAINING) {
      return Lifecycle.DRAINING;
    }
    if (broken != null) {
      return Lifecycle.BROKEN;
    }
    return startupComplete ? null : Lifecycle.STARTING;
  }

  /** Why the lifecycle fails {@code probe} whatever its checks say, or null. */
  String gate(Probe probe) {
    switch (probe) {
      case LIVENESS:
        return broken == null ? null : "broken: " + broken; // liveness ignores a drain (rule 9)
      case STARTUP:
        return startupComplete || markedStarted ? null : "starting";
      default:
        Lifecycle phase = phase();
        if (phase == null) {
          return null;
        }
        // stopped, draining, starting: the step names the reason
        return phase == Lifecycle.BROKEN ? "broken: " + broken : phase.name().toLowerCase(Locale.ROOT);
    }
  }
}
