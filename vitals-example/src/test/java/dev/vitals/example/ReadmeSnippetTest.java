package dev.vitals.example;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.HealthCheck;
import dev.vitals.HealthEndpoints;
import dev.vitals.Probe;
import dev.vitals.Result;
import dev.vitals.Status;
import dev.vitals.Vitals;
import dev.vitals.checks.DeadlockCheck;
import dev.vitals.checks.JdbcCheck;
import dev.vitals.checks.RedisCheck;
import dev.vitals.server.HealthServer;
import java.time.Duration;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/**
 * The README's "Using Vitals in your service" snippet, kept compiling and running: if the API it
 * shows changes, this test breaks before the README lies. Differences from the README, marked
 * below: an H2 data source, a Redis that isn't there, port 0, no shutdown hook.
 */
class ReadmeSnippetTest {

  /** Stands in for the application's queue consumer. */
  static final class Consumer {
    volatile boolean running = true;

    boolean isRunning() {
      return running;
    }

    void stop() {
      running = false;
    }
  }

  @Test
  void theReadmeSnippetBuildsAndAnswers() throws Exception {
    JdbcDataSource dataSource = new JdbcDataSource();
    dataSource.setURL("jdbc:h2:mem:readme;DB_CLOSE_DELAY=-1");
    Consumer consumer = new Consumer();

    // --- as in the README ---
    Vitals vitals = Vitals.builder()
        .serviceId("notes").version("1.4.2")
        .check(JdbcCheck.of("database", dataSource)            // the pool you serve traffic with
            .timeout(Duration.ofSeconds(1))
            .interval(Duration.ofSeconds(5)))
        .check(RedisCheck.of("cache", "redis://127.0.0.1:1")   // README: redis://cache:6379
            .critical(false))                                   // down: warn, keep serving
        .check(DeadlockCheck.of())                              // liveness
        .check(HealthCheck.builder("queue-consumer", () ->      // any lambda is a check
                consumer.isRunning() ? Result.pass() : Result.fail("consumer stopped"))
            .failureThreshold(3))                               // three in a row before it turns
        .shutdownTask("consumer", consumer::stop)               // runs after the drain
        .shutdownHook(false).drainDelay(Duration.ZERO)          // not in the README: a test JVM
        .build();                                               // background checks start now

    HealthEndpoints endpoints = HealthEndpoints.builder(vitals)
        .bearerToken(System.getenv("VITALS_TOKEN"))
        .allowNetwork("10.0.0.0/8")
        .build();
    HealthServer server = HealthServer.builder(endpoints).port(0).start(); // README: 8081

    vitals.markStarted();                                       // readiness follows its checks
    // --- end of the snippet ---

    try {
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      // Until the first background runs report: a readiness check not yet run reads FAIL, a
      // liveness check (the deadlock check, on threads of its own) WARN.
      while ((vitals.status(Probe.READINESS) == Status.FAIL || vitals.status(Probe.LIVENESS) == Status.WARN)
          && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertThat(vitals.status(Probe.READINESS)).isEqualTo(Status.WARN); // the absent cache warns
      assertThat(vitals.status(Probe.LIVENESS)).isEqualTo(Status.PASS);
      assertThat(new Http(server.port()).get("/health/ready").statusCode()).isEqualTo(200);
      vitals.beginShutdown().get();
      assertThat(consumer.isRunning()).isFalse();
    } finally {
      server.close();
      vitals.close();
    }
  }
}
