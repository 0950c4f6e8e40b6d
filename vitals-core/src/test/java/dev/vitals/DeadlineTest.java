package dev.vitals;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.testing.FakeClock;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeadlineTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(1);
  private static final Duration INTERVAL = Duration.ofSeconds(10);

  private final FakeClock clock = new FakeClock();
  private final ExecutorService pool = Executors.newCachedThreadPool();
  private final CountDownLatch release = new CountDownLatch(1);
  private Vitals vitals;

  @AfterEach
  void close() {
    release.countDown();
    if (vitals != null) {
      vitals.close();
    }
    pool.shutdownNow();
  }

  private Vitals.Builder engine() {
    return Vitals.builder().ticker(clock).scheduler(clock).shutdownHook(false);
  }

  @Test
  void timedOutCheckReportsFailAtDeadlineAndIsInterrupted() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch interrupted = new CountDownLatch(1);
    Check db = () -> {
      started.countDown();
      try {
        release.await();
        return Result.pass();
      } catch (InterruptedException e) {
        interrupted.countDown();
        throw e;
      }
    };
    vitals = engine()
        .check(HealthCheck.builder("db", db).timeout(TIMEOUT).interval(INTERVAL))
        .build();
    vitals.markStarted();
    assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();

    clock.advance(TIMEOUT.minusNanos(1));
    assertThat(vitals.report(Probe.READINESS).check("db").output()).isEqualTo("not yet checked");

    clock.advance(Duration.ofNanos(1));

    HealthReport report = vitals.report(Probe.READINESS);
    assertThat(report.status()).isEqualTo(Status.FAIL);
    assertThat(report.output()).isEqualTo("failing: db");
    assertThat(report.check("db").output()).isEqualTo("timed out after 1000 ms");
    assertThat(report.check("db").observedValue()).isEqualTo(1000L);
    assertThat(report.check("db").observedUnit()).isEqualTo("ms");
    assertThat(interrupted.await(5, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void checkIgnoringInterruptsKeepsItsOneThreadAndGetsNoSecondExecutionUntilItReturns()
      throws Exception {
    AtomicInteger calls = new AtomicInteger();
    AtomicInteger submissions = new AtomicInteger();
    BlockingQueue<String> finished = new LinkedBlockingQueue<>();
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch interrupted = new CountDownLatch(1);
    Check db = () -> {
      calls.incrementAndGet();
      started.countDown();
      while (true) {
        try {
          release.await();
          return Result.pass();
        } catch (InterruptedException e) {
          interrupted.countDown(); // and carry on waiting, like a driver that swallows interrupts
        }
      }
    };
    vitals = engine()
        .executor(task -> {
          submissions.incrementAndGet();
          pool.execute(() -> {
            task.run();
            finished.add(Thread.currentThread().getName());
          });
        })
        .check(HealthCheck.builder("db", db).timeout(TIMEOUT).interval(INTERVAL))
        .build();
    vitals.markStarted();
    assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();

    clock.advance(TIMEOUT);
    assertThat(interrupted.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(vitals.report(Probe.READINESS).check("db").output())
        .isEqualTo("timed out after 1000 ms");

    // Four more background ticks while the first execution still holds its thread.
    clock.advance(Duration.ofSeconds(30)); // now 31 s: the verdict is 30 s old, not yet stale
    assertThat(vitals.report(Probe.READINESS).check("db").output())
        .isEqualTo("timed out after 1000 ms");
    clock.advance(Duration.ofSeconds(1));
    assertThat(vitals.status(Probe.READINESS)).isEqualTo(Status.FAIL);
    assertThat(vitals.report(Probe.READINESS).check("db").output())
        .isEqualTo("stale: last checked 31 s ago");
    assertThat(calls).hasValue(1);
    assertThat(submissions).hasValue(1);

    release.countDown();
    assertThat(finished.poll(5, TimeUnit.SECONDS)).isNotNull();
    // The late pass is not recorded: the execution already ended at its deadline.
    assertThat(vitals.report(Probe.READINESS).check("db").output())
        .isEqualTo("stale: last checked 31 s ago");

    // The next tick starts a fresh execution. Ticks are at least 9 s apart, so one-second steps
    // stop at exactly that tick.
    for (int i = 0; i < 10 && submissions.get() < 2; i++) {
      clock.advance(Duration.ofSeconds(1));
    }
    assertThat(finished.poll(5, TimeUnit.SECONDS)).isNotNull();
    assertThat(calls).hasValue(2);
    assertThat(submissions).hasValue(2);
    assertThat(vitals.status(Probe.READINESS)).isEqualTo(Status.PASS);
  }

  @Test
  void executionQueuedBehindBusyWorkersFailsAtItsDeadline() throws Exception {
    CountDownLatch slowStarted = new CountDownLatch(1);
    Check slow = () -> {
      slowStarted.countDown();
      release.await();
      return Result.pass();
    };
    FakeCheck fast = new FakeCheck();
    vitals = engine()
        .checkThreads(1)
        .check(HealthCheck.builder("slow", slow).timeout(Duration.ofSeconds(5)).interval(INTERVAL))
        .check(HealthCheck.builder("fast", fast).timeout(TIMEOUT).interval(INTERVAL))
        .build();
    vitals.markStarted();
    assertThat(slowStarted.await(5, TimeUnit.SECONDS)).isTrue();

    clock.advance(TIMEOUT);

    HealthReport report = vitals.report(Probe.READINESS);
    assertThat(report.check("fast").status()).isEqualTo(Status.FAIL);
    assertThat(report.check("fast").output())
        .isEqualTo("timed out after 1000 ms waiting for a free check thread");
    assertThat(report.check("slow").output()).isEqualTo("not yet checked");
    assertThat(fast.calls()).isZero();
  }

  @Test
  void checkFinishingBeforeItsDeadlineCancelsTheDeadline() {
    FakeCheck db = new FakeCheck();
    vitals = engine().executor(Runnable::run)
        .check(HealthCheck.builder("db", db).timeout(TIMEOUT).interval(INTERVAL))
        .build();
    vitals.markStarted();

    // Only the next background tick is left on the timer, no deadline.
    assertThat(clock.scheduled()).hasSize(1);
    clock.advance(TIMEOUT);
    assertThat(vitals.status(Probe.READINESS)).isEqualTo(Status.PASS);
  }

  @Test
  void checkThatReturnsAfterTheDeadlineCannotOverwriteTheTimeout() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    BlockingQueue<String> finished = new LinkedBlockingQueue<>();
    Check db = () -> {
      started.countDown();
      while (true) {
        try {
          release.await();
          return Result.pass();
        } catch (InterruptedException ignored) {
          // keeps going
        }
      }
    };
    BlockingQueue<Object> events = new LinkedBlockingQueue<>();
    vitals = engine()
        .executor(task -> pool.execute(() -> {
          task.run();
          finished.add("done");
        }))
        .listener(new HealthListener() {
          @Override
          public void onTransition(Transition transition) {
            events.add(transition.to());
          }

          @Override
          public void onLifecycle(Lifecycle lifecycle) {
            events.add(lifecycle);
          }
        })
        .check(HealthCheck.builder("db", db).timeout(TIMEOUT).interval(INTERVAL))
        .build();
    assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
    clock.advance(TIMEOUT);

    release.countDown();
    assertThat(finished.poll(5, TimeUnit.SECONDS)).isEqualTo("done");
    vitals.markStarted(); // a later event: everything the late return caused arrives before it

    assertThat(vitals.details().check("db").output()).isEqualTo("timed out after 1000 ms");
    assertThat(events.poll(5, TimeUnit.SECONDS)).isEqualTo(Status.FAIL);
    assertThat(events.poll(5, TimeUnit.SECONDS)).isEqualTo(Lifecycle.READY);
  }

  @Test
  void aProbeEnforcesTheDeadlineItselfWhenTheTimerIsLate() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    java.util.concurrent.atomic.AtomicBoolean hang = new java.util.concurrent.atomic.AtomicBoolean();
    Scheduler starved = (task, delayNanos) -> () -> {}; // a timer thread that never gets to run
    ExecutorService checks = Executors.newSingleThreadExecutor();
    try (Vitals vitals = Vitals.builder().shutdownHook(false).scheduler(starved).executor(checks)
        .check(HealthCheck.builder("db", () -> {
          if (hang.get()) {
            release.await();
          }
          return Result.pass();
        }).onDemand(Duration.ZERO).timeout(Duration.ofSeconds(2)))
        .build()) {
      vitals.markStarted();
      assertThat(vitals.status(Probe.READINESS)).isEqualTo(Status.PASS);
      // The passing execution has left the check thread (and its single-flight slot) once a task
      // queued behind it has run, so the next probe starts an execution of its own.
      checks.submit(() -> { }).get(5, TimeUnit.SECONDS);
      hang.set(true);

      // The pass just before is still fresh as of this question; the execution it starts hangs
      // past its deadline, and the timer that would fail it never fires.
      HealthReport report = vitals.report(Probe.READINESS);

      assertThat(report.status()).isEqualTo(Status.FAIL);
      assertThat(report.check("db").output()).isEqualTo("timed out after 2000 ms");
    } finally {
      release.countDown();
      checks.shutdownNow();
    }
  }
}
