package dev.vitals.spring.boot;

import dev.vitals.HealthCheck;
import dev.vitals.HealthListener;
import dev.vitals.Lifecycle;
import dev.vitals.Result;
import dev.vitals.Vitals;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;

/**
 * Spring Boot's availability state and Vitals' lifecycle, agreeing in both directions.
 *
 * <p><b>Vitals to Spring.</b> Each lifecycle step and each verdict transition re-reads {@link
 * Vitals#lifecycle()} (never running a check) and, when its meaning for traffic changes, publishes
 * an {@link AvailabilityChangeEvent}: {@code READY} as {@link ReadinessState#ACCEPTING_TRAFFIC};
 * {@code NOT_READY}, {@code DRAINING}, {@code STOPPED} and {@code BROKEN} as {@link
 * ReadinessState#REFUSING_TRAFFIC}; {@code BROKEN} also as {@link LivenessState#BROKEN}. Published
 * on the engine's events thread, with this bridge as the event's source.
 *
 * <p><b>Spring to Vitals.</b> {@link ReadinessState#REFUSING_TRAFFIC} published by anyone else
 * (the application, or Boot as the context closes) fails the {@code availability} check with
 * output {@code refusing traffic} until {@link ReadinessState#ACCEPTING_TRAFFIC}; the engine then
 * decides what readiness answers, as for any check. {@link LivenessState#BROKEN} calls {@link
 * Vitals#markBroken}. Events whose source is this bridge are its own echo and are ignored, so
 * nothing loops: Vitals reporting NOT_READY never makes itself refuse traffic.
 */
final class AvailabilityBridge
    implements HealthListener, ApplicationListener<AvailabilityChangeEvent<?>>, SmartLifecycle {
  /** The name of the check that carries the application's own REFUSING_TRAFFIC. */
  static final String CHECK = "availability";

  private final ObjectProvider<Vitals> engine;
  private final ApplicationEventPublisher publisher;
  private volatile Vitals vitals;
  private volatile boolean refusing;
  private ReadinessState published; // on the events thread only
  private boolean publishedBroken;
  private volatile boolean running;

  /** {@code engine} is looked up only once the context runs: the engine reads this bridge's check. */
  AvailabilityBridge(ObjectProvider<Vitals> engine, ApplicationEventPublisher publisher) {
    this.engine = engine;
    this.publisher = publisher;
  }

  /**
   * The {@code availability} check: fails while the application refuses traffic. A background
   * check reading one field, every second by default (so it takes effect within that).
   */
  HealthCheck.Builder check() {
    return HealthCheck.builder(CHECK,
            () -> refusing ? Result.fail("refusing traffic") : Result.pass())
        .interval(Duration.ofSeconds(1))
        .timeout(Duration.ofMillis(500))
        .componentType("system");
  }

  boolean refusing() {
    return refusing;
  }

  // --- Spring to Vitals ------------------------------------------------------------------------

  @Override
  public void onApplicationEvent(AvailabilityChangeEvent<?> event) {
    if (event.getSource() == this) {
      return; // our own echo
    }
    Object state = event.getState();
    if (state == ReadinessState.REFUSING_TRAFFIC) {
      refusing = true;
    } else if (state == ReadinessState.ACCEPTING_TRAFFIC) {
      refusing = false;
    } else if (state == LivenessState.BROKEN) {
      engine.getObject().markBroken("the application's liveness state is BROKEN");
    }
  }

  // --- Vitals to Spring ------------------------------------------------------------------------

  @Override
  public void onLifecycle(Lifecycle lifecycle) {
    publish();
  }

  @Override
  public void onTransition(Transition transition) {
    publish();
  }

  private synchronized void publish() {
    Lifecycle now = engine.getObject().lifecycle();
    if (now == Lifecycle.BROKEN && !publishedBroken) {
      publishedBroken = true;
      AvailabilityChangeEvent.publish(publisher, this, LivenessState.BROKEN);
    }
    ReadinessState readiness = switch (now) {
      case STARTING -> null; // Boot's own until the application is ready
      case READY -> ReadinessState.ACCEPTING_TRAFFIC;
      default -> ReadinessState.REFUSING_TRAFFIC;
    };
    if (readiness != null && readiness != published) {
      published = readiness;
      AvailabilityChangeEvent.publish(publisher, this, readiness);
    }
  }

  // --- Listening from start to stop ------------------------------------------------------------

  @Override
  public void start() {
    if (!running) {
      running = true;
      if (vitals == null) {
        vitals = engine.getObject();
        vitals.addListener(this);
      }
    }
  }

  @Override
  public void stop() {
    running = false; // the engine's listeners cannot be removed; the context is closing anyway
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}
