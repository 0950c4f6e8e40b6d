package dev.vitals;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.testing.FakeClock;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Listeners hear each verdict change and lifecycle step once. Events arrive in order on the
 * vitals-events thread, so a test proves that nothing else was sent by provoking a later event and
 * finding it next in the queue.
 */
class ListenerTest {
  private static final Duration INTERVAL = Duration.ofSeconds(10);

  private final FakeClock clock = new FakeClock();
  private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
  private final HealthListener recorder = new HealthListener() {
    @Override
    public void onTransition(Transition transition) {
      events.add(transition);
    }

    @Override
    public void onLifecycle(Lifecycle lifecycle) {
      events.add(lifecycle);
    }
  };
  private Vitals vitals;

  @AfterEach
  void close() {
    if (vitals != null) {
      vitals.close();
    }
  }

  private Vitals.Builder engine() {
    return Vitals.builder().ticker(clock).scheduler(clock).shutdownHook(false)
        .executor(Runnable::run);
  }

  private Object next() throws InterruptedException {
    Object event = events.poll(5, TimeUnit.SECONDS);
    assertThat(event).as("an event within 5 s").isNotNull();
    return event;
  }

  private HealthListener.Transition nextTransition() throws InterruptedException {
    Object event = next();
    assertThat(event).isInstanceOf(HealthListener.Transition.class);
    return (HealthListener.Transition) event;
  }

  @Test
  void listenerHearsEachTransitionOnceAndNothingInSteadyState() throws Exception {
    FakeCheck db = new FakeCheck();
    vitals = engine().listener(recorder)
        .check(HealthCheck.builder("db", db).interval(INTERVAL)).build();

    HealthListener.Transition first = nextTransition();
    assertThat(first.check().name()).isEqualTo("db");
    assertThat(first.from()).isNull();
    assertThat(first.to()).isEqualTo(Status.PASS);
    assertThat(first.output()).isNull();

    clock.advance(INTERVAL.multipliedBy(10)); // steady state: ten passing runs
    db.failing("connection refused");
    clock.advance(INTERVAL);

    HealthListener.Transition down = nextTransition();
    assertThat(down.from()).isEqualTo(Status.PASS);
    assertThat(down.to()).isEqualTo(Status.FAIL);
    assertThat(down.output()).isEqualTo("connection refused");

    clock.advance(INTERVAL.multipliedBy(10)); // steady state: ten failing runs
    db.passing();
    clock.advance(INTERVAL);

    HealthListener.Transition up = nextTransition();
    assertThat(up.from()).isEqualTo(Status.FAIL);
    assertThat(up.to()).isEqualTo(Status.PASS);

    vitals.close();
    assertThat(next()).isEqualTo(Lifecycle.STOPPED);
  }

  @Test
  void holdingVerdictsAndRecoveringOutputsAreNotTransitions() throws Exception {
    FakeCheck db = new FakeCheck();
    vitals = engine().listener(recorder)
        .check(HealthCheck.builder("db", db).interval(INTERVAL)
            .failureThreshold(3).successThreshold(3))
        .build();
    assertThat(nextTransition().to()).isEqualTo(Status.PASS);

    db.failing("refused");
    for (int i = 0; i < 3; i++) {
      clock.advance(INTERVAL);
    }
    assertThat(nextTransition().to()).isEqualTo(Status.FAIL);

    db.passing();
    for (int i = 0; i < 3; i++) {
      clock.advance(INTERVAL);
    }
    HealthListener.Transition up = nextTransition();
    assertThat(up.from()).isEqualTo(Status.FAIL);
    assertThat(up.to()).isEqualTo(Status.PASS);
  }

  @Test
  void listenerHearsTheLifecycleInOrder() throws Exception {
    vitals = engine().listener(recorder).drainDelay(Duration.ZERO).build();

    vitals.markStarted();
    assertThat(next()).isEqualTo(Lifecycle.READY);

    CompletableFuture<Void> done = vitals.beginShutdown();
    assertThat(next()).isEqualTo(Lifecycle.DRAINING);

    clock.advance(Duration.ZERO);
    done.get(5, TimeUnit.SECONDS);
    assertThat(next()).isEqualTo(Lifecycle.STOPPED);

    vitals.close(); // already stopped: nothing more
    assertThat(events).isEmpty();
  }

  @Test
  void markStartedTwiceAnnouncesReadyOnce() throws Exception {
    vitals = engine().listener(recorder).build();

    vitals.markStarted();
    vitals.markStarted();
    vitals.markBroken("deadlock");
    vitals.markBroken("deadlock again");

    assertThat(next()).isEqualTo(Lifecycle.READY);
    assertThat(next()).isEqualTo(Lifecycle.BROKEN);
    vitals.close();
    assertThat(next()).isEqualTo(Lifecycle.STOPPED);
  }

  @Test
  void listenerAddedLaterHearsLaterEvents() throws Exception {
    FakeCheck db = new FakeCheck();
    vitals = engine().check(HealthCheck.builder("db", db).interval(INTERVAL)).build();

    vitals.addListener(recorder);
    db.failing("refused");
    clock.advance(INTERVAL);

    HealthListener.Transition down = nextTransition();
    if (down.from() == null) {
      // The first verdict may still have been on its way when the listener was added.
      down = nextTransition();
    }
    assertThat(down.from()).isEqualTo(Status.PASS);
    assertThat(down.to()).isEqualTo(Status.FAIL);
  }

  @Test
  void listenersRunOnTheEventsThread() throws Exception {
    BlockingQueue<String> threads = new LinkedBlockingQueue<>();
    vitals = engine()
        .listener(new HealthListener() {
          @Override
          public void onTransition(Transition transition) {
            threads.add(Thread.currentThread().getName());
          }
        })
        .check("db", new FakeCheck())
        .build();

    assertThat(threads.poll(5, TimeUnit.SECONDS)).isEqualTo("vitals-events");
  }

  @Test
  void throwingListenerDoesNotBreakTheEngineOrOtherListeners() throws Exception {
    HealthListener broken = new HealthListener() {
      @Override
      public void onTransition(Transition transition) {
        throw new IllegalStateException("metrics registry closed");
      }

      @Override
      public void onLifecycle(Lifecycle lifecycle) {
        throw new OutOfMemoryError("pretend");
      }
    };
    FakeCheck db = new FakeCheck();
    vitals = engine().listener(broken).listener(recorder)
        .check(HealthCheck.builder("db", db).interval(INTERVAL)).build();

    assertThat(nextTransition().to()).isEqualTo(Status.PASS);
    vitals.markStarted();
    assertThat(next()).isEqualTo(Lifecycle.READY);

    db.failing("refused");
    clock.advance(INTERVAL);

    assertThat(nextTransition().to()).isEqualTo(Status.FAIL);
    assertThat(vitals.status(Probe.READINESS)).isEqualTo(Status.FAIL);
    db.passing();
    clock.advance(INTERVAL);
    assertThat(nextTransition().to()).isEqualTo(Status.PASS);
    assertThat(vitals.status(Probe.READINESS)).isEqualTo(Status.PASS);
  }
}
