package dev.vitals.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.testing.Timing;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The Vitals series in Actuator's /actuator/prometheus, on a real port: with Actuator,
 * micrometer-registry-prometheus and vitals-micrometer on the class path, the starter's binder is
 * bound to Boot's Prometheus registry. On H2: no server needed.
 */
@SpringBootTest(
    classes = TestApp.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
        "spring.datasource.url=jdbc:h2:mem:prometheus;DB_CLOSE_DELAY=-1",
        "vitals.drain-delay=0ms",
        "management.endpoints.web.exposure.include=health,prometheus",
        // Boot 3.5's tests switch every metrics export off unless asked (Boot 4's do not).
        "management.prometheus.metrics.export.enabled=true",
    })
class PrometheusEndpointTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String DATABASE =
      "check=\"database\",critical=\"true\",probes=\"readiness\"";

  @LocalServerPort int port;

  @Test
  void actuatorsPrometheusEndpointShowsTheVitalsSeries() throws InterruptedException {
    // Ready once the application has started: the assertions below show the scrape if not.
    Timing.await(() -> Http.get(port, "/actuator/prometheus").body()
        .contains("vitals_lifecycle_state{state=\"ready\"} 1.0"), WAIT);
    HttpResponse<String> scrape = Http.get(port, "/actuator/prometheus");

    assertThat(scrape.statusCode()).isEqualTo(200);
    // Counters are present with whatever a loaded machine made of the first runs (a first
    // database check can time out); their values are vitals-micrometer's tests' business.
    assertThat(scrape.body()).contains(
        "vitals_check_status{" + DATABASE + ",status=\"pass\"} 1.0",
        "vitals_check_status{" + DATABASE + ",status=\"warn\"} 0.0",
        "vitals_check_status{" + DATABASE + ",status=\"fail\"} 0.0",
        "vitals_check_status{check=\"deadlock\",critical=\"true\",probes=\"liveness\","
            + "status=\"pass\"} 1.0",
        "vitals_check_timeout_seconds{" + DATABASE + "} 1.0",
        "vitals_check_timeouts_total{" + DATABASE + "} ",
        "vitals_check_transitions_total{" + DATABASE + "} ",
        "vitals_check_stale_readings_total{" + DATABASE + "} ",
        "vitals_check_verdict_age_seconds{" + DATABASE + "} ",
        "vitals_check_duration_seconds_bucket{" + DATABASE + ",le=\"0.001\"} ",
        "vitals_check_duration_seconds_bucket{" + DATABASE + ",le=\"10.0\"} ",
        "vitals_check_duration_seconds_bucket{" + DATABASE + ",le=\"+Inf\"} ",
        "vitals_check_duration_seconds_count{" + DATABASE + "} ",
        "vitals_probe_status{probe=\"readiness\",status=\"pass\"} 1.0",
        "vitals_probe_status{probe=\"readiness\",status=\"fail\"} 0.0",
        "vitals_probe_status{probe=\"liveness\",status=\"pass\"} 1.0",
        "vitals_lifecycle_state{state=\"ready\"} 1.0",
        "vitals_lifecycle_state{state=\"starting\"} 0.0");
    // One series per status and check: the binder was bound once, to Boot's registry.
    assertThat(scrape.body().lines()
        .filter(l -> l.startsWith("vitals_check_status{" + DATABASE + ",status=\"pass\"}")))
        .hasSize(1);
  }
}
