package dev.vitals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.vitals.testing.FakeClock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** STARTING → READY ⇄ NOT_READY, startup gating readiness, and BROKEN. */
class LifecycleTest {
  private static final Duration INTERVAL = Duration.ofSeconds(10);

  private final FakeClock clock = new FakeClock();
  private final FakeCheck db = new FakeCheck();
  private final FakeCheck migrations = new FakeCheck().failing("schema at v41, want v42");
  private final FakeCheck heap = new FakeCheck();
  private Vitals vitals;

  @AfterEach
  void close() {
    if (vitals != null) {
      vitals.close();
    }
  }

  private Vitals build() {
    return vitals = Vitals.builder().ticker(clock).scheduler(clock).shutdownHook(false)
        .executor(Runnable::run)
        .check(HealthCheck.builder("db", db).interval(INTERVAL))
        .check(HealthCheck.builder("migrations", migrations).startup().interval(INTERVAL))
        .check(HealthCheck.builder("heap", heap).liveness().interval(INTERVAL))
        .build();
  }

  @Test
  void startsStartingWithStartupAndReadinessFailingAndLivenessPassing() {
    build();

    assertThat(vitals.lifecycle()).isEqualTo(Lifecycle.STARTING);
    assertThat(vitals.status(Probe.LIVENESS)).isEqualTo(Status.PASS);
    HealthReport readiness = vitals.report(Probe.READINESS);
    assertThat(readiness.status()).isEqualTo(Status.FAIL);
    assertThat(readiness.output()).isEqualTo("starting");
    assertThat(readiness.check("db").status()).isEqualTo(Status.PASS);
    HealthReport startup = vitals.report(Probe.STARTUP);
    assertThat(startup.status()).isEqualTo(Status.FAIL);
    assertThat(startup.output()).isEqualTo("starting");
  }

  @Test
  void passingStartupChecksAloneDoNotStartTheProcess() {
    migrations.passing();
    build();

    clock.advance(INTERVAL.multipliedBy(3));

    assertThat(vitals.lifecycle()).isEqualTo(Lifecycle.STARTING);
    assertThat(vitals.status(Probe.STARTUP)).isEqualTo(Status.FAIL);
    assertThat(vitals.status(Probe.READINESS)).isEqualTo(Status.FAIL);

    vitals.markStarted();

    assertThat(vitals.lifecycle()).isEqualTo(Lifecycle.READY);
    assertThat(vitals.status(Probe.STARTUP)).isEqualTo(Status.PASS);
    assertThat(vitals.status(Probe.READINESS)).isEqualTo(Status.PASS);
  }

  @Test
  void markStartedWaitsForEveryStartupCheckToPass() {
    build();

    vitals.markStarted();

    assertThat(vitals.lifecycle()).isEqualTo(Lifecycle.STARTING);
    HealthReport startup = vitals.report(Probe.STARTUP);
    assertThat(startup.status()).isEqualTo(Status.FAIL);
    assertThat(startup.output()).isEqualTo("failing: migrations");
    assertThat(startup.check("migrations").output()).isEqualTo("schema at v41, want v42");
    assertThat(vitals.report(Probe.READINESS).output()).isEqualTo("starting");
    assertThat(vitals.status(Probe.LIVENESS)).isEqualTo(Status.PASS);

    migrations.passing();
    clock.advance(INTERVAL);

    assertThat(vitals.lifecycle()).isEqualTo(Lifecycle.READY);
    assertThat(vitals.status(Probe.STARTUP)).isEqualTo(Status.PASS);
    assertThat(vitals.status(Probe.READINESS)).isEqualTo(Status.PASS);
  }

  @Test
  void startupStaysPassOnceComplete() {
    migrations.passing();
    build();
    vitals.markStarted();

    migrations.failing("schema changed under us");
    clock.advance(INTERVAL.multipliedBy(2));

    assertThat(vitals.status(Probe.STARTUP)).isEqualTo(Status.PASS);
    assertThat(vitals.report(Probe.STARTUP).status()).isEqualTo(Status.PASS);
    assertThat(vitals.status(Probe.READINESS)).isEqualTo(Status.PASS);
    assertThat(vitals.lifecycle()).isEqualTo(Lifecycle.READY);
  }

  @Test
  void withoutStartupChecksMarkStartedIsEnough() {
    vitals = Vitals.builder().ticker(clock).scheduler(clock).shutdownHook(false)
        .executor(Runnable::run)
        .check("db", db)
        .build();
    assertThat(vitals.lifecycle()).isEqualTo(Lifecycle.STARTING);

    vitals.markStarted();

    assertThat(vitals.lifecycle()).isEqualTo(Lifecycle.READY);
    assertThat(vitals.status(Probe.STARTUP)).isEqualTo(Status.PASS);
  }

  @Test
  void readinessFollowsItsChecksOnceStarted() {
    migrations.passing();
    build();
    vitals.markStarted();

    db.failing("connection refused");
    clock.advance(INTERVAL);
    assertThat(vitals.lifecycle()).isEqualTo(Lifecycle.NOT_READY);
    assertThat(vitals.report(Probe.READINESS).output()).isEqualTo("failing: db");
    assertThat(vitals.status(Probe.LIVENESS)).isEqualTo(Status.PASS); // rule 7

    db.passing();
    clock.advance(INTERVAL);
    assertThat(vitals.lifecycle()).isEqualTo(Lifecycle.READY);
  }

  @Test
  void markBrokenFailsLivenessAndReadiness() {
    migrations.passing();
    build();
    vitals.markStarted();

    vitals.markBroken("deadlock in\nthe order pool");

    HealthReport liveness = vitals.report(Probe.LIVENESS);
    assertThat(liveness.status()).isEqualTo(Status.FAIL);
    assertThat(liveness.output()).isEqualTo("broken: deadlock in the order pool");
    assertThat(vitals.status(Probe.LIVENESS)).isEqualTo(Status.FAIL);
    assertThat(vitals.report(Probe.READINESS).output())
        .isEqualTo("broken: deadlock in the order pool");
    assertThat(vitals.status(Probe.READINESS)).isEqualTo(Status.FAIL);
    assertThat(vitals.lifecycle()).isEqualTo(Lifecycle.BROKEN);
    assertThat(vitals.details().output()).isEqualTo("broken: deadlock in the order pool");
  }

  @Test
  void brokenHasNoWayBackAndKeepsTheFirstReason() {
    migrations.passing();
    build();
    vitals.markStarted();

    vitals.markBroken("deadlock");
    vitals.markBroken("something else");
    clock.advance(INTERVAL.multipliedBy(3));

    assertThat(vitals.report(Probe.LIVENESS).output()).isEqualTo("broken: deadlock");
    assertThat(vitals.lifecycle()).isEqualTo(Lifecycle.BROKEN);
  }

  @Test
  void markBrokenRejectsABlankReason() {
    build();
    assertThatIllegalArgumentException()
        .isThrownBy(() -> vitals.markBroken(" "))
        .withMessage("reason must not be blank");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> vitals.markBroken(null))
        .withMessage("reason must not be blank");
  }

  @Test
  void failingLivenessCheckFailsLivenessButNotTheLifecycle() {
    migrations.passing();
    build();
    vitals.markStarted();

    heap.failing("heap 97% after GC");
    clock.advance(INTERVAL);

    HealthReport liveness = vitals.report(Probe.LIVENESS);
    assertThat(liveness.status()).isEqualTo(Status.FAIL);
    assertThat(liveness.output()).isEqualTo("failing: heap");
    assertThat(vitals.status(Probe.READINESS)).isEqualTo(Status.PASS);
  }
}
