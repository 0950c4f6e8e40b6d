package dev.vitals.hikari;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.vitals.HealthCheck;
import dev.vitals.Result;
import dev.vitals.Status;
import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HikariPoolCheckTest {
  private HikariDataSource pool;
  private final AtomicLong clock = new AtomicLong();

  @BeforeEach
  void startPool() {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl("jdbc:h2:mem:hikari-check;DB_CLOSE_DELAY=-1");
    config.setPoolName("test-pool");
    config.setMaximumPoolSize(2);
    config.setMinimumIdle(2);
    config.setConnectionTimeout(10_000);
    pool = new HikariDataSource(config);
  }

  @AfterEach
  void closePool() {
    pool.close();
  }

  @Test
  void idlePoolPassesWithNoThreadWaiting() throws Exception {
    HealthCheck check = HikariPoolCheck.of("db-pool", pool).build();

    Result result = check.check().check();

    assertThat(result.status()).isEqualTo(Status.PASS);
    assertThat(result.observedValue()).isEqualTo(0);
    assertThat(result.output()).startsWith("pool test-pool: no thread waiting; active 0, idle ");
    assertThat(check.componentId()).isEqualTo("test-pool");
    assertThat(check.componentType()).isEqualTo("datastore");
    assertThat(check.key()).isEqualTo("db-pool:threadsAwaiting");
  }

  @Test
  void exhaustedPoolWarnsWhileCallersWaitThenFailsWhenItStaysExhausted() throws Exception {
    HikariPoolCheck check = HikariPoolCheck.create(pool, clock::get).failAfter(Duration.ofSeconds(5));
    Connection a = pool.getConnection();
    Connection b = pool.getConnection();
    CountDownLatch borrowed = new CountDownLatch(1);
    AtomicReference<Connection> third = new AtomicReference<>();
    Thread caller = new Thread(() -> {
      try {
        third.set(pool.getConnection());
        borrowed.countDown();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }, "waiting-caller");
    caller.start();
    try {
      assertThat(awaitWaiting(1)).isTrue();

      Result first = check.check();
      clock.addAndGet(TimeUnit.SECONDS.toNanos(4));
      Result stillWarn = check.check();
      clock.addAndGet(TimeUnit.SECONDS.toNanos(1));
      Result failed = check.check();

      assertThat(first.status()).isEqualTo(Status.WARN);
      assertThat(first.output())
          .isEqualTo("pool test-pool: 1 thread waiting for 0 s; active 2, idle 0, total 2, max 2");
      assertThat(first.observedValue()).isEqualTo(1);
      assertThat(first.observedUnit()).isEqualTo("threads");
      assertThat(stillWarn.status()).isEqualTo(Status.WARN);
      assertThat(failed.status()).isEqualTo(Status.FAIL);
      assertThat(failed.output())
          .isEqualTo("pool test-pool: 1 thread waiting for 5 s; active 2, idle 0, total 2, max 2");

      a.close();
      assertThat(borrowed.await(5, TimeUnit.SECONDS)).isTrue();
      Result drained = check.check();
      assertThat(drained.status()).isEqualTo(Status.PASS);
      assertThat(drained.output()).isEqualTo("pool test-pool: no thread waiting; active 2, idle 0, total 2, max 2");

      // A new episode of waiting starts its clock again.
      b.close();
      b = pool.getConnection();
      Thread again = new Thread(this::borrowAndReturn, "waiting-caller-2");
      again.start();
      assertThat(awaitWaiting(1)).isTrue();
      assertThat(check.check().status()).isEqualTo(Status.WARN);
      b.close();
      again.join(5_000);
    } finally {
      caller.join(5_000);
      if (third.get() != null) {
        third.get().close();
      }
      a.close();
      b.close();
    }
  }

  @Test
  void defaultFailAfterIsThePoolsConnectionTimeout() throws Exception {
    HikariPoolCheck check = HikariPoolCheck.create(pool, clock::get);
    Connection a = pool.getConnection();
    Connection b = pool.getConnection();
    Thread caller = new Thread(this::borrowAndReturn, "waiting-caller");
    caller.start();
    try {
      assertThat(awaitWaiting(1)).isTrue();
      assertThat(check.check().status()).isEqualTo(Status.WARN);
      clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(9_999));
      assertThat(check.check().status()).isEqualTo(Status.WARN);
      clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(1));
      assertThat(check.check().status()).isEqualTo(Status.FAIL);
    } finally {
      a.close();
      caller.join(5_000);
      b.close();
    }
  }

  @Test
  void closedPoolFails() throws Exception {
    HikariPoolCheck check = HikariPoolCheck.create(pool);
    pool.close();

    Result result = check.check();

    assertThat(result.status()).isEqualTo(Status.FAIL);
    assertThat(result.output()).isEqualTo("pool test-pool: pool is closed");
  }

  @Test
  void poolNotStartedYetPasses() throws Exception {
    try (HikariDataSource lazy = new HikariDataSource()) {
      lazy.setJdbcUrl("jdbc:h2:mem:lazy");
      lazy.setPoolName("lazy");

      Result result = HikariPoolCheck.create(lazy).check();

      assertThat(result.status()).isEqualTo(Status.PASS);
      assertThat(result.output()).isEqualTo("pool lazy: not started yet");
    }
  }

  @Test
  void failAfterMustBePositive() {
    assertThatThrownBy(() -> HikariPoolCheck.create(pool).failAfter(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("failAfter must be positive: PT0S");
    assertThat(HikariPoolCheck.create(pool).failAfter(Duration.ofSeconds(3)))
        .hasToString("HikariPoolCheck{test-pool, failAfter=3000 ms}");
  }

  /** Borrows a connection, waiting as long as the pool makes it, and gives it back at once. */
  private void borrowAndReturn() {
    try {
      pool.getConnection().close();
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Waits until Hikari counts {@code n} threads awaiting a connection; polls, never guesses. */
  private boolean awaitWaiting(int n) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (pool.getHikariPoolMXBean().getThreadsAwaitingConnection() != n) {
      if (System.nanoTime() > end) {
        return false;
      }
      Thread.sleep(5);
    }
    return true;
  }
}
