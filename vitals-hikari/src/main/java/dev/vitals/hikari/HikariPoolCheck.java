package dev.vitals.hikari;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import dev.vitals.Check;
import dev.vitals.HealthCheck;
import dev.vitals.Result;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Checks a HikariCP pool for saturation: are callers waiting for a connection, and for how long?
 * Reads the pool's {@link HikariPoolMXBean} (no connection is borrowed, nothing is sent to the
 * database); pair it with a {@code JdbcCheck} on the same pool for reachability.
 *
 * <pre>{@code
 * vitals.register(HikariPoolCheck.of("db-pool", dataSource).build());
 * vitals.register(HikariPoolCheck.create(dataSource)
 *     .failAfter(Duration.ofSeconds(10))
 *     .healthCheck("db-pool")
 *     .interval(Duration.ofSeconds(2))
 *     .build());
 * }</pre>
 *
 * <p>What a run reports: <b>pass</b> while no thread waits for a connection; <b>warn</b> while
 * threads wait (the pool is exhausted: every connection is in use and callers queue); <b>fail</b>
 * once threads have been seen waiting in every run for at least {@link #failAfter(Duration)
 * failAfter}, by default the pool's {@code connectionTimeout} (30 s unless configured): by then
 * callers are getting {@code SQLTransientConnectionException}s rather than connections. The
 * "stays exhausted" judgement is sampled: the check remembers when a run first saw waiters and
 * forgets as soon as a run sees none, so a pool that drains between two runs starts over. Run it
 * every few seconds for a finer judgement. A closed pool fails, a suspended one fails (callers
 * block until it resumes), one not started yet (no connection ever asked for) passes.
 *
 * <p>observedValue is the number of threads awaiting a connection (unit {@code threads},
 * measurement {@code threadsAwaiting}); the output always reads like {@code pool HikariPool-1: 3
 * threads waiting for 12 s; active 10, idle 0, total 10, max 10}. componentType {@code
 * datastore}, componentId the pool name. The check keeps only the time waiters were first seen;
 * it is thread-safe.
 */
public final class HikariPoolCheck implements Check {
  private final HikariDataSource pool;
  private final Duration failAfter; // null: the pool's connectionTimeout, read per run
  private final LongSupplier nanoTime;
  private final AtomicLong waitingSince = new AtomicLong(NOT_WAITING);

  private static final long NOT_WAITING = Long.MIN_VALUE;

  private HikariPoolCheck(HikariDataSource pool, Duration failAfter, LongSupplier nanoTime) {
    this.pool = pool;
    this.failAfter = failAfter;
    this.nanoTime = nanoTime;
  }

  /**
   * A registration named {@code name} for {@code pool}: componentType {@code datastore},
   * componentId the pool name, measurement {@code threadsAwaiting}.
   */
  public static HealthCheck.Builder of(String name, HikariDataSource pool) {
    return create(pool).healthCheck(name);
  }

  /** The bare check of {@code pool}, failing after the pool's connectionTimeout. */
  public static HikariPoolCheck create(HikariDataSource pool) {
    return new HikariPoolCheck(Objects.requireNonNull(pool, "pool"), null, System::nanoTime);
  }

  /** For tests: a check reading time from {@code nanoTime}. */
  static HikariPoolCheck create(HikariDataSource pool, LongSupplier nanoTime) {
    return new HikariPoolCheck(Objects.requireNonNull(pool, "pool"), null, nanoTime);
  }

  /**
   * This check failing once callers have been waiting for {@code failAfter} (positive) instead of
   * the pool's connectionTimeout. A new check with its own memory.
   */
  public HikariPoolCheck failAfter(Duration failAfter) {
    Objects.requireNonNull(failAfter, "failAfter");
    if (failAfter.isNegative() || failAfter.isZero()) {
      throw new IllegalArgumentException("failAfter must be positive: " + failAfter);
    }
    return new HikariPoolCheck(pool, failAfter, nanoTime);
  }

  /** A registration of this check with componentType, componentId and measurement set. */
  public HealthCheck.Builder healthCheck(String name) {
    return HealthCheck.builder(name, this)
        .componentType("datastore")
        .componentId(poolName())
        .measurement("threadsAwaiting");
  }

  @Override
  public Result check() {
    String where = "pool " + poolName();
    if (pool.isClosed()) {
      waitingSince.set(NOT_WAITING);
      return Result.fail(where + ": pool is closed");
    }
    HikariPoolMXBean bean = pool.getHikariPoolMXBean();
    if (bean == null) {
      return Result.of(dev.vitals.Status.PASS, where + ": not started yet").observed(0, "threads");
    }
    int waiting = bean.getThreadsAwaitingConnection();
    String counts = "active " + bean.getActiveConnections() + ", idle " + bean.getIdleConnections()
        + ", total " + bean.getTotalConnections() + ", max " + pool.getMaximumPoolSize();
    if (!pool.isRunning()) {
      return Result.fail(where + ": pool is suspended; " + waiting + " threads waiting; " + counts)
          .observed(waiting, "threads");
    }
    long now = nanoTime.getAsLong();
    if (waiting == 0) {
      waitingSince.set(NOT_WAITING);
      return Result.of(dev.vitals.Status.PASS, where + ": no thread waiting; " + counts)
          .observed(0, "threads");
    }
    waitingSince.compareAndSet(NOT_WAITING, now);
    long waitedNanos = now - waitingSince.get();
    Duration limit = failAfter != null ? failAfter : Duration.ofMillis(pool.getConnectionTimeout());
    String text = where + ": " + waiting + (waiting == 1 ? " thread" : " threads")
        + " waiting for " + TimeUnit.NANOSECONDS.toSeconds(waitedNanos) + " s; " + counts;
    return (waitedNanos >= limit.toNanos() ? Result.fail(text) : Result.warn(text))
        .observed(waiting, "threads");
  }

  @Override
  public String toString() {
    return "HikariPoolCheck{" + poolName()
        + (failAfter == null ? "" : ", failAfter=" + failAfter.toMillis() + " ms") + "}";
  }

  private String poolName() {
    String name = pool.getPoolName();
    return name == null || name.isBlank() ? "hikari" : name;
  }
}
