package dev.vitals.lint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.lint.Prober.Sample;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The definitions of VL301 and VL302 on made-up timelines (times in ms from the start). */
class LifecycleRulesTest {
  private static final int REFUSED = Sample.NO_ANSWER;
  private static final Duration SIGTERM = ms(1000);
  private static final Duration PERIOD = ms(2000);

  private static Duration ms(long millis) {
    return Duration.ofMillis(millis);
  }

  /** A request sent at {@code sent} ms and answered 5 ms later. */
  private static Sample at(long sent, int status) {
    return new Sample(ms(sent), ms(sent + 5), status);
  }

  @Test
  void readinessPassingWhileALaterStartupRequestFailsIsReadyBeforeStarted() {
    List<Sample> startup = List.of(at(100, 503), at(150, 503), at(200, 503), at(250, 200));
    List<Sample> readiness = List.of(at(120, 200), at(170, 200));

    assertThat(LifecycleRules.readyBeforeStarted(startup, readiness)).isEqualTo(
        "readiness answered 200 0.12 s after the start, and startup still answered 503 at 0.15 s");
  }

  @Test
  void startupFailureSentBeforeReadinessAnsweredProvesNothing() {
    // Polled in parallel: startup's last 503 was sent before readiness's first 200 arrived.
    List<Sample> startup = List.of(at(100, 503), at(123, 503), at(180, 200));
    List<Sample> readiness = List.of(at(110, 503), at(120, 200));

    assertThat(LifecycleRules.readyBeforeStarted(startup, readiness)).isNull();
  }

  @Test
  void startupWithoutAnAnswerAfterReadinessPassedIsNoEvidence() {
    List<Sample> startup = List.of(at(100, 503), at(150, REFUSED), at(200, 200));
    List<Sample> readiness = List.of(at(120, 200));

    assertThat(LifecycleRules.readyBeforeStarted(startup, readiness)).isNull();
  }

  @Test
  void readinessThatFailsAtOnceAndDrainsHolds() {
    List<Sample> readiness = List.of(at(950, 200), at(1010, 200), at(1060, 503), at(1110, 503),
        at(2100, REFUSED));

    assertThat(LifecycleRules.readinessOnSigterm(readiness, SIGTERM, PERIOD)).isNull();
    assertThat(LifecycleRules.firstFailure(readiness, SIGTERM).sent()).isEqualTo(ms(1060));
  }

  @Test
  void readinessThatNeverTurnsIsReported() {
    List<Sample> readiness = List.of(at(1010, 200), at(2000, 200), at(3500, 200));

    assertThat(LifecycleRules.readinessOnSigterm(readiness, SIGTERM, PERIOD)).isEqualTo(
        "readiness still answered 200 2.50 s after SIGTERM, its last answer: it never turned");
    assertThat(LifecycleRules.firstFailure(readiness, SIGTERM)).isNull();
  }

  @Test
  void readinessThatTurnsAfterMoreThanOnePeriodIsReported() {
    List<Sample> readiness = List.of(at(1010, 200), at(3000, 200), at(3050, 503));

    assertThat(LifecycleRules.readinessOnSigterm(readiness, SIGTERM, PERIOD)).isEqualTo(
        "readiness kept answering 2xx for 2.05 s after SIGTERM, longer than one readiness period (2.00 s)");
  }

  @Test
  void serverThatStopsWithoutAnsweringAFailureHasNoDrain() {
    List<Sample> readiness = List.of(at(1010, 200), at(1060, REFUSED), at(1110, REFUSED));

    assertThat(LifecycleRules.readinessOnSigterm(readiness, SIGTERM, PERIOD)).isEqualTo(
        "readiness never answered a failure after SIGTERM: 0.06 s after it the service stopped"
            + " answering (no answer), with no drain");
  }

  @Test
  void readinessThatPassesAgainAfterTurningIsReported() {
    List<Sample> readiness = List.of(at(1010, 503), at(1060, 200), at(1110, 503));

    assertThat(LifecycleRules.readinessOnSigterm(readiness, SIGTERM, PERIOD)).isEqualTo(
        "readiness failed 0.01 s after SIGTERM, then answered 200 again at 0.06 s");
  }

  @Test
  void answersBeforeSigtermDoNotCount() {
    List<Sample> readiness = List.of(at(500, 503), at(990, 200), at(1010, 503));

    assertThat(LifecycleRules.readinessOnSigterm(readiness, SIGTERM, PERIOD)).isNull();
    assertThat(LifecycleRules.firstFailure(readiness, SIGTERM).sent()).isEqualTo(ms(1010));
  }

  @Test
  void livenessMustPassWhileTheServiceAnswers() {
    List<Sample> stays = List.of(at(500, 503), at(1010, 200), at(1500, 200), at(2100, REFUSED));
    List<Sample> fails = List.of(at(1010, 200), at(1060, 503), at(2100, REFUSED));

    assertThat(LifecycleRules.livenessOnSigterm(stays, SIGTERM)).isNull();
    assertThat(LifecycleRules.livenessOnSigterm(fails, SIGTERM)).isEqualTo(
        "liveness answered 503 0.06 s after SIGTERM, while the service was still answering");
  }
}
