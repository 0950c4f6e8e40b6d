package dev.vitals.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vitals.HealthCheck;
import dev.vitals.Probe;
import dev.vitals.Result;
import dev.vitals.Status;
import dev.vitals.testing.Timing;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ExecutorLagCheckTest {
  private final ExecutorService executor = Executors.newSingleThreadExecutor();
  private final AtomicInteger submitted = new AtomicInteger();

  @AfterEach
  void stop() throws InterruptedException {
    executor.shutdownNow();
    executor.awaitTermination(5, TimeUnit.SECONDS);
  }

  private HealthCheck check(Duration maxLag) {
    return ExecutorLagCheck.of("loop", task -> {
      submitted.incrementAndGet();
      executor.execute(task);
    }, maxLag).build();
  }

  @Test
  void responsiveExecutorPassesWithTheLagObserved() throws Exception {
    HealthCheck check = check(Duration.ofMillis(500));

    Result result = Timing.runWithinDeadline(check);

    assertThat(result.status()).isEqualTo(Status.PASS);
    assertThat((Long) result.observedValue()).isBetween(0L, 500L);
    assertThat(result.observedUnit()).isEqualTo("ms");
    assertThat(check.probes()).containsExactly(Probe.LIVENESS);
    assertThat(check.key()).isEqualTo("loop:lag");
    assertThat(check.timeout()).isEqualTo(Duration.ofMillis(1000));
  }

  @Test
  void wedgedExecutorFailsWithinTheLagAndNeverPilesUpProbes() throws Exception {
    CountDownLatch wedge = new CountDownLatch(1);
    CountDownLatch wedged = new CountDownLatch(1);
    executor.execute(() -> {
      wedged.countDown();
      try {
        wedge.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    assertThat(wedged.await(5, TimeUnit.SECONDS)).isTrue();
    HealthCheck check = check(Duration.ofMillis(200));

    Result first = Timing.runWithin(check, Duration.ofMillis(200).plus(Timing.MARGIN));
    Result second = Timing.runWithinDeadline(check);
    Result third = Timing.runWithinDeadline(check);
    int whileWedged = submitted.get();
    wedge.countDown();
    CountDownLatch drained = new CountDownLatch(1);
    executor.execute(drained::countDown); // FIFO: runs after the outstanding probe
    assertThat(drained.await(5, TimeUnit.SECONDS)).isTrue();
    Result recovered = Timing.runWithinDeadline(check);

    assertThat(first.status()).isEqualTo(Status.FAIL);
    assertThat(first.output()).matches("task submitted 2\\d\\d ms ago has not started \\(max lag 200 ms\\)");
    assertThat(second.status()).isEqualTo(Status.FAIL);
    assertThat(third.status()).isEqualTo(Status.FAIL);
    assertThat(whileWedged).as("probe tasks submitted while wedged").isEqualTo(1);
    assertThat(recovered.status()).isEqualTo(Status.PASS);
  }

  @Test
  void rejectionFails() throws Exception {
    executor.shutdown();

    Result result = check(Duration.ofMillis(100)).check().check();

    assertThat(result.status()).isEqualTo(Status.FAIL);
    assertThat(result.output()).startsWith("executor rejected the probe task: RejectedExecutionException");
    assertThat(submitted).hasValue(1);
  }

  @Test
  void rejectsBadMaxLag() {
    assertThatThrownBy(() -> ExecutorLagCheck.create(Runnable::run, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxLag must be positive and at most an hour: PT0S");
    assertThatThrownBy(() -> ExecutorLagCheck.create(task -> { throw new RejectedExecutionException(); },
        Duration.ofDays(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
