package dev.vitals;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class HealthJsonTest {
  private static final Instant AT = Instant.parse("2026-11-23T10:15:30.123Z");

  private static HealthReport.Entry entry(HealthCheck check, Status status, String output, Object value,
      String unit, Instant time) {
    return new HealthReport.Entry(check, status, output, value, unit, time, null);
  }

  @Test
  void statusOnlyIsTheMinimalDocument() {
    assertThat(new String(HealthJson.statusOnly(Status.PASS))).isEqualTo("{\"status\":\"pass\"}");
    assertThat(new String(HealthJson.statusOnly(Status.WARN))).isEqualTo("{\"status\":\"warn\"}");
    assertThat(new String(HealthJson.statusOnly(Status.FAIL))).isEqualTo("{\"status\":\"fail\"}");
  }

  @Test
  void writesTheDraftFormatWordForWord() {
    HealthCheck postgres = HealthCheck.builder("postgres", Result::pass)
        .componentType("datastore").componentId("db-1").build();
    HealthCheck disk = HealthCheck.builder("disk", Result::pass).measurement("utilization")
        .critical(false).build();
    HealthCheck cache = HealthCheck.builder("cache", Result::pass).onDemand(Duration.ofSeconds(1)).build();
    HealthReport report = new HealthReport(Status.FAIL, "failing: cache",
        List.of(
            entry(postgres, Status.PASS, null, 12L, "ms", AT),
            entry(disk, Status.WARN, "97.5% used", 97.5, "percent", AT),
            entry(cache, Status.FAIL, "not yet checked", null, null, null)),
        new ServiceInfo("1.4.2", "2026.11.23-1", "notes", "Notes \"API\""));

    assertThat(HealthJson.toJson(report)).isEqualTo(
        "{\"status\":\"fail\",\"version\":\"1.4.2\",\"releaseId\":\"2026.11.23-1\","
            + "\"serviceId\":\"notes\",\"description\":\"Notes \\\"API\\\"\",\"output\":\"failing: cache\","
            + "\"checks\":{"
            + "\"postgres:responseTime\":[{\"componentId\":\"db-1\",\"componentType\":\"datastore\","
            + "\"observedValue\":12,\"observedUnit\":\"ms\",\"status\":\"pass\",\"time\":\"2026-11-23T10:15:30.123Z\"}],"
            + "\"disk:utilization\":[{\"observedValue\":97.5,\"observedUnit\":\"percent\",\"status\":\"warn\","
            + "\"time\":\"2026-11-23T10:15:30.123Z\",\"output\":\"97.5% used\"}],"
            + "\"cache:responseTime\":[{\"status\":\"fail\",\"output\":\"not yet checked\"}]}}");
  }

  @Test
  void escapesControlCharactersAndNonFiniteNumbers() {
    HealthCheck check = HealthCheck.builder("x", Result::pass).build();
    HealthReport report = new HealthReport(Status.WARN, "tab\there",
        List.of(entry(check, Status.WARN, "a\u0001b\\c", Double.NaN, null, AT)), ServiceInfo.NONE);
    assertThat(HealthJson.toJson(report))
        .contains("\"output\":\"tab\\there\"")
        .contains("\"output\":\"a\\u0001b\\\\c\"")
        .contains("\"observedValue\":null");
  }
}
