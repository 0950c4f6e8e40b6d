package dev.vitals.example.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The Vitals series in Actuator's {@code /actuator/prometheus} (vitals-micrometer, bound by the
 * starter), on H2: no server needed.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "spring.datasource.url=jdbc:h2:mem:prometheus;DB_CLOSE_DELAY=-1")
class PrometheusEndpointTest {
  private static final String DATABASE =
      "check=\"database\",critical=\"true\",probes=\"readiness\"";

  @LocalServerPort int port;
  Http http;

  @BeforeEach
  void ready() throws InterruptedException {
    http = new Http(port);
    assertThat(http.awaitStatus("/health/ready", 200, Duration.ofSeconds(20))).isEqualTo(200);
  }

  @Test
  void prometheusShowsTheVitalsSeries() throws InterruptedException {
    // The notes quota's first run may come before the schema exists (it then fails, and only
    // warns): wait for readiness to pass. If it does not, the assertions below show the scrape.
    http.awaitBodyContaining("/actuator/prometheus",
        "vitals_probe_status{probe=\"readiness\",status=\"pass\"} 1.0", Duration.ofSeconds(20));
    HttpResponse<String> scrape = http.get("/actuator/prometheus");

    assertThat(scrape.statusCode()).isEqualTo(200);
    // Counters are present with whatever a loaded machine made of the first runs (a first
    // database check can time out); their values are vitals-micrometer's tests' business.
    assertThat(scrape.body()).contains(
        "vitals_check_status{" + DATABASE + ",status=\"pass\"} 1.0",
        "vitals_check_status{" + DATABASE + ",status=\"fail\"} 0.0",
        "vitals_check_timeout_seconds{" + DATABASE + "} 1.0",
        "vitals_check_timeouts_total{" + DATABASE + "} ",
        "vitals_check_duration_seconds_bucket{" + DATABASE + ",le=\"0.001\"}",
        "vitals_check_duration_seconds_bucket{" + DATABASE + ",le=\"+Inf\"}",
        "vitals_check_status{check=\"deadlock\",critical=\"true\",probes=\"liveness\",status=\"pass\"} 1.0",
        "vitals_check_status{check=\"notesQuota\",critical=\"false\",probes=\"readiness\",",
        "vitals_probe_status{probe=\"readiness\",status=\"pass\"} 1.0",
        "vitals_probe_status{probe=\"liveness\",status=\"pass\"} 1.0",
        "vitals_probe_status{probe=\"startup\",status=\"pass\"} 1.0",
        "vitals_lifecycle_state{state=\"ready\"} 1.0",
        "vitals_lifecycle_state{state=\"starting\"} 0.0");
    // Boot's own series are still there beside them.
    assertThat(scrape.body()).contains("jvm_memory_used_bytes{");
  }
}
