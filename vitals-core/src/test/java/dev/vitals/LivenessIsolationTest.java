package dev.vitals;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class LivenessIsolationTest {

  /** Waits for a condition the engine's real threads bring about, at most 5 s. */
  private static boolean eventually(BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.onSpinWait();
    }
    return true;
  }

  @Test
  void hungDependencyChecksThatIgnoreInterruptsNeverStarveLiveness() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch bothStuck = new CountDownLatch(2);
    Check stuck = () -> {
      bothStuck.countDown();
      while (release.getCount() > 0) {
        try {
          release.await();
        } catch (InterruptedException ignored) {
          // like blocking socket I/O: the interrupt changes nothing
        }
      }
      return Result.pass();
    };
    AtomicInteger livenessRuns = new AtomicInteger();
    Duration timeout = Duration.ofMillis(200);
    Duration interval = Duration.ofMillis(400);
    try (Vitals vitals = Vitals.builder().shutdownHook(false)
        .checkThreads(2) // the two stuck checks will hold every dependency thread
        .check(HealthCheck.builder("db", stuck).timeout(timeout).interval(interval))
        .check(HealthCheck.builder("cache", stuck).timeout(timeout).interval(interval))
        .check(HealthCheck.builder("queue", Result::pass).timeout(timeout).interval(interval))
        .check(HealthCheck.builder("loop", () -> {
          livenessRuns.incrementAndGet();
          return Result.pass();
        }).liveness().timeout(timeout).interval(interval))
        .build()) {
      vitals.markStarted();
      assertThat(bothStuck.await(5, TimeUnit.SECONDS)).isTrue();

      // The dependency check that found no free thread fails honestly, so readiness fails...
      assertThat(eventually(() -> "timed out after 200 ms waiting for a free check thread"
          .equals(vitals.report(Probe.READINESS).check("queue").output()))).isTrue();
      assertThat(vitals.status(Probe.READINESS)).isEqualTo(Status.FAIL);
      // ...while the liveness check keeps running on its own thread and liveness passes.
      int runsSoFar = livenessRuns.get();
      assertThat(eventually(() -> livenessRuns.get() >= runsSoFar + 2)).isTrue();
      assertThat(vitals.status(Probe.LIVENESS)).isEqualTo(Status.PASS);
    } finally {
      release.countDown();
    }
  }
}
