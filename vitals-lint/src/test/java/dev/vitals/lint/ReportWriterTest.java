package dev.vitals.lint;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportWriterTest {

  /** What {@code writer} writes for {@code report}, read back as UTF-8. */
  static String written(ReportWriter writer, Report report) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    writer.write(report, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object value) {
    assertThat(value).isInstanceOf(Map.class);
    return (Map<String, Object>) value;
  }

  static Map<String, Object> first(Object list) {
    assertThat(Json.list(list)).isNotEmpty();
    return map(Json.list(list).get(0));
  }

  @Test
  void textGroupsFindingsByPlaceWithWhatWhyFixAndDocsThenNotesAndASummary() {
    assertThat(written(ReportWriter.TEXT, SampleReports.mixed())).isEqualTo("""
        vitals lint: k8s/deploy.yaml, http://127.0.0.1:8080

        http://127.0.0.1:8080/health/live
          error    VL105 redirect: Health endpoints never redirect
                   where:    GET, Accept: */*
                   observed: GET answered 302 to /login
                   why:      The kubelet counts a 3xx as success (it follows redirects only to the same
                             host), so a redirect to a login page hides any failure behind it.
                   fix:      Serve the endpoint where it is probed; exempt it from authentication redirects.
                   docs:     https://github.com/vitals-dev/vitals/blob/main/docs/lint-rules.md#vl105-redirect
          warning  VL108 cache-control: Probe answers are not cached longer than the probe period
                   where:    GET, Accept: */*
                   observed: no Cache-Control header
                   why:      A cache between the prober and the service (a CDN, a proxy, a client library)
                             can replay a pass long after the service failed.
                   fix:      Send `Cache-Control: no-store` (or a max-age no longer than the probe period).
                   docs:     https://github.com/vitals-dev/vitals/blob/main/docs/lint-rules.md#vl108-cache-control

        k8s/deploy.yaml
          error    VL203 identical-probes: Liveness and readiness probes differ
                   where:    line 14, Deployment/notes, container notes
                   observed: livenessProbe and readinessProbe both GET /health/ready on port http
                   why:      The same probe for both means a dependency outage (readiness) also restarts the
                             container (liveness).
                   fix:      Point liveness at the liveness endpoint and readiness at the readiness
                             endpoint.
                   docs:     https://github.com/vitals-dev/vitals/blob/main/docs/lint-rules.md#vl203-identical-probes

        How lint went about it:
          - liveness found at /health/live, readiness at /health/ready
          - sent 20 probes at once to each endpoint

        2 errors, 1 warning, 0 notes
        """);
  }

  @Test
  void textOfACleanReportIsItsTargetsAndTheSummary() {
    assertThat(written(ReportWriter.TEXT, SampleReports.clean()))
        .isEqualTo("vitals lint: http://127.0.0.1:8080\n\n0 errors, 0 warnings, 0 notes\n");
    Report oneNote = new Report(List.of("x.yaml"),
        List.of(new Finding(Rule.DRAIN, Severity.NOTE, Location.file("x.yaml", 0, ""), "seen")), List.of());
    assertThat(written(ReportWriter.TEXT, oneNote)).endsWith("\n0 errors, 0 warnings, 1 note\n")
        .contains("  note     VL209 drain: ").doesNotContain("where:");
  }

  @Test
  void jsonParsesBackFieldByField() {
    Map<String, Object> json = map(Json.parse(written(ReportWriter.JSON, SampleReports.mixed())));
    assertThat(json).containsOnlyKeys("targets", "summary", "findings", "notes");
    assertThat(json.get("targets")).isEqualTo(List.of("k8s/deploy.yaml", "http://127.0.0.1:8080"));
    assertThat(json.get("summary")).isEqualTo(Map.of("errors", 2, "warnings", 1, "notes", 0));
    assertThat(json.get("notes")).isEqualTo(SampleReports.mixed().notes());

    List<Object> findings = Json.list(json.get("findings"));
    assertThat(findings).extracting(f -> map(f).get("rule")).containsExactly("VL105", "VL203", "VL108");
    Map<String, Object> redirect = map(findings.get(0));
    assertThat(redirect.keySet()).containsExactly("rule", "name", "title", "kind", "severity", "location",
        "observed", "why", "fix", "help");
    assertThat(redirect).containsEntry("rule", "VL105").containsEntry("name", "redirect")
        .containsEntry("title", Rule.REDIRECT.title()).containsEntry("kind", "live")
        .containsEntry("severity", "error").containsEntry("observed", "GET answered 302 to /login")
        .containsEntry("why", Rule.REDIRECT.why()).containsEntry("fix", Rule.REDIRECT.fix())
        .containsEntry("help", "docs/lint-rules.md#vl105-redirect");
    assertThat(map(redirect.get("location"))).containsOnlyKeys("uri", "line", "context")
        .containsEntry("uri", SampleReports.LIVE).containsEntry("context", "GET, Accept: */*");
    assertThat(map(redirect.get("location"))).containsEntry("line", null);
    Map<String, Object> identical = map(findings.get(1));
    assertThat(map(identical.get("location"))).containsEntry("uri", "k8s/deploy.yaml").containsEntry("line", 14)
        .containsEntry("context", "Deployment/notes, container notes");
    assertThat(identical).containsEntry("kind", "static").containsEntry("help", "docs/lint-rules.md#vl203-identical-probes");
    assertThat(map(findings.get(2))).containsEntry("severity", "warning");
  }

  @Test
  void jsonEscapesWhatNeedsEscapingAndShowsAnEmptyReportAsEmptyArrays() {
    String awkward = "a \"quoted\" back\\slash,\ta tab, a line\nbreak and \u00d7";
    Report report = new Report(List.of("C:\\k8s\\app.yaml"), List.of(), List.of(awkward));
    Map<String, Object> json = map(Json.parse(written(ReportWriter.JSON, report)));
    assertThat(json.get("targets")).isEqualTo(List.of("C:\\k8s\\app.yaml"));
    assertThat(json.get("notes")).isEqualTo(List.of(awkward));
    assertThat(json.get("findings")).isEqualTo(List.of());
    assertThat(json.get("summary")).isEqualTo(Map.of("errors", 0, "warnings", 0, "notes", 0));
  }

  @Test
  void sarifListsEveryRuleAndPointsEachResultAtItsRuleAndPlace() {
    Map<String, Object> sarif = map(Json.parse(written(ReportWriter.SARIF, SampleReports.mixed())));
    assertThat(sarif).containsEntry("version", "2.1.0").containsEntry("$schema", SarifReport.SCHEMA);
    assertThat(Json.list(sarif.get("runs"))).hasSize(1);
    Map<String, Object> run = first(sarif.get("runs"));
    Map<String, Object> driver = map(map(run.get("tool")).get("driver"));
    assertThat(driver).containsEntry("name", "vitals lint")
        .containsEntry("informationUri", "https://github.com/vitals-dev/vitals")
        .containsEntry("version", "dev");

    List<Object> rules = Json.list(driver.get("rules"));
    assertThat(rules).extracting(r -> map(r).get("id"))
        .containsExactly(java.util.Arrays.stream(Rule.values()).map(Rule::id).toArray());
    Map<String, Object> redirect = map(rules.get(Rule.REDIRECT.ordinal()));
    assertThat(redirect).containsEntry("name", "redirect")
        .containsEntry("shortDescription", Map.of("text", Rule.REDIRECT.title()))
        .containsEntry("fullDescription", Map.of("text", Rule.REDIRECT.why()))
        .containsEntry("helpUri", "https://github.com/vitals-dev/vitals/blob/main/docs/lint-rules.md#vl105-redirect")
        .containsEntry("defaultConfiguration", Map.of("level", "error"));
    assertThat(map(redirect.get("help"))).containsEntry("text", Rule.REDIRECT.fix());
    assertThat((String) map(redirect.get("help")).get("markdown")).contains(Rule.REDIRECT.source());
    assertThat(map(redirect.get("properties"))).containsEntry("kind", "live")
        .containsEntry("tags", List.of("health-check", "live"));

    List<Object> results = Json.list(run.get("results"));
    assertThat(results).hasSize(3);
    for (Object result : results) {
      int index = (Integer) map(result).get("ruleIndex");
      assertThat(map(rules.get(index)).get("id")).isEqualTo(map(result).get("ruleId"));
    }
    Map<String, Object> live = map(results.get(0));
    assertThat(live).containsEntry("ruleId", "VL105").containsEntry("level", "error")
        .containsEntry("message", Map.of("text", "GET answered 302 to /login \u2014 " + Rule.REDIRECT.why()));
    Map<String, Object> liveAt = first(live.get("locations"));
    assertThat(map(liveAt.get("physicalLocation")))
        .isEqualTo(Map.of("artifactLocation", Map.of("uri", SampleReports.LIVE)));
    assertThat(liveAt).containsEntry("message", Map.of("text", "GET, Accept: */*"));

    Map<String, Object> fileAt = first(map(results.get(1)).get("locations"));
    assertThat(map(fileAt.get("physicalLocation"))).isEqualTo(
        Map.of("artifactLocation", Map.of("uri", "k8s/deploy.yaml"), "region", Map.of("startLine", 14)));
    assertThat(map(results.get(2))).containsEntry("ruleId", "VL108").containsEntry("level", "warning");

    Map<String, Object> invocation = first(run.get("invocations"));
    assertThat(invocation).containsEntry("executionSuccessful", true);
    assertThat(Json.list(invocation.get("toolExecutionNotifications"))).extracting(n -> map(map(n).get("message")).get("text"))
        .containsExactlyElementsOf(SampleReports.mixed().notes());
  }

  @Test
  void sarifArtifactUrisAreUrlsOrUriReferencesWithForwardSlashes() {
    assertThat(SarifReport.artifactUri("https://svc.example/health/ready?x=1")).isEqualTo("https://svc.example/health/ready?x=1");
    assertThat(SarifReport.artifactUri("k8s/deploy.yaml")).isEqualTo("k8s/deploy.yaml");
    assertThat(SarifReport.artifactUri("./k8s dir/a#1%.yaml")).isEqualTo("./k8s%20dir/a%231%25.yaml");
    assertThat(SarifReport.artifactUri("prod:eu/app.yaml")).isEqualTo("prod%3Aeu/app.yaml"); // not a scheme
    assertThat(SarifReport.artifactUri("d\u00e9ploiement.yaml")).isEqualTo("d%C3%A9ploiement.yaml");
    assertThat(SarifReport.artifactUri("/srv/k8s/app.yaml")).isEqualTo("file:///srv/k8s/app.yaml");
  }

  @Test
  void everyFormatIsWrittenAsUtf8WhateverTheStreamsCharset() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ReportWriter.SARIF.write(SampleReports.mixed(), new PrintStream(bytes, true, StandardCharsets.US_ASCII));
    assertThat(bytes.toString(StandardCharsets.UTF_8)).contains(Rule.STARTUP_PROBE.why()).contains(" \u2014 ");
  }
}
