package dev.vitals.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.Lifecycle;
import dev.vitals.Probe;
import dev.vitals.Status;
import dev.vitals.Vitals;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.support.GenericApplicationContext;

class VitalsLifecycleTest {
  /** Spring Boot's WebServerGracefulShutdownLifecycle phase, which the drain must precede. */
  private static final int GRACEFUL_SHUTDOWN_PHASE = SmartLifecycle.DEFAULT_PHASE - 1024;

  @Test
  void closingTheContextDrainsBeforeTheWebServerPhaseStops() {
    Duration drain = Duration.ofMillis(300);
    List<String> steps = new CopyOnWriteArrayList<>();
    long[] closingAt = new long[1];
    Vitals vitals = Vitals.builder().shutdownHook(false).drainDelay(drain).build();
    vitals.markStarted();
    // Timed from the start of close(), which begins the drain first of all phases; not from the
    // DRAINING event, which the events thread delivers when it gets to it.
    StandIn webServer = new StandIn(() -> {
      steps.add("web server stops: readiness " + vitals.status(Probe.READINESS)
          + " after " + (System.nanoTime() - closingAt[0] >= drain.toNanos() ? "the drain" : "less"));
    });
    GenericApplicationContext context = new GenericApplicationContext();
    context.registerBean(VitalsLifecycle.class, () -> new VitalsLifecycle(vitals));
    context.registerBean(StandIn.class, () -> webServer);
    context.refresh();
    assertThat(vitals.status(Probe.READINESS)).isEqualTo(Status.PASS);
    closingAt[0] = System.nanoTime();
    context.close();
    assertThat(steps).containsExactly("web server stops: readiness FAIL after the drain");
    vitals.close();
  }

  @Test
  void aClosedEngineReleasesSpringAtOnce() {
    Vitals vitals = Vitals.builder().shutdownHook(false).drainDelay(Duration.ofHours(1)).build();
    VitalsLifecycle bridge = new VitalsLifecycle(vitals);
    bridge.start();
    List<String> released = new CopyOnWriteArrayList<>();
    bridge.stop(() -> released.add("released"));
    assertThat(vitals.lifecycle()).isEqualTo(Lifecycle.DRAINING);
    vitals.close();
    assertThat(released).containsExactly("released");
    assertThat(bridge.isRunning()).isFalse();
  }

  @Test
  void stopsFirstOfAllPhases() {
    assertThat(new VitalsLifecycle(Vitals.builder().shutdownHook(false).build()).getPhase())
        .isEqualTo(Integer.MAX_VALUE)
        .isGreaterThan(GRACEFUL_SHUTDOWN_PHASE);
  }

  /** Stands in for Boot's graceful-shutdown lifecycle, at its phase. */
  static final class StandIn implements SmartLifecycle {
    private final Runnable onStop;
    private volatile boolean running;

    StandIn(Runnable onStop) {
      this.onStop = onStop;
    }

    @Override
    public void start() {
      running = true;
    }

    @Override
    public void stop() {
      onStop.run();
      running = false;
    }

    @Override
    public boolean isRunning() {
      return running;
    }

    @Override
    public int getPhase() {
      return GRACEFUL_SHUTDOWN_PHASE;
    }
  }
}
