package dev.vitals.lint;

import dev.vitals.lint.Prober.Sample;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * VL301 and VL302 on the timelines lint recorded: functions of the samples alone, so that the
 * definitions are tested on made-up timelines. Each returns what was observed, in one line, or
 * null when the rule holds. "2xx" is a status of 200–299; "an answer" is any HTTP status, as
 * opposed to no answer (connection refused, reset or timed out).
 */
final class LifecycleRules {
  private LifecycleRules() {}

  /**
   * VL301: readiness answered 2xx while startup still failed. Precisely: some startup request
   * sent after readiness's first 2xx had arrived got an answer that is not 2xx. Only such
   * evidence counts: polled in parallel, a readiness 2xx and a startup failure that overlap in
   * time prove nothing. Without a startup timeline there is nothing to hold readiness against.
   */
  static String readyBeforeStarted(List<Sample> startup, List<Sample> readiness) {
    Sample ready = readiness.stream().filter(Sample::passed).findFirst().orElse(null);
    if (ready == null) {
      return null;
    }
    return startup.stream()
        .filter(s -> s.answered() && !s.passed() && s.sent().compareTo(ready.received()) >= 0)
        .findFirst()
        .map(s -> "readiness answered " + ready.status() + " " + seconds(ready.sent())
            + " after the start, and startup still answered " + s.status() + " at "
            + seconds(s.sent()))
        .orElse(null);
  }

  /**
   * VL302, readiness: of the readiness requests sent from SIGTERM on, the first that is not 2xx
   * (answer or no answer) must be sent within {@code period} (one readiness period); the service
   * must answer a failure (503) at least once, as opposed to only stopping to answer, which is no
   * drain; and once turned, readiness must not answer 2xx again.
   */
  static String readinessOnSigterm(List<Sample> readiness, Duration sigterm, Duration period) {
    List<Sample> after = from(readiness, sigterm);
    if (after.isEmpty()) {
      return null;
    }
    int turn = 0;
    while (turn < after.size() && after.get(turn).passed()) {
      turn++;
    }
    if (turn == after.size()) {
      Sample last = after.get(turn - 1);
      return "readiness still answered " + last.status() + " " + seconds(last.sent().minus(sigterm))
          + " after SIGTERM, its last answer: it never turned";
    }
    Sample first = after.get(turn);
    Duration drop = first.sent().minus(sigterm);
    if (drop.compareTo(period) > 0) {
      return "readiness kept answering 2xx for " + seconds(drop) + " after SIGTERM, longer than"
          + " one readiness period (" + seconds(period) + ")";
    }
    if (after.stream().noneMatch(s -> s.answered() && !s.passed())) {
      return "readiness never answered a failure after SIGTERM: " + seconds(drop) + " after it"
          + " the service stopped answering (" + first.describe() + "), with no drain";
    }
    return after.subList(turn, after.size()).stream()
        .filter(Sample::passed)
        .findFirst()
        .map(s -> "readiness failed " + seconds(drop) + " after SIGTERM, then answered "
            + s.status() + " again at " + seconds(s.sent().minus(sigterm)))
        .orElse(null);
  }

  /**
   * VL302, liveness: every liveness request sent from SIGTERM on that the service answers at all
   * must get a 2xx, through the drain and until the server stops; no answer once it has stopped
   * is expected and does not count.
   */
  static String livenessOnSigterm(List<Sample> liveness, Duration sigterm) {
    return from(liveness, sigterm).stream()
        .filter(s -> s.answered() && !s.passed())
        .findFirst()
        .map(s -> "liveness answered " + s.status() + " " + seconds(s.sent().minus(sigterm))
            + " after SIGTERM, while the service was still answering")
        .orElse(null);
  }

  /** The first request sent from SIGTERM on that did not get a 2xx, or null. */
  static Sample firstFailure(List<Sample> samples, Duration sigterm) {
    return from(samples, sigterm).stream().filter(s -> !s.passed()).findFirst().orElse(null);
  }

  /** {@code 1.25 s}: how lint writes a time. */
  static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.2f s", d.toNanos() / 1e9);
  }

  private static List<Sample> from(List<Sample> samples, Duration sigterm) {
    return samples.stream().filter(s -> s.sent().compareTo(sigterm) >= 0).toList();
  }
}
