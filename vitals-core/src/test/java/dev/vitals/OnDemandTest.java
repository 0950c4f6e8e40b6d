package dev.vitals;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.testing.FakeClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OnDemandTest {
  private static final Duration TTL = Duration.ofSeconds(5);

  private final FakeClock clock = new FakeClock();
  private final ExecutorService pool = Executors.newCachedThreadPool();
  private Vitals vitals;

  @AfterEach
  void close() {
    if (vitals != null) {
      vitals.close();
    }
    pool.shutdownNow();
  }

  private Vitals.Builder engine() {
    return Vitals.builder().ticker(clock).scheduler(clock).shutdownHook(false);
  }

  @Test
  void aFastVerdictIsNotCalledStaleWhileTheProbeWaitsForASlowOne() {
    // Real clock: the probe really waits about a second for the slow check.
    vitals = Vitals.builder().shutdownHook(false)
        .check(HealthCheck.builder("fast", () -> Result.fail("connection refused"))
            .timeout(Duration.ofMillis(100)).onDemand(Duration.ZERO))
        .check(HealthCheck.builder("slow", () -> {
          new CountDownLatch(1).await(1, TimeUnit.SECONDS); // a dependency that answers in 1 s
          return Result.pass();
        }).timeout(Duration.ofMillis(1500)).onDemand(Duration.ZERO))
        .build();
    vitals.markStarted();

    HealthReport report = vitals.report(Probe.READINESS);

    assertThat(report.check("slow").status()).isEqualTo(Status.PASS);
    assertThat(report.check("fast").output()).isEqualTo("connection refused");
  }

  @Test
  void onDemandCheckDoesNotRunUntilProbed() {
    FakeCheck db = new FakeCheck();
    vitals = engine().executor(Runnable::run)
        .check(HealthCheck.builder("db", db).onDemand(TTL)).build();

    clock.advance(Duration.ofMinutes(5));

    assertThat(db.calls()).isZero();
  }

  @Test
  void onDemandCheckRunsOnlyWhenItsVerdictIsOlderThanTtl() {
    FakeCheck db = new FakeCheck();
    vitals = engine().executor(Runnable::run)
        .check(HealthCheck.builder("db", db).onDemand(TTL)).build();
    vitals.markStarted();

    assertThat(vitals.status(Probe.READINESS)).isEqualTo(Status.PASS);
    assertThat(db.calls()).isEqualTo(1);

    clock.advance(TTL.minusNanos(1));
    assertThat(vitals.status(Probe.READINESS)).isEqualTo(Status.PASS);
    assertThat(vitals.report(Probe.READINESS).status()).isEqualTo(Status.PASS);
    assertThat(vitals.details().status()).isEqualTo(Status.PASS);
    assertThat(db.calls()).isEqualTo(1);

    clock.advance(Duration.ofNanos(1));
    db.failing("connection refused");
    assertThat(vitals.status(Probe.READINESS)).isEqualTo(Status.FAIL);
    assertThat(db.calls()).isEqualTo(2);
  }

  @Test
  void onDemandCheckIsNotRunByProbesThatDoNotReadIt() {
    FakeCheck db = new FakeCheck();
    vitals = engine().executor(Runnable::run)
        .check(HealthCheck.builder("db", db).onDemand(TTL)).build();
    vitals.markStarted();

    vitals.status(Probe.LIVENESS);
    vitals.report(Probe.STARTUP);

    assertThat(db.calls()).isZero();
  }

  @Test
  void concurrentProbesShareOneExecution() throws Exception {
    int probes = 16;
    AtomicInteger calls = new AtomicInteger();
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Check db = () -> {
      calls.incrementAndGet();
      started.countDown();
      release.await();
      return Result.pass();
    };
    // TTL zero: every probe wants a fresh verdict, so only single flight keeps this to one run.
    vitals = engine().executor(pool)
        .check(HealthCheck.builder("db", db).onDemand(Duration.ZERO).timeout(Duration.ofSeconds(30)))
        .build();
    vitals.markStarted();

    BlockingQueue<Status> answers = new LinkedBlockingQueue<>();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < probes; i++) {
      Thread thread = new Thread(() -> answers.add(vitals.status(Probe.READINESS)), "probe-" + i);
      threads.add(thread);
      thread.start();
    }
    assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
    for (Thread thread : threads) {
      Waiting.untilBlockedIn(thread, Vitals.class.getName(), "refresh");
    }

    release.countDown();

    for (int i = 0; i < probes; i++) {
      assertThat(answers.poll(5, TimeUnit.SECONDS)).isEqualTo(Status.PASS);
    }
    assertThat(calls).hasValue(1);
  }

  @Test
  void probeOfAHungOnDemandCheckWaitsAtMostItsTimeoutAndStartsNoSecondExecution()
      throws Exception {
    AtomicInteger calls = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    Check db = () -> {
      calls.incrementAndGet();
      while (true) {
        try {
          release.await();
          return Result.pass();
        } catch (InterruptedException ignored) {
          // a driver that swallows interrupts
        }
      }
    };
    vitals = engine().executor(pool)
        .check(HealthCheck.builder("db", db).onDemand(Duration.ZERO).timeout(Duration.ofMillis(50)))
        .build();
    vitals.markStarted();

    // The probe waits (in real time) the 50 ms timeout and a little slack; the fake clock's
    // deadline timer has not fired, so the probe fails the execution itself.
    assertThat(vitals.status(Probe.READINESS)).isEqualTo(Status.FAIL);
    assertThat(vitals.report(Probe.READINESS).check("db").output())
        .isEqualTo("timed out after 50 ms");

    clock.advance(Duration.ofMillis(50)); // the deadline timer fires late: nothing changes
    for (int i = 0; i < 10; i++) {
      HealthReport report = vitals.report(Probe.READINESS);
      assertThat(report.status()).isEqualTo(Status.FAIL);
      assertThat(report.check("db").output()).isEqualTo("timed out after 50 ms");
    }
    assertThat(calls).hasValue(1);
    release.countDown();
  }
}
