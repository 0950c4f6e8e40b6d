package dev.vitals;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.MetricsText.Format;
import dev.vitals.testing.FakeClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The series of docs/metrics.md as text, byte for byte, and which format an Accept gets. */
class MetricsTextTest {
  private final FakeClock clock = new FakeClock();
  private Vitals vitals;

  @AfterEach
  void close() {
    if (vitals != null) {
      vitals.close();
    }
  }

  private Vitals.Builder engine() {
    return Vitals.builder().ticker(clock).scheduler(clock).shutdownHook(false);
  }

  /** One readiness check that took 3 ms and passed, read 1.5 s later, the process started. */
  private MetricsText oneCheck() {
    vitals = engine().executor(Runnable::run)
        .check(HealthCheck.builder("db", () -> {
          clock.advance(Duration.ofMillis(3));
          return Result.pass();
        }).interval(Duration.ofSeconds(5)).timeout(Duration.ofMillis(500)))
        .build();
    clock.advance(Duration.ofMillis(1500));
    vitals.markStarted();
    return MetricsText.of(vitals);
  }

  private static String text(MetricsText metrics, Format format) {
    return new String(metrics.write(format), StandardCharsets.UTF_8);
  }

  private static final String DB = "check=\"db\",probes=\"readiness\",critical=\"true\"";

  /** The sample lines, the same in both formats. */
  private static String dbSamples(String family) {
    return switch (family) {
      case "status" -> """
          vitals_check_status{%1$s,status="pass"} 1
          vitals_check_status{%1$s,status="warn"} 0
          vitals_check_status{%1$s,status="fail"} 0
          """.formatted(DB);
      case "duration" -> """
          vitals_check_duration_seconds_bucket{%1$s,le="0.001"} 0
          vitals_check_duration_seconds_bucket{%1$s,le="0.0025"} 0
          vitals_check_duration_seconds_bucket{%1$s,le="0.005"} 1
          vitals_check_duration_seconds_bucket{%1$s,le="0.01"} 1
          vitals_check_duration_seconds_bucket{%1$s,le="0.025"} 1
          vitals_check_duration_seconds_bucket{%1$s,le="0.05"} 1
          vitals_check_duration_seconds_bucket{%1$s,le="0.1"} 1
          vitals_check_duration_seconds_bucket{%1$s,le="0.25"} 1
          vitals_check_duration_seconds_bucket{%1$s,le="0.5"} 1
          vitals_check_duration_seconds_bucket{%1$s,le="1.0"} 1
          vitals_check_duration_seconds_bucket{%1$s,le="2.5"} 1
          vitals_check_duration_seconds_bucket{%1$s,le="5.0"} 1
          vitals_check_duration_seconds_bucket{%1$s,le="10.0"} 1
          vitals_check_duration_seconds_bucket{%1$s,le="+Inf"} 1
          vitals_check_duration_seconds_count{%1$s} 1
          vitals_check_duration_seconds_sum{%1$s} 0.003
          """.formatted(DB);
      case "rest" -> """
          vitals_check_timeout_seconds{%1$s} 0.5
          vitals_check_timeouts_total{%1$s} 0
          vitals_check_stale_readings_total{%1$s} 0
          vitals_check_transitions_total{%1$s} 0
          vitals_check_verdict_age_seconds{%1$s} 1.5
          vitals_probe_status{probe="liveness",status="pass"} 1
          vitals_probe_status{probe="liveness",status="warn"} 0
          vitals_probe_status{probe="liveness",status="fail"} 0
          vitals_probe_status{probe="readiness",status="pass"} 1
          vitals_probe_status{probe="readiness",status="warn"} 0
          vitals_probe_status{probe="readiness",status="fail"} 0
          vitals_probe_status{probe="startup",status="pass"} 1
          vitals_probe_status{probe="startup",status="warn"} 0
          vitals_probe_status{probe="startup",status="fail"} 0
          vitals_lifecycle_state{state="starting"} 0
          vitals_lifecycle_state{state="ready"} 1
          vitals_lifecycle_state{state="not_ready"} 0
          vitals_lifecycle_state{state="draining"} 0
          vitals_lifecycle_state{state="stopped"} 0
          vitals_lifecycle_state{state="broken"} 0
          """.formatted(DB);
      default -> throw new IllegalArgumentException(family);
    };
  }

  @Test
  void openMetricsHasTypeUnitAndHelpCountersWithoutTotalAndEndsInEof() {
    String[] rest = dbSamples("rest").split("\n");
    String expected = """
        # TYPE vitals_check_status gauge
        # HELP vitals_check_status 1 for the check's current status (pass, warn or fail), 0 for \
        the other two; all three 0 before its first verdict. A background check's stale verdict reads \
        fail.
        """ + dbSamples("status") + """
        # TYPE vitals_check_duration_seconds histogram
        # UNIT vitals_check_duration_seconds seconds
        # HELP vitals_check_duration_seconds How long the check's executions took, timed-out ones \
        included (at their deadline).
        """ + dbSamples("duration") + """
        # TYPE vitals_check_timeout_seconds gauge
        # UNIT vitals_check_timeout_seconds seconds
        # HELP vitals_check_timeout_seconds The check's deadline.
        %s
        # TYPE vitals_check_timeouts counter
        # HELP vitals_check_timeouts Executions of the check cut off at their deadline.
        %s
        # TYPE vitals_check_stale_readings counter
        # HELP vitals_check_stale_readings Probe answers that read the check's verdict when it was \
        older than its staleAfter.
        %s
        # TYPE vitals_check_transitions counter
        # HELP vitals_check_transitions Changes of the check's verdict status; the first verdict is \
        not one.
        %s
        # TYPE vitals_check_verdict_age_seconds gauge
        # UNIT vitals_check_verdict_age_seconds seconds
        # HELP vitals_check_verdict_age_seconds Seconds since the check's current verdict was \
        observed; NaN before the first.
        %s
        # TYPE vitals_probe_status gauge
        # HELP vitals_probe_status 1 for the status the probe answers now from the verdicts held, 0 \
        for the other two.
        %s
        # TYPE vitals_lifecycle_state gauge
        # HELP vitals_lifecycle_state 1 for the process's current lifecycle state, 0 for the other \
        five.
        %s
        # EOF
        """.formatted(rest[0], rest[1], rest[2], rest[3], rest[4],
            String.join("\n", Arrays.copyOfRange(rest, 5, 14)),
            String.join("\n", Arrays.copyOfRange(rest, 14, 20)));

    assertThat(text(oneCheck(), Format.OPENMETRICS)).isEqualTo(expected);
  }

  @Test
  void prometheusTextHasHelpThenTypeCountersNamedWithTotalAndNoUnitOrEof() {
    String[] rest = dbSamples("rest").split("\n");
    String expected = """
        # HELP vitals_check_status 1 for the check's current status (pass, warn or fail), 0 for \
        the other two; all three 0 before its first verdict. A background check's stale verdict reads \
        fail.
        # TYPE vitals_check_status gauge
        """ + dbSamples("status") + """
        # HELP vitals_check_duration_seconds How long the check's executions took, timed-out ones \
        included (at their deadline).
        # TYPE vitals_check_duration_seconds histogram
        """ + dbSamples("duration") + """
        # HELP vitals_check_timeout_seconds The check's deadline.
        # TYPE vitals_check_timeout_seconds gauge
        %s
        # HELP vitals_check_timeouts_total Executions of the check cut off at their deadline.
        # TYPE vitals_check_timeouts_total counter
        %s
        # HELP vitals_check_stale_readings_total Probe answers that read the check's verdict when \
        it was older than its staleAfter.
        # TYPE vitals_check_stale_readings_total counter
        %s
        # HELP vitals_check_transitions_total Changes of the check's verdict status; the first \
        verdict is not one.
        # TYPE vitals_check_transitions_total counter
        %s
        # HELP vitals_check_verdict_age_seconds Seconds since the check's current verdict was \
        observed; NaN before the first.
        # TYPE vitals_check_verdict_age_seconds gauge
        %s
        # HELP vitals_probe_status 1 for the status the probe answers now from the verdicts held, 0 \
        for the other two.
        # TYPE vitals_probe_status gauge
        %s
        # HELP vitals_lifecycle_state 1 for the process's current lifecycle state, 0 for the other \
        five.
        # TYPE vitals_lifecycle_state gauge
        %s
        """.formatted(rest[0], rest[1], rest[2], rest[3], rest[4],
            String.join("\n", Arrays.copyOfRange(rest, 5, 14)),
            String.join("\n", Arrays.copyOfRange(rest, 14, 20)));

    assertThat(text(oneCheck(), Format.PROMETHEUS)).isEqualTo(expected);
  }

  @Test
  void aPendingCheckHasNoStatusNaNAgeAndAnEmptyHistogram() {
    vitals = engine().executor(queuedForever())
        .check(HealthCheck.builder("db", Result::pass).interval(Duration.ofSeconds(5)))
        .build();
    String text = text(MetricsText.of(vitals), Format.OPENMETRICS);

    assertThat(text)
        .contains("vitals_check_status{" + DB + ",status=\"pass\"} 0\n")
        .contains("vitals_check_status{" + DB + ",status=\"warn\"} 0\n")
        .contains("vitals_check_status{" + DB + ",status=\"fail\"} 0\n")
        .contains("vitals_check_verdict_age_seconds{" + DB + "} NaN\n")
        .contains("vitals_check_duration_seconds_bucket{" + DB + ",le=\"+Inf\"} 0\n")
        .contains("vitals_check_duration_seconds_count{" + DB + "} 0\n")
        .contains("vitals_check_duration_seconds_sum{" + DB + "} 0\n")
        .contains("vitals_lifecycle_state{state=\"starting\"} 1\n")
        .contains("vitals_probe_status{probe=\"readiness\",status=\"fail\"} 1\n");
  }

  @Test
  void aTimedOutNonCriticalCheckReadsFailHereAndWarnsItsProbe() {
    vitals = engine().executor(queuedForever())
        .check(HealthCheck.builder("cache", Result::pass).critical(false)
            .probes(Probe.STARTUP, Probe.LIVENESS, Probe.READINESS) // written in the enum's order
            .interval(Duration.ofSeconds(5)).timeout(Duration.ofMillis(800)))
        .build();
    vitals.markStarted();
    clock.advance(Duration.ofMillis(800));
    String labels = "check=\"cache\",probes=\"liveness,readiness,startup\",critical=\"false\"";

    String text = text(MetricsText.of(vitals), Format.PROMETHEUS);

    assertThat(text)
        .contains("vitals_check_status{" + labels + ",status=\"fail\"} 1\n")
        .contains("vitals_check_timeouts_total{" + labels + "} 1\n")
        .contains("vitals_check_duration_seconds_bucket{" + labels + ",le=\"0.5\"} 0\n")
        .contains("vitals_check_duration_seconds_bucket{" + labels + ",le=\"1.0\"} 1\n")
        .contains("vitals_check_duration_seconds_sum{" + labels + "} 0.8\n")
        .contains("vitals_check_verdict_age_seconds{" + labels + "} 0\n")
        .contains("vitals_probe_status{probe=\"readiness\",status=\"warn\"} 1\n");
  }

  @Test
  void outputsAndComponentIdsNeverReachTheSeries() {
    vitals = engine().executor(Runnable::run)
        .check(HealthCheck.builder("db", () -> Result.fail("refused by db.internal:5432 password=hunter2"))
            .componentId("db.internal:5432").interval(Duration.ofSeconds(5)))
        .build();
    String text = text(MetricsText.of(vitals), Format.OPENMETRICS)
        + text(MetricsText.of(vitals), Format.PROMETHEUS);
    assertThat(text).contains("vitals_check_status{" + DB + ",status=\"fail\"} 1")
        .doesNotContain("refused").doesNotContain("hunter2").doesNotContain("internal")
        .doesNotContain("5432");
  }

  @Test
  void secondsAreWrittenExactlyToTheNanosecond() {
    vitals = engine().executor(Runnable::run)
        .check(HealthCheck.builder("db", () -> {
          clock.advance(Duration.ofNanos(12_345_678_901L));
          return Result.pass();
        }).interval(Duration.ofMinutes(1)).timeout(Duration.ofSeconds(20)))
        .build();
    clock.advance(Duration.ofNanos(1));
    String text = text(MetricsText.of(vitals), Format.OPENMETRICS);
    assertThat(text)
        .contains("vitals_check_duration_seconds_sum{" + DB + "} 12.345678901\n")
        .contains("vitals_check_verdict_age_seconds{" + DB + "} 0.000000001\n")
        .contains("vitals_check_timeout_seconds{" + DB + "} 20\n");
  }

  @Test
  void aScrapeReusesItsBufferButNeverItsAnswer() {
    MetricsText metrics = oneCheck();
    byte[] first = metrics.write(Format.OPENMETRICS);
    byte[] second = metrics.write(Format.PROMETHEUS);
    byte[] third = metrics.write(Format.OPENMETRICS);
    assertThat(second).isNotSameAs(first);
    assertThat(third).isEqualTo(first).isNotSameAs(first);
  }

  @Test
  void labelValuesEscapeBackslashQuoteAndLineFeed() {
    assertThat(MetricsText.escapeLabel("db.primary-1_a")).isEqualTo("db.primary-1_a");
    assertThat(MetricsText.escapeLabel("a\\b\"c\nd")).isEqualTo("a\\\\b\\\"c\\nd");
    assertThat(MetricsText.escapeLabel("\\\\\"\n")).isEqualTo("\\\\\\\\\\\"\\n");
    assertThat(MetricsText.escapeLabel("tab\tand\rcr")).isEqualTo("tab\tand\rcr"); // as is
    assertThat(MetricsText.escapeLabel("\"")).isEqualTo("\\\"");
  }

  @Test
  void helpEscapesQuotesInOpenMetricsOnly() {
    assertThat(MetricsText.escapeHelp("a \"b\" c\\d\ne", Format.OPENMETRICS))
        .isEqualTo("a \\\"b\\\" c\\\\d\\ne");
    assertThat(MetricsText.escapeHelp("a \"b\" c\\d\ne", Format.PROMETHEUS))
        .isEqualTo("a \"b\" c\\\\d\\ne");
  }

  @Test
  void everyCheckNameTheBuilderAllowsIsALabelValueAsItIs() {
    // Names are 1-64 of A-Z a-z 0-9 . _ - (rule 12): nothing in them needs escaping, so the
    // label value is the name and a series can be found by it.
    for (String name : new String[] {"9lives", "db.primary-1", "a_b", "x".repeat(64)}) {
      HealthCheck check = HealthCheck.builder(name, Result::pass).build();
      assertThat(MetricsText.escapeLabel(check.name())).isSameAs(check.name());
    }
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', nullValues = "null", value = {
    // absent or blank: OpenMetrics
    "null | OPENMETRICS",
    "'' | OPENMETRICS",
    "'  ' | OPENMETRICS",
    // what Prometheus sends, and what it sent before OpenMetrics
    "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,"
        + "text/plain;version=0.0.4;q=0.5,*/*;q=0.1 | OPENMETRICS",
    "text/plain;version=0.0.4;q=1,*/*;q=0.1 | PROMETHEUS",
    "text/plain;version=0.0.4 | PROMETHEUS",
    "application/openmetrics-text | OPENMETRICS",
    // anything at all: OpenMetrics, as for a tie
    "*/* | OPENMETRICS",
    "text/plain, application/openmetrics-text | OPENMETRICS",
    "text/plain;q=0.9, application/openmetrics-text;q=0.9 | OPENMETRICS",
    // text/plain preferred
    "text/plain, application/openmetrics-text;q=0.9 | PROMETHEUS",
    "application/openmetrics-text;q=0.5, text/plain | PROMETHEUS",
    "text/* | PROMETHEUS",
    "TEXT/PLAIN | PROMETHEUS",
    "text/plain; charset=utf-8 | PROMETHEUS",
    "text/html, text/plain;q=0.2 | PROMETHEUS",
    "application/*;q=0.3, text/plain;q=0.2 | OPENMETRICS",
    // the most specific range decides: */* does not lift a type refused by name
    "text/plain;q=0, */* | OPENMETRICS",
    "application/openmetrics-text;q=0, */*;q=0.1 | PROMETHEUS",
    "application/openmetrics-text;q=0, text/plain;q=0, */* | 406",
    // versions: OpenMetrics 1.0.0 or 0.0.1, text 0.0.4; another version does not match
    "application/openmetrics-text;version=0.0.1 | OPENMETRICS",
    "application/openmetrics-text;version=\"1.0.0\" | OPENMETRICS",
    "application/openmetrics-text;version=2.0.0, text/plain;q=0.1 | PROMETHEUS",
    "text/plain;version=1.0.0 | 406",
    // q-values: up to three decimals, 0 to 1; a malformed one drops its range
    "text/plain;q=0.001 | PROMETHEUS",
    "text/plain;q=1.000, application/openmetrics-text;q=0.999 | PROMETHEUS",
    "text/plain;q=1.5 | 406",
    "text/plain;q=0.1234 | 406",
    "text/plain;q=abc, application/openmetrics-text;q=0.1 | OPENMETRICS",
    "text/plain ; Q=0.5 , application/openmetrics-text ; q=0.4 | PROMETHEUS",
    // neither, and no */*
    "application/json | 406",
    "text/html, application/xml;q=0.9 | 406",
    "*/*;q=0 | 406",
    "text/plain;q=0 | 406",
    "garbage | 406",
    "', , ,' | 406",
  })
  void negotiatesByQValueAndSpecificity(String accept, String expected) {
    Format format = MetricsText.negotiate(accept);
    assertThat(format == null ? "406" : format.name()).isEqualTo(expected);
  }

  private static Executor queuedForever() {
    return task -> {};
  }
}
