package dev.vitals.checks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.HealthCheck;
import dev.vitals.Probe;
import dev.vitals.Result;
import dev.vitals.Status;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Deadlocks made here last for the life of the test JVM (daemon threads, so it can still exit),
 * hence the order: the pass case first. No other test class may expect DeadlockCheck to pass.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeadlockCheckTest {

  @Test
  @Order(1)
  void passesWithoutDeadlockAsALivenessCheck() throws Exception {
    HealthCheck check = DeadlockCheck.of().build();

    assertThat(check.name()).isEqualTo("deadlock");
    assertThat(check.probes()).containsExactly(Probe.LIVENESS);
    assertThat(check.componentType()).isEqualTo("system");
    assertThat(check.check().check().status()).isEqualTo(Status.PASS);
  }

  @Test
  @Order(2)
  void failsNamingTheDeadlockedThreads() throws Exception {
    deadlock("vitals-test-deadlock-a", "vitals-test-deadlock-b");

    Result result = awaitFailure(2);

    assertThat(result.output())
        .startsWith("2 threads deadlocked: ")
        .contains("vitals-test-deadlock-a", "vitals-test-deadlock-b");
  }

  @Test
  @Order(3)
  void listsAtMostFiveNames() throws Exception {
    deadlock("vitals-test-deadlock-c", "vitals-test-deadlock-d");
    deadlock("vitals-test-deadlock-e", "vitals-test-deadlock-f");

    Result result = awaitFailure(6);

    assertThat(result.output()).startsWith("6 threads deadlocked: ").endsWith(" and 1 more");
  }

  private static Result awaitFailure(int threads) throws Exception {
    long deadline = System.nanoTime() + 5_000_000_000L;
    Result result = DeadlockCheck.create().check();
    while (!result.toString().contains(threads + " threads") && System.nanoTime() < deadline) {
      Thread.sleep(10);
      result = DeadlockCheck.create().check();
    }
    assertThat(result.status()).isEqualTo(Status.FAIL);
    return result;
  }

  /** Two daemon threads taking two locks in opposite order, each after the other has one. */
  private static void deadlock(String first, String second) throws InterruptedException {
    ReentrantLock a = new ReentrantLock();
    Object b = new Object(); // one j.u.c lock and one monitor: both kinds are found
    CountDownLatch bothHoldOne = new CountDownLatch(2);
    Thread t1 =
        new Thread(
            () -> {
              a.lock();
              bothHoldOne.countDown();
              awaitQuietly(bothHoldOne);
              synchronized (b) {
                a.unlock();
              }
            },
            first);
    Thread t2 =
        new Thread(
            () -> {
              synchronized (b) {
                bothHoldOne.countDown();
                awaitQuietly(bothHoldOne);
                a.lock();
              }
            },
            second);
    t1.setDaemon(true);
    t2.setDaemon(true);
    t1.start();
    t2.start();
    bothHoldOne.await();
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
