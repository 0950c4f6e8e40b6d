package dev.vitals.spring;

import dev.vitals.Vitals;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.context.SmartLifecycle;

/**
 * Maps Spring's shutdown onto Vitals' drain (rule 9): when the application context closes,
 * readiness fails at once, and only after the engine's drain delay does Spring go on to stop the
 * web server gracefully, so a balancer takes the instance out before connections are refused.
 *
 * <p>Spring stops lifecycle beans from the highest phase down. Spring Boot stops the web server
 * in two phases below this one: {@code WebServerGracefulShutdownLifecycle} ({@code DEFAULT_PHASE
 * - 1024}: stop accepting, finish requests in flight) and then {@code WebServerStartStopLifecycle}
 * ({@code DEFAULT_PHASE - 2048}). This bean has {@link #PHASE}, the highest, so the drain begins
 * before anything else stops and the server accepts requests (probes included) throughout it.
 * Beans of the same phase, such as message listener containers, stop beside the drain: its
 * {@link #stop(Runnable)} returns at once and completes later.
 *
 * <p>The engine decides when the drain ends: at {@link #start()} this bean adds a shutdown task,
 * {@code spring-context}, whose run hands the shutdown back to Spring. It runs after the drain
 * delay and after the shutdown tasks registered before it. If the engine is closed instead (no
 * drain), Spring is released at once. Spring's {@code spring.lifecycle.timeout-per-shutdown-phase}
 * (30 s by default) must be longer than the drain delay, or Spring stops waiting.
 *
 * <p>Give the engine {@code shutdownHook(false)}: Spring's own shutdown hook closes the context
 * on SIGTERM, and that reaches the drain through this bean.
 */
public final class VitalsLifecycle implements SmartLifecycle {
  /** This bean's phase: {@link SmartLifecycle#DEFAULT_PHASE}, the first to stop. */
  public static final int PHASE = SmartLifecycle.DEFAULT_PHASE;

  /** The name of the shutdown task that hands the shutdown back to Spring. */
  public static final String TASK = "spring-context";

  private final Vitals vitals;
  private final AtomicBoolean registered = new AtomicBoolean();
  private final AtomicReference<Runnable> pending = new AtomicReference<>();
  private volatile boolean running;

  /** A bridge for {@code vitals}, which should be built with {@code shutdownHook(false)}. */
  public VitalsLifecycle(Vitals vitals) {
    this.vitals = Objects.requireNonNull(vitals, "vitals");
  }

  @Override
  public void start() {
    if (registered.compareAndSet(false, true)) {
      vitals.addShutdownTask(TASK, this::release);
    }
    running = true;
  }

  /**
   * Begins the drain and returns; {@code callback} runs when the drain is over (or the engine
   * stopped without one), on an engine thread.
   */
  @Override
  public void stop(Runnable callback) {
    Objects.requireNonNull(callback, "callback");
    running = false;
    pending.set(callback);
    // The task releases Spring after the drain; if the sequence ends without running it (the
    // engine was closed, or the task had already run), the end of the sequence does.
    vitals.beginShutdown().whenComplete((done, failure) -> release());
  }

  /** Drains and waits for the drain, for callers that stop without a callback. */
  @Override
  public void stop() {
    CountDownLatch drained = new CountDownLatch(1);
    stop(drained::countDown);
    try {
      drained.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void release() {
    Runnable callback = pending.getAndSet(null);
    if (callback != null) {
      callback.run();
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return PHASE;
  }

  @Override
  public String toString() {
    return "VitalsLifecycle{phase=" + PHASE + "}";
  }
}
