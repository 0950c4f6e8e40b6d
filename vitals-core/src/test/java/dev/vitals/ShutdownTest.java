package dev.vitals;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.testing.FakeClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Drain on shutdown: readiness fails at once, tasks run after the drain delay, then STOPPED. */
class ShutdownTest {
  private static final Duration DRAIN = Duration.ofSeconds(5);

  private final FakeClock clock = new FakeClock();
  private final List<String> ran = new CopyOnWriteArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);
  private Vitals vitals;

  @AfterEach
  void close() {
    release.countDown();
    if (vitals != null) {
      vitals.close();
    }
  }

  private Vitals.Builder engine() {
    return Vitals.builder().ticker(clock).scheduler(clock).shutdownHook(false)
        .executor(Runnable::run);
  }

  private ShutdownTask records(String name) {
    return () -> ran.add(name);
  }

  @Test
  void beginShutdownFailsReadinessAtOnceWhileLivenessPasses() {
    vitals = engine().check("db", new FakeCheck())
        .check(HealthCheck.builder("heap", new FakeCheck()).liveness())
        .drainDelay(DRAIN).build();
    vitals.markStarted();
    assertThat(vitals.status(Probe.READINESS)).isEqualTo(Status.PASS);

    vitals.beginShutdown();

    HealthReport readiness = vitals.report(Probe.READINESS);
    assertThat(readiness.status()).isEqualTo(Status.FAIL);
    assertThat(readiness.output()).isEqualTo("draining");
    assertThat(vitals.status(Probe.READINESS)).isEqualTo(Status.FAIL);
    assertThat(vitals.status(Probe.LIVENESS)).isEqualTo(Status.PASS);
    assertThat(vitals.status(Probe.STARTUP)).isEqualTo(Status.PASS);
    assertThat(vitals.details().output()).isEqualTo("draining");
    assertThat(vitals.lifecycle()).isEqualTo(Lifecycle.DRAINING);
  }

  @Test
  void shutdownTasksRunInOrderOnlyAfterTheDrainDelay() throws Exception {
    vitals = engine()
        .drainDelay(DRAIN)
        .shutdownTask("http", records("http"))
        .shutdownTask("pool", records("pool"))
        .build();
    vitals.addShutdownTask("flush", records("flush"));
    vitals.markStarted();

    CompletableFuture<Void> done = vitals.beginShutdown();
    clock.advance(DRAIN.minusNanos(1));

    assertThat(clock.scheduled()).containsExactly(Duration.ofNanos(1)); // the drain, still waiting
    assertThat(ran).isEmpty();
    assertThat(done).isNotDone();
    assertThat(vitals.lifecycle()).isEqualTo(Lifecycle.DRAINING);

    clock.advance(Duration.ofNanos(1));

    done.get(5, TimeUnit.SECONDS);
    assertThat(ran).containsExactly("http", "pool", "flush");
    assertThat(vitals.lifecycle()).isEqualTo(Lifecycle.STOPPED);
    assertThat(vitals.report(Probe.READINESS).output()).isEqualTo("stopped");
  }

  @Test
  void beginShutdownTwiceReturnsTheSameShutdown() {
    vitals = engine().drainDelay(DRAIN).shutdownTask("http", records("http")).build();

    CompletableFuture<Void> first = vitals.beginShutdown();

    assertThat(vitals.beginShutdown()).isSameAs(first);
    assertThat(clock.scheduled()).hasSize(1);
  }

  @Test
  void checksKeepRunningWhileDrainingAndStopAfterwards() throws Exception {
    FakeCheck heap = new FakeCheck();
    vitals = engine().drainDelay(Duration.ofSeconds(30))
        .check(HealthCheck.builder("heap", heap).liveness().interval(Duration.ofSeconds(10)))
        .build();
    vitals.markStarted();

    CompletableFuture<Void> done = vitals.beginShutdown();
    clock.advance(Duration.ofSeconds(29));
    int duringDrain = heap.calls();
    assertThat(duringDrain).isGreaterThanOrEqualTo(3);
    assertThat(vitals.status(Probe.LIVENESS)).isEqualTo(Status.PASS);

    clock.advance(Duration.ofSeconds(1));
    done.get(5, TimeUnit.SECONDS);
    int atStop = heap.calls();
    clock.advance(Duration.ofMinutes(5));

    assertThat(heap.calls()).isEqualTo(atStop);
    assertThat(vitals.lifecycle()).isEqualTo(Lifecycle.STOPPED);
  }

  @Test
  void throwingTaskDoesNotStopTheNext() throws Exception {
    vitals = engine().drainDelay(Duration.ZERO)
        .shutdownTask("http", () -> {
          throw new IllegalStateException("already stopped");
        })
        .shutdownTask("pool", records("pool"))
        .build();

    CompletableFuture<Void> done = vitals.beginShutdown();
    clock.advance(Duration.ZERO);

    done.get(5, TimeUnit.SECONDS);
    assertThat(ran).containsExactly("pool");
    assertThat(vitals.lifecycle()).isEqualTo(Lifecycle.STOPPED);
  }

  @Test
  void taskThatOverrunsTheShutdownTimeoutIsAbandonedAndTheNextTaskStillRuns() throws Exception {
    CountDownLatch interrupted = new CountDownLatch(1);
    CountDownLatch poolClosed = new CountDownLatch(1);
    vitals = engine()
        .drainDelay(Duration.ZERO)
        .shutdownTimeout(Duration.ofSeconds(10)) // on the fake clock, like every engine timer
        .shutdownTask("http", () -> {
          while (true) {
            try {
              release.await();
              return;
            } catch (InterruptedException e) {
              interrupted.countDown(); // and keeps hanging
            }
          }
        })
        .shutdownTask("pool", () -> {
          ran.add("pool");
          poolClosed.countDown();
        })
        .build();

    CompletableFuture<Void> done = vitals.beginShutdown();
    clock.advance(Duration.ZERO); // the drain ends; the shutdown thread starts "http"
    Waiting.until(() -> clock.scheduled().equals(List.of(Duration.ofSeconds(10))),
        "the shutdown timeout armed for http");

    clock.advance(Duration.ofSeconds(10).minusNanos(1));
    assertThat(done).isNotDone();
    assertThat(interrupted.getCount()).isEqualTo(1);
    assertThat(ran).isEmpty();

    clock.advance(Duration.ofNanos(1));

    done.get(5, TimeUnit.SECONDS);
    assertThat(interrupted.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(poolClosed.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(ran).containsExactly("pool");
    assertThat(vitals.lifecycle()).isEqualTo(Lifecycle.STOPPED);
  }

  @Test
  void aTaskThatEndsInTimeLetsTheNextOneRunWithWhatIsLeft() throws Exception {
    CountDownLatch httpStarted = new CountDownLatch(1);
    vitals = engine()
        .drainDelay(Duration.ZERO)
        .shutdownTimeout(Duration.ofSeconds(10))
        .shutdownTask("http", () -> {
          httpStarted.countDown();
          release.await();
          ran.add("http");
        })
        .shutdownTask("pool", records("pool"))
        .build();

    CompletableFuture<Void> done = vitals.beginShutdown();
    clock.advance(Duration.ZERO);
    assertThat(httpStarted.await(5, TimeUnit.SECONDS)).isTrue();
    Waiting.until(() -> !clock.scheduled().isEmpty(), "the shutdown timeout armed for http");
    clock.advance(Duration.ofSeconds(4));
    release.countDown(); // http ends after 4 of its 10 s

    done.get(5, TimeUnit.SECONDS);
    assertThat(ran).containsExactly("http", "pool");
    assertThat(vitals.lifecycle()).isEqualTo(Lifecycle.STOPPED);
  }

  @Test
  void closeWhileATaskHangsStopsAtOnceAndStartsNoMoreTasks() throws Exception {
    CountDownLatch httpStarted = new CountDownLatch(1);
    vitals = engine()
        .drainDelay(Duration.ZERO)
        .shutdownTask("http", () -> {
          httpStarted.countDown();
          release.await();
        })
        .shutdownTask("pool", records("pool"))
        .build();
    CompletableFuture<Void> done = vitals.beginShutdown();
    clock.advance(Duration.ZERO);
    assertThat(httpStarted.await(5, TimeUnit.SECONDS)).isTrue();

    vitals.close();

    done.get(5, TimeUnit.SECONDS);
    assertThat(vitals.lifecycle()).isEqualTo(Lifecycle.STOPPED);
    assertThat(ran).isEmpty();
  }

  @Test
  void shutdownWaitsUntilTheTasksHaveRun() throws Exception {
    vitals = engine().drainDelay(Duration.ZERO).shutdownTask("http", records("http")).build();
    Thread sigterm = new Thread(vitals::shutdown, "sigterm");
    sigterm.start();
    Waiting.untilBlockedIn(sigterm, Vitals.class.getName(), "shutdown");
    assertThat(ran).isEmpty();

    clock.advance(Duration.ZERO);

    sigterm.join(5_000);
    assertThat(sigterm.isAlive()).isFalse();
    assertThat(ran).containsExactly("http");
    assertThat(vitals.lifecycle()).isEqualTo(Lifecycle.STOPPED);
  }

  @Test
  void closeDuringTheDrainStopsAtOnceAndReleasesWaiters() throws Exception {
    vitals = engine().drainDelay(DRAIN).shutdownTask("http", records("http")).build();
    CompletableFuture<Void> done = vitals.beginShutdown();

    vitals.close();

    done.get(5, TimeUnit.SECONDS);
    clock.advance(DRAIN);
    assertThat(ran).isEmpty();
    assertThat(vitals.lifecycle()).isEqualTo(Lifecycle.STOPPED);
  }

  @Test
  void closeStopsWithoutDrainingOrRunningTasks() {
    vitals = engine().check("db", new FakeCheck()).shutdownTask("http", records("http")).build();
    vitals.markStarted();

    vitals.close();

    assertThat(vitals.lifecycle()).isEqualTo(Lifecycle.STOPPED);
    assertThat(vitals.status(Probe.READINESS)).isEqualTo(Status.FAIL);
    assertThat(vitals.beginShutdown()).isDone();
    assertThat(ran).isEmpty();
  }
}
