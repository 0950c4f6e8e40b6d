package dev.vitals.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.HealthListener;
import dev.vitals.Lifecycle;
import dev.vitals.Vitals;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;

/**
 * Closing the context: readiness fails at once, the web server keeps accepting requests through
 * the drain, and Boot's graceful shutdown of the web server begins only after it.
 */
class ShutdownOrderTest {
  /** Boot's WebServerGracefulShutdownLifecycle phase (both lines). */
  private static final int GRACEFUL_SHUTDOWN_PHASE = SmartLifecycle.DEFAULT_PHASE - 1024;
  private static final Duration DRAIN = Duration.ofSeconds(2);

  @Test
  void theDrainRunsBeforeTheWebServersGracefulShutdown() throws Exception {
    List<String> steps = new CopyOnWriteArrayList<>();
    CountDownLatch draining = new CountDownLatch(1);
    long[] drainingAt = new long[1];
    ConfigurableApplicationContext context = new SpringApplicationBuilder(TestApp.class)
        .properties("server.port=0", "spring.datasource.url=jdbc:h2:mem:shutdown-order",
            "server.shutdown=graceful", "vitals.drain-delay=" + DRAIN.toMillis() + "ms")
        .run();
    int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    Vitals vitals = context.getBean(Vitals.class);
    vitals.addListener(new HealthListener() {
      @Override
      public void onLifecycle(Lifecycle lifecycle) {
        if (lifecycle == Lifecycle.DRAINING) {
          draining.countDown();
        }
      }
    });
    // Stops just before Boot's graceful shutdown: the drain must be over, the port still open.
    context.getBeanFactory().registerSingleton("justBeforeGracefulShutdown", new SmartLifecycle() {
      private volatile boolean running = true;

      @Override
      public void start() {
        running = true;
      }

      @Override
      public void stop() {
        boolean drained = System.nanoTime() - drainingAt[0] >= DRAIN.toNanos();
        steps.add("before graceful shutdown: drain " + (drained ? "over" : "not over")
            + ", readiness " + Http.get(port, "/health/ready").statusCode()
            + ", liveness " + Http.get(port, "/health/live").statusCode());
        running = false;
      }

      @Override
      public boolean isRunning() {
        return running;
      }

      @Override
      public int getPhase() {
        return GRACEFUL_SHUTDOWN_PHASE + 1;
      }
    });
    assertThat(Http.get(port, "/health/ready").statusCode()).isEqualTo(200);

    // Measured from the close, not from the DRAINING event: the events thread may deliver that
    // late, and the drain cannot begin before the close does (a lower bound, never a guess).
    drainingAt[0] = System.nanoTime();
    Thread closing = new Thread(context::close, "closing");
    closing.start();
    assertThat(draining.await(10, TimeUnit.SECONDS)).isTrue();
    // During the drain: readiness fails, and the server still accepts every request.
    assertThat(Http.get(port, "/health/ready").statusCode()).isEqualTo(503);
    assertThat(Http.get(port, "/health/live").statusCode()).isEqualTo(200);
    assertThat(Http.get(port, "/hello").statusCode()).isEqualTo(200);
    closing.join(TimeUnit.SECONDS.toMillis(30));
    assertThat(closing.isAlive()).isFalse();
    assertThat(steps).containsExactly(
        "before graceful shutdown: drain over, readiness 503, liveness 200");
  }
}
