package dev.vitals.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.HealthCheck;
import dev.vitals.Lifecycle;
import dev.vitals.Result;
import dev.vitals.Vitals;
import dev.vitals.testing.Timing;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;

/**
 * Spring's availability state and Vitals' lifecycle agree both ways: a failing check makes
 * Spring's readiness REFUSING_TRAFFIC and its recovery ACCEPTING_TRAFFIC again; the application's
 * own REFUSING_TRAFFIC fails readiness ("refusing traffic") until ACCEPTING_TRAFFIC, without
 * feeding back on itself; LivenessState.BROKEN breaks the engine, and Spring hears BROKEN once.
 */
@SpringBootTest(
    classes = {TestApp.class, AvailabilityTest.Toggle.class},
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
        "vitals.endpoints.bearer-token=" + AvailabilityTest.TOKEN,
        "vitals.checks.toggle.interval=500ms",
        "vitals.checks.toggle.timeout=200ms",
        "vitals.checks.availability.interval=500ms",
        "vitals.checks.availability.timeout=200ms",
        "vitals.drain-delay=0ms",
    })
@DirtiesContext
class AvailabilityTest {
  static final String TOKEN = "a-token-of-twenty-chars";
  private static final Duration WAIT = Duration.ofSeconds(10);
  static volatile boolean failing;
  static final List<Object> heard = new CopyOnWriteArrayList<>();

  @TestConfiguration(proxyBeanMethods = false)
  static class Toggle {
    @Bean
    HealthCheck toggle() {
      return HealthCheck.builder("toggle",
          () -> failing ? Result.fail("toggled off") : Result.pass()).build();
    }

    @Bean
    ApplicationListener<AvailabilityChangeEvent<?>> heard() {
      return event -> heard.add(event.getState());
    }
  }

  @LocalServerPort int port;
  @Autowired Vitals vitals;
  @Autowired ApplicationAvailability availability;
  @Autowired ApplicationContext context;

  private boolean ready(int status) {
    return Http.get(port, "/health/ready").statusCode() == status;
  }

  @Test
  void bothWays() throws InterruptedException {
    assertThat(Timing.await(() -> ready(200), WAIT)).isTrue();
    assertThat(Timing.await(() -> availability.getReadinessState()
        == ReadinessState.ACCEPTING_TRAFFIC, WAIT)).isTrue();

    // Vitals to Spring: a failing check.
    failing = true;
    assertThat(Timing.await(() -> availability.getReadinessState()
        == ReadinessState.REFUSING_TRAFFIC, WAIT)).as("NOT_READY published").isTrue();
    assertThat(vitals.details().check("availability").output()).as("no feedback").isNull();
    failing = false;
    assertThat(Timing.await(() -> availability.getReadinessState()
        == ReadinessState.ACCEPTING_TRAFFIC, WAIT)).as("READY published").isTrue();
    assertThat(Timing.await(() -> ready(200), WAIT)).isTrue();

    // Spring to Vitals: the application refuses traffic.
    AvailabilityChangeEvent.publish(context, ReadinessState.REFUSING_TRAFFIC);
    assertThat(Timing.await(() -> ready(503), WAIT)).isTrue();
    assertThat(vitals.details().check("availability").output()).isEqualTo("refusing traffic");
    assertThat(Http.send(port, "/health", "GET", TOKEN, WAIT).body())
        .contains("\"output\":\"failing: availability\"", "refusing traffic");
    assertThat(vitals.lifecycle()).isEqualTo(Lifecycle.NOT_READY);
    AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
    assertThat(Timing.await(() -> ready(200), WAIT)).as("until ACCEPTING_TRAFFIC").isTrue();

    // The application's BROKEN breaks the engine; Spring hears BROKEN once (its own and ours).
    assertThat(Http.get(port, "/health/live").statusCode()).isEqualTo(200);
    AvailabilityChangeEvent.publish(context, LivenessState.BROKEN);
    assertThat(vitals.lifecycle()).isEqualTo(Lifecycle.BROKEN);
    assertThat(Http.get(port, "/health/live").statusCode()).isEqualTo(503);
    assertThat(Timing.await(() -> heard.stream().filter(s -> s == LivenessState.BROKEN).count() == 2,
        WAIT)).as("the application's BROKEN and Vitals' BROKEN, nothing more").isTrue();
    assertThat(Timing.await(() -> availability.getReadinessState()
        == ReadinessState.REFUSING_TRAFFIC, WAIT)).isTrue();
  }
}
