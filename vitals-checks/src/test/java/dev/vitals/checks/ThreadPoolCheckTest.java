package dev.vitals.checks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.HealthCheck;
import dev.vitals.Result;
import dev.vitals.Status;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ThreadPoolCheckTest {
  private final CountDownLatch release = new CountDownLatch(1);
  private ThreadPoolExecutor pool;

  @AfterEach
  void stop() throws InterruptedException {
    release.countDown();
    if (pool != null) {
      pool.shutdownNow();
      pool.awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  /** Submits {@code running} tasks that block until released, waiting until each has started. */
  private void busy(int running) throws InterruptedException {
    CountDownLatch started = new CountDownLatch(running);
    for (int i = 0; i < running; i++) {
      pool.execute(() -> {
        started.countDown();
        awaitRelease();
      });
    }
    assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
  }

  private void queue(int tasks) {
    for (int i = 0; i < tasks; i++) {
      pool.execute(this::awaitRelease);
    }
  }

  private void awaitRelease() {
    try {
      release.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void boundedPoolWarnsThenFailsWhenTheNextTaskWouldBeRejected() throws Exception {
    pool = new ThreadPoolExecutor(2, 2, 1, TimeUnit.MINUTES, new ArrayBlockingQueue<>(3));
    HealthCheck check = ThreadPoolCheck.of("workers", pool).build();

    Result idle = check.check().check();
    busy(2);
    queue(2);
    Result warn = check.check().check();
    queue(1);
    Result fail = check.check().check();

    assertThat(idle.status()).isEqualTo(Status.PASS);
    assertThat(idle.observedValue()).isEqualTo(0.0);
    assertThat(warn.output()).isEqualTo("80% utilised: 2/2 threads busy, 2/3 queued (warn at 80%)");
    assertThat(fail.output()).isEqualTo("100% utilised: 2/2 threads busy, 3/3 queued (fail at 100%)");
    assertThat(check.key()).isEqualTo("workers:utilization");
  }

  @Test
  void synchronousHandOffCountsThreadsOnly() throws Exception {
    pool = new ThreadPoolExecutor(0, 4, 1, TimeUnit.MINUTES, new SynchronousQueue<>());
    busy(3);

    Result result = ThreadPoolCheck.create(pool).warnAbove(70).failAbove(90).healthCheck("p").build().check().check();

    assertThat(result.status()).isEqualTo(Status.WARN);
    assertThat(result.output()).isEqualTo("75% utilised: 3/4 threads busy, 0/0 queued (warn at 70%)");
  }

  @Test
  void unboundedQueueMeasuresBusyCoreThreadsAndShowsTheQueue() throws Exception {
    pool = new ThreadPoolExecutor(2, 2, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>());
    busy(2);
    queue(40);

    Result result = ThreadPoolCheck.of("p", pool).build().check().check();

    assertThat(result.status()).isEqualTo(Status.FAIL);
    assertThat(result.output()).isEqualTo("100% utilised: 2/2 threads busy, 40 queued (unbounded queue) (fail at 100%)");
  }

  @Test
  void shutDownPoolFails() throws Exception {
    pool = new ThreadPoolExecutor(1, 1, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>());
    pool.shutdown();

    assertThat(ThreadPoolCheck.of("p", pool).build().check().check().output()).isEqualTo("executor is shut down");
  }
}
