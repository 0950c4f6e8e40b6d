package dev.vitals;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.testing.FakeClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Rule 3's recovery interval: a background check whose verdict reads fail runs every {@code
 * recoveryInterval} (up to 10% early) instead of every {@code interval}, single flight as always.
 * The next tick is read from {@link FakeClock#scheduled()}: with executions that finish before
 * their tick returns, it is the only timer left.
 */
class RecoveryIntervalTest {
  private static final Duration INTERVAL = Duration.ofSeconds(10);
  private static final Duration RECOVERY = Duration.ofSeconds(1);

  private final FakeClock clock = new FakeClock();
  private final FakeCheck db = new FakeCheck();
  private Vitals vitals;

  @AfterEach
  void close() {
    if (vitals != null) {
      vitals.close();
    }
  }

  private Vitals build(HealthCheck.Builder check) {
    vitals = Vitals.builder().ticker(clock).scheduler(clock).shutdownHook(false)
        .executor(Runnable::run).check(check).build();
    vitals.markStarted();
    return vitals;
  }

  /** The delay of the one timer scheduled: the next tick. */
  private Duration nextTick() {
    List<Duration> scheduled = clock.scheduled();
    assertThat(scheduled).hasSize(1);
    return scheduled.get(0);
  }

  /** Moves to the next tick, which runs the check once. */
  private void step() {
    int before = db.calls();
    clock.advance(nextTick());
    assertThat(db.calls()).isEqualTo(before + 1);
  }

  private static void assertOnInterval(Duration next) {
    assertThat(next).isBetween(INTERVAL.multipliedBy(9).dividedBy(10), INTERVAL);
  }

  private static void assertOnRecovery(Duration next) {
    assertThat(next).isBetween(RECOVERY.multipliedBy(9).dividedBy(10), RECOVERY);
  }

  private Status readiness() {
    return vitals.status(Probe.READINESS);
  }

  @Test
  void aFailingVerdictIsCheckedAgainEveryRecoveryIntervalAndAPassingOneEveryInterval() {
    build(HealthCheck.builder("db", db).interval(INTERVAL));
    assertOnInterval(nextTick());

    db.failing("connection refused");
    step();
    assertThat(readiness()).isEqualTo(Status.FAIL);
    for (int i = 0; i < 5; i++) {
      assertOnRecovery(nextTick());
      step();
    }

    db.passing();
    step();
    assertThat(readiness()).isEqualTo(Status.PASS);
    assertOnInterval(nextTick());
  }

  @Test
  void aWarningVerdictKeepsTheInterval() {
    db.returning(Result.warn("replica lag 12 s"));
    build(HealthCheck.builder("db", db).interval(INTERVAL));

    for (int i = 0; i < 3; i++) {
      assertOnInterval(nextTick());
      step();
    }
    assertThat(readiness()).isEqualTo(Status.WARN);
  }

  @Test
  void failuresHeldByTheThresholdCountAtTheIntervalAndARecoveryCountsAtTheRecoveryInterval() {
    build(HealthCheck.builder("db", db).interval(INTERVAL).failureThreshold(2).successThreshold(3));

    db.failing("refused");
    step(); // one failure: the verdict still passes, and keeps its interval
    assertThat(readiness()).isEqualTo(Status.PASS);
    assertOnInterval(nextTick());
    step(); // two: the verdict fails
    assertThat(readiness()).isEqualTo(Status.FAIL);
    assertOnRecovery(nextTick());

    db.passing();
    step();
    assertThat(vitals.report(Probe.READINESS).check("db").output())
        .isEqualTo("recovering (1 of 3 passes): refused");
    assertOnRecovery(nextTick());
    step();
    assertOnRecovery(nextTick());
    step();
    assertThat(readiness()).isEqualTo(Status.PASS);
    assertOnInterval(nextTick());
  }

  @Test
  void aVerdictThatTurnsToFailBetweenTicksBringsTheNextTickForward() {
    QueuedExecutor executor = new QueuedExecutor();
    vitals = Vitals.builder().ticker(clock).scheduler(clock).shutdownHook(false).executor(executor)
        .check(HealthCheck.builder("db", db).interval(INTERVAL).timeout(Duration.ofMillis(500)))
        .build();
    executor.runQueued(); // the first run passes
    clock.advance(nextTick()); // the next is submitted while the verdict passes...
    List<Duration> withDeadline = clock.scheduled();
    assertThat(withDeadline).hasSize(2);
    assertOnInterval(withDeadline.get(1));

    db.failing("refused");
    clock.advance(Duration.ofMillis(200));
    executor.runQueued(); // ...and fails after its tick: the next run comes a recovery interval on

    assertOnRecovery(nextTick());
  }

  @Test
  void aHungRunIsNeverStartedTwiceHoweverOftenTheRecoveryIntervalComesRound() throws Exception {
    AtomicInteger started = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    List<Thread> workers = new CopyOnWriteArrayList<>();
    Check hangs = () -> {
      if (started.incrementAndGet() == 1) {
        while (release.getCount() > 0) { // ignores the deadline's interrupt, as blocked I/O can
          try {
            release.await();
          } catch (InterruptedException ignored) {
            // keep hanging
          }
        }
      }
      return Result.pass();
    };
    try {
      vitals = Vitals.builder().ticker(clock).scheduler(clock).shutdownHook(false)
          .executor(task -> {
            Thread worker = new Thread(task, "test-check");
            worker.setDaemon(true);
            workers.add(worker);
            worker.start();
          })
          .check(HealthCheck.builder("db", hangs).interval(INTERVAL))
          .build();
      vitals.markStarted();
      Waiting.until(() -> started.get() == 1, "the first run started");

      clock.advance(HealthCheck.DEFAULT_TIMEOUT); // its deadline: the verdict fails
      assertThat(vitals.report(Probe.READINESS).check("db").output())
          .isEqualTo("timed out after 1000 ms");
      clock.advance(Duration.ofSeconds(30)); // ~30 recovery ticks, each joining the hung run

      assertThat(started).hasValue(1);
      assertThat(workers).hasSize(1);
      assertThat(nextTick()).isLessThanOrEqualTo(RECOVERY); // still on the recovery interval

      release.countDown(); // the hung run returns at last (its result is discarded: it expired)
      workers.get(0).join();
      clock.advance(nextTick());
      Waiting.until(() -> started.get() == 2, "a new run started");
      workers.get(1).join();
      assertThat(readiness()).isEqualTo(Status.PASS);
    } finally {
      release.countDown();
    }
  }
}
