package dev.vitals.grpc;

import static io.grpc.health.v1.HealthCheckResponse.ServingStatus.NOT_SERVING;
import static io.grpc.health.v1.HealthCheckResponse.ServingStatus.SERVICE_UNKNOWN;
import static io.grpc.health.v1.HealthCheckResponse.ServingStatus.SERVING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vitals.Probe;
import dev.vitals.Result;
import dev.vitals.grpc.HealthHarness.Watch;
import dev.vitals.testing.Timing;
import io.grpc.Status.Code;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code grpc.health.v1.Health} served from an engine's verdicts, over a real Netty server. */
class VitalsHealthServiceTest {

  @Test
  void checkAnswersEachServiceNameFromItsProbe() throws Exception {
    try (HealthHarness h = new HealthHarness()) {
      assertThat(h.service.services()).containsExactly(Map.entry("", Probe.LIVENESS),
          Map.entry("liveness", Probe.LIVENESS), Map.entry("readiness", Probe.READINESS),
          Map.entry("startup", Probe.STARTUP));
      // Starting: liveness serves, readiness and startup do not.
      assertThat(statuses(h)).containsExactly(SERVING, SERVING, NOT_SERVING, NOT_SERVING);

      h.started();
      assertThat(statuses(h)).containsExactly(SERVING, SERVING, SERVING, SERVING);

      h.dependency(Result.fail("connection refused"));
      assertThat(statuses(h)).as("a dependency is down: only readiness says so")
          .containsExactly(SERVING, SERVING, NOT_SERVING, SERVING);

      h.dependency(Result.warn("slow"));
      assertThat(statuses(h)).as("warn serves, as HTTP answers 200")
          .containsExactly(SERVING, SERVING, SERVING, SERVING);

      h.condition(Result.fail("event loop stopped"));
      assertThat(statuses(h)).as("liveness fails, and the empty name with it")
          .containsExactly(NOT_SERVING, NOT_SERVING, SERVING, SERVING);

      h.vitals.markBroken("out of file descriptors");
      assertThat(statuses(h)).containsExactly(NOT_SERVING, NOT_SERVING, NOT_SERVING, SERVING);
    }
  }

  private static List<Object> statuses(HealthHarness h) {
    List<Object> statuses = new ArrayList<>();
    for (String service : List.of("", "liveness", "readiness", "startup")) {
      statuses.add(h.check(service));
    }
    return statuses;
  }

  @Test
  void anUnknownServiceIsNotFoundForCheckAndServiceUnknownForWatch() throws Exception {
    try (HealthHarness h = new HealthHarness()) {
      assertThatThrownBy(() -> h.check("orders.v1.Orders"))
          .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Code.NOT_FOUND);
            assertThat(e.getStatus().getDescription()).isEqualTo(
                "unknown service 'orders.v1.Orders'; known: '', 'liveness', 'readiness', 'startup'");
          });

      Watch unknown = h.watch("orders.v1.Orders");
      assertThat(unknown.next()).isEqualTo(SERVICE_UNKNOWN);
      h.started();
      h.dependency(Result.fail("down"));
      h.vitals.close();
      assertThat(unknown.next()).as("kept open, as the protocol says, until the engine stops")
          .isEqualTo(Watch.COMPLETED);
    }
  }

  @Test
  void theBuilderRemapsAndAddsNamesAndRejectsANameGivenTwice() throws Exception {
    try (HealthHarness h = new HealthHarness(b -> b
        .service("", Probe.READINESS)
        .service("orders.v1.Orders", Probe.READINESS))) {
      assertThat(h.check("")).isEqualTo(NOT_SERVING); // starting
      assertThat(h.check("orders.v1.Orders")).isEqualTo(NOT_SERVING);
      h.started();
      assertThat(h.check("")).isEqualTo(SERVING);
      assertThat(h.check("orders.v1.Orders")).isEqualTo(SERVING);

      assertThatThrownBy(() -> VitalsHealthService.builder(h.vitals)
              .service("", Probe.READINESS).service("", Probe.LIVENESS))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("service '' is already mapped to readiness");
    }
  }

  @Test
  void watchSendsTheStatusAtOnceThenOneMessagePerTransitionAndNonePerProbeOrRun() throws Exception {
    try (HealthHarness h = new HealthHarness()) {
      Watch readiness = h.watch("readiness");
      assertThat(readiness.next()).as("at once: starting").isEqualTo(NOT_SERVING);
      h.started();
      assertThat(readiness.next()).isEqualTo(SERVING);

      // Many probes and many check runs that change nothing.
      for (int i = 0; i < 200; i++) {
        assertThat(h.check("readiness")).isEqualTo(SERVING);
      }
      h.runDependency(20);
      h.dependency(Result.warn("slow")); // a transition of the check, not of SERVING

      // Events reach the service in order, so a message sent for any of the above would come
      // before this one.
      h.dependency(Result.fail("connection refused"));
      assertThat(readiness.next()).isEqualTo(NOT_SERVING);
      h.runDependency(5);
      h.dependency(Result.pass());
      assertThat(readiness.next()).isEqualTo(SERVING);

      h.vitals.close();
      assertThat(readiness.next()).as("stopped: the last status, then the end")
          .isEqualTo(NOT_SERVING);
      assertThat(readiness.next()).isEqualTo(Watch.COMPLETED);
    }
  }

  @Test
  void aDependencyOutageReachesReadinessWatchersAndNotLivenessWatchers() throws Exception {
    try (HealthHarness h = new HealthHarness().started()) {
      Watch empty = h.watch("");
      Watch liveness = h.watch("liveness");
      Watch readiness = h.watch("readiness");
      assertThat(List.of(empty.next(), liveness.next(), readiness.next()))
          .containsOnly(SERVING);

      h.dependency(Result.fail("connection refused"));
      assertThat(readiness.next()).isEqualTo(NOT_SERVING);
      h.dependency(Result.pass());
      assertThat(readiness.next()).isEqualTo(SERVING);

      h.condition(Result.fail("event loop stopped"));
      assertThat(liveness.next()).isEqualTo(NOT_SERVING);
      assertThat(empty.next()).isEqualTo(NOT_SERVING);
      h.condition(Result.pass());
      assertThat(liveness.next()).isEqualTo(SERVING);
      assertThat(empty.next()).isEqualTo(SERVING);
      assertThat(readiness.pending()).as("liveness changes are not readiness's").isZero();
    }
  }

  @Test
  void theDrainTurnsReadinessWatchersNotServingWhileLivenessServesThenEndsTheCalls() throws Exception {
    try (HealthHarness h = new HealthHarness().started()) {
      Watch liveness = h.watch("liveness");
      Watch readiness = h.watch("readiness");
      assertThat(liveness.next()).isEqualTo(SERVING);
      assertThat(readiness.next()).isEqualTo(SERVING);

      var done = h.vitals.beginShutdown();
      assertThat(readiness.next()).as("as the drain begins").isEqualTo(NOT_SERVING);
      assertThat(h.check("readiness")).isEqualTo(NOT_SERVING);
      assertThat(h.check("liveness")).isEqualTo(SERVING);
      assertThat(h.check("")).isEqualTo(SERVING);
      Watch late = h.watch("readiness");
      assertThat(late.next()).as("a Watch during the drain is kept open").isEqualTo(NOT_SERVING);

      h.clock.advance(HealthHarness.DRAIN); // the drain is over: the shutdown tasks run
      assertThat(liveness.next()).as("liveness never failed").isEqualTo(Watch.COMPLETED);
      assertThat(readiness.next()).isEqualTo(Watch.COMPLETED);
      assertThat(late.next()).isEqualTo(Watch.COMPLETED);
      done.get(HealthHarness.BOUND_SECONDS, java.util.concurrent.TimeUnit.SECONDS);

      Watch after = h.watch("liveness");
      assertThat(after.next()).as("after the drain: the status, then the end").isEqualTo(SERVING);
      assertThat(after.next()).isEqualTo(Watch.COMPLETED);
      assertThat(h.service.openWatches()).isZero();
    }
  }

  @Test
  void cancelledWatchCallsAreForgotten() throws Exception {
    try (HealthHarness h = new HealthHarness().started()) {
      List<Watch> watches = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        Watch watch = h.watch(i % 2 == 0 ? "readiness" : "no.such.Service");
        watch.next(); // registered by now
        watches.add(watch);
      }
      assertThat(h.service.openWatches()).isEqualTo(50);

      watches.forEach(Watch::cancel);
      assertThat(Timing.await(() -> h.service.openWatches() == 0, Duration.ofSeconds(10)))
          .as("cancelled calls removed").isTrue();
      h.dependency(Result.fail("down")); // nothing left to send to
    }
  }
}
