package dev.vitals.lint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vitals.HealthCheck;
import dev.vitals.HealthEndpoints;
import dev.vitals.Result;
import dev.vitals.Vitals;
import dev.vitals.server.HealthServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Each live rule against a fixture service that breaks exactly that rule, the good fixture that
 * breaks none, and Vitals' own server, which must pass with no finding at all.
 */
class LiveLintTest {
  private static final String READY = "/health/ready";
  private static final String LIVE = "/health/live";

  @Test
  void goodServiceBreaksNoRule() throws IOException {
    Report report = lint(fixture -> {});

    assertThat(report.findings()).isEmpty();
    assertThat(report.notes()).anyMatch(n -> n.startsWith("VL112: measured from /health/metrics"))
        .anyMatch(n -> n.startsWith("VL111: 20 concurrent GETs on /health/ready"))
        .anyMatch(n -> n.equals("readiness endpoint /health/ready: discovered (GET answered 200)"))
        .anyMatch(n -> n.contains("Kubernetes defaults"))
        .anyMatch(n -> n.equals("facts: " + new ServiceFacts(Duration.ofMillis(2500), null, null, null)));
  }

  @Test
  void mediaTypeOtherThanHealthJsonBreaksVl101() throws IOException {
    assertThat(rules(f -> f.route(LIVE, request ->
        LiveFixture.probe(LiveFixture.PASS, LiveFixture.PASS).apply(request).header("Content-Type", "application/json"))))
        .containsExactly("VL101");
  }

  @Test
  void unknownStatusWordBreaksVl102() throws IOException {
    assertThat(rules(f -> f.route(READY, LiveFixture.probe("{\"status\":\"good\"}", "{\"status\":\"good\"}"))))
        .containsExactly("VL102");
  }

  @Test
  void springsUpIsOnlyANote() throws IOException {
    Report report = lint(f -> f.route(READY, LiveFixture.probe("{\"status\":\"UP\"}", "{\"status\":\"UP\"}")));

    assertThat(report.findings()).singleElement().satisfies(finding -> {
      assertThat(finding.rule()).isEqualTo(Rule.BODY_SCHEMA);
      assertThat(finding.severity()).isEqualTo(Severity.NOTE);
      assertThat(finding.observed()).isEqualTo("status is \"UP\" for pass");
    });
  }

  @Test
  void plainTextBodyBreaksVl102() throws IOException {
    Report report = lint(f -> f.route(READY, request -> LiveFixture.Response.of(200, "application/health+json", "OK")));

    assertThat(ids(report)).containsExactly("VL102");
    assertThat(report.findings().get(0).observed()).isEqualTo("the body is not a JSON object: \"OK\"");
  }

  @Test
  void bodyAboveTenKibBreaksVl103() throws IOException {
    assertThat(rules(f -> f.route(READY, LiveFixture.probe(LiveFixture.PASS + " ".repeat(11_000), LiveFixture.PASS))))
        .containsExactly("VL103");
  }

  @Test
  void failWith200BreaksVl104() throws IOException {
    String fail = "{\"status\":\"fail\"}";
    assertThat(rules(f -> f.route(READY, LiveFixture.probe(fail, fail)))).containsExactly("VL104");
  }

  @Test
  void redirectBreaksVl105WithTheLocationPathOnly() throws IOException {
    Report report = lint(f -> f.route(LIVE, request -> LiveFixture.Response.of(302, "text/html", "")
        .header("Location", "http://127.0.0.1/login?next=/health/live&token=secret")));

    assertThat(ids(report)).containsExactly("VL105");
    assertThat(report.findings()).extracting(Finding::observed).contains("GET answered 302 to /login");
  }

  @Test
  void versionShownToAnonymousCallersBreaksVl106() throws IOException {
    assertThat(rules(f -> f.route(READY, LiveFixture.probe("{\"status\":\"pass\",\"version\":\"1.2.3\"}", LiveFixture.PASS))))
        .containsExactly("VL106");
  }

  @Test
  void detailsShowingOnlyTheStatusToStrangersAreAcceptable() throws IOException {
    Report report = lint(f -> f.route("/health", request -> LiveFixture.Response.health(200, request.authorised()
        ? "{\"status\":\"pass\",\"checks\":" + f.databaseCheck() + "}" : LiveFixture.PASS)));

    assertThat(report.findings()).isEmpty();
    assertThat(report.notes()).contains(
        "VL107: /health answers anonymous callers 200 with the status only (acceptable: details need a token)",
        "VL107: /health answers a wrong token 200 with the status only, not 401 or 403");
  }

  @Test
  void detailsForAWrongTokenBreakVl107() throws IOException {
    assertThat(rules(f -> f.route("/health", request -> request.headers().containsKey("authorization")
        ? LiveFixture.Response.health(200, "{\"status\":\"pass\",\"checks\":" + f.databaseCheck() + "}")
        : LiveFixture.Response.of(401, "text/plain", "token needed"))))
        .containsExactly("VL107");
  }

  @Test
  void missingCacheControlBreaksVl108() throws IOException {
    assertThat(rules(f -> f.route(LIVE, request ->
        LiveFixture.probe(LiveFixture.PASS, LiveFixture.PASS).apply(request).header("Cache-Control", null))))
        .containsExactly("VL108");
  }

  @Test
  void bodyOnHeadBreaksVl109() throws IOException {
    Report report = lint(f -> f.route(LIVE, request ->
        LiveFixture.probe(LiveFixture.PASS, LiveFixture.PASS).apply(request).withBodyOnHead()));

    assertThat(ids(report)).containsExactly("VL109");
    assertThat(report.findings().get(0).observed()).isEqualTo("HEAD answer carried 17 bytes of body");
  }

  @Test
  void serverErrorForPostBreaksVl110() throws IOException {
    assertThat(rules(f -> f.route(READY, request -> request.method().equals("POST")
        ? LiveFixture.Response.of(500, "text/plain", "boom")
        : LiveFixture.probe(LiveFixture.PASS, LiveFixture.PASS).apply(request))))
        .containsExactly("VL110");
  }

  @Test
  void answersSlowerThanTheProbeTimeoutBreakVl111() throws IOException {
    // Every GET takes longer than the default probe timeout (1 s), whatever the scheduling.
    assertThat(rules(f -> f.route(READY, request -> {
      if (request.method().equals("GET")) {
        try {
          Thread.sleep(1_100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return LiveFixture.probe(LiveFixture.PASS, LiveFixture.PASS).apply(request);
    }))).containsExactly("VL111");
  }

  @Test
  void hungEndpointIsOneVl111FindingAndLintEnds() throws IOException {
    try (LiveFixture fixture = new LiveFixture()) {
      fixture.route(READY, request -> {
        fixture.hang();
        return LiveFixture.Response.health(200, LiveFixture.PASS);
      }).start();
      Report report = LiveFixture.lint(LintOptions.builder().baseUrl(fixture.url()).token(LiveFixture.TOKEN)
          .requestTimeout(Duration.ofMillis(300)).build());

      assertThat(report.findings()).singleElement().satisfies(finding -> {
        assertThat(finding.rule()).isEqualTo(Rule.LATENCY);
        assertThat(finding.observed()).isEqualTo("GET got no answer within 300 ms; /health/ready not asked again");
      });
    }
  }

  @Test
  void checkRunPerProbeCountedInMetricsBreaksVl112() throws IOException {
    Report report = lint(f -> f.route(READY, request -> {
      f.executions.incrementAndGet();
      return LiveFixture.probe(LiveFixture.PASS, LiveFixture.PASS).apply(request);
    }));

    assertThat(ids(report)).containsExactly("VL112");
    assertThat(report.findings().get(0).severity()).isEqualTo(Severity.ERROR);
    assertThat(report.findings().get(0).observed()).startsWith("database ran 20 times during 40 probes");
  }

  @Test
  void checkRunPerProbeSeenInCheckTimesBreaksVl112() throws IOException {
    Report report = lint(f -> f.route("/health/metrics", null).route(READY, request -> {
      f.executions.incrementAndGet();
      return LiveFixture.probe(LiveFixture.PASS, LiveFixture.PASS).apply(request);
    }));

    assertThat(ids(report)).containsExactly("VL112");
    assertThat(report.findings().get(0).severity()).isEqualTo(Severity.WARNING);
    assertThat(report.findings().get(0).observed()).startsWith("the time of database:responseTime moved after every burst");
  }

  @Test
  void withoutTokenAmplificationIsNotMeasurable() throws IOException {
    try (LiveFixture fixture = new LiveFixture().start()) {
      Report report = LiveFixture.lint(LintOptions.builder().baseUrl(fixture.url()).concurrency(3).build());

      assertThat(report.findings()).isEmpty();
      assertThat(report.notes()).contains("VL112: amplification not measurable: no check metrics or per-check times to read (a token may unlock them: --token)",
          "VL113: liveness shows no checks to anonymous callers; give --token to see them",
          "facts: " + ServiceFacts.NONE);
    }
  }

  @Test
  void datastoreInLivenessBreaksVl113() throws IOException {
    assertThat(rules(f -> f.route(LIVE, LiveFixture.probe(LiveFixture.PASS,
        "{\"status\":\"pass\",\"checks\":" + f.databaseCheck() + "}")))).containsExactly("VL113");
  }

  @Test
  void missingReadinessBreaksVl114() throws IOException {
    Report report = lint(f -> f.route(READY, null));

    assertThat(ids(report)).containsExactly("VL114");
    assertThat(report.findings().get(0).observed()).startsWith("no readiness endpoint answered among [/health/ready,");
  }

  @Test
  void pathsComeFromTheManifestProbesWithTheirTimings() throws IOException {
    try (LiveFixture fixture = new LiveFixture().route("/ping", LiveFixture.probe(LiveFixture.PASS, LiveFixture.PASS)).start()) {
      ProbeSpec ready = new ProbeSpec("httpGet", "/ping", "8080", "HTTP", List.of(), List.of(), 0, 5, 2, 3, 1, 12);
      Workload workload = new Workload("deploy.yaml", 3, "Deployment", "notes", "notes", null, ready, null,
          30, 0, Map.of(), Map.of());
      List<String> notes = new ArrayList<>();
      new LiveLint(LintOptions.builder().baseUrl(fixture.url()).concurrency(2).build(), List.of(workload))
          .run(finding -> {}, notes::add);

      assertThat(notes).contains("readiness endpoint /ping: from the readinessProbe of Deployment/notes, container notes",
          "readiness /ping: probe period 5 s, timeout 2 s (Deployment/notes, container notes, line 12)");
    }
  }

  @Test
  void unreachableServiceCannotBeLinted() throws IOException {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    LintOptions options = LintOptions.builder().baseUrl("http://127.0.0.1:" + port).build();

    assertThatThrownBy(() -> LiveFixture.lint(options)).isInstanceOf(LintException.class)
        .hasMessageStartingWith("cannot reach http://127.0.0.1:" + port + ": ");
  }

  @Test
  void vitalsOwnServerPassesWithNoFinding() throws Exception {
    CountDownLatch checked = new CountDownLatch(2);
    try (Vitals vitals = Vitals.builder().serviceId("lint-test").version("1.0").shutdownHook(false)
        .check(HealthCheck.builder("cache", () -> {
          checked.countDown();
          return Result.pass();
        }).timeout(Duration.ofSeconds(2)).interval(Duration.ofMinutes(1)))
        .check(HealthCheck.builder("heap", () -> {
          checked.countDown();
          return Result.pass();
        }).liveness().timeout(Duration.ofMillis(500)).interval(Duration.ofMinutes(1)))
        .build()) {
      vitals.markStarted();
      assertThat(checked.await(10, TimeUnit.SECONDS)).as("first verdicts").isTrue();
      HealthServer server = HealthServer.builder(HealthEndpoints.builder(vitals).bearerToken(LiveFixture.TOKEN).build())
          .host("127.0.0.1").port(0).stopGrace(Duration.ZERO).stopOnShutdown(false).start();
      try {
        List<Finding> findings = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        ServiceFacts facts = new LiveLint(LintOptions.builder().baseUrl("http://127.0.0.1:" + server.port())
            .token(LiveFixture.TOKEN).build(), List.of()).run(findings::add, notes::add);

        assertThat(findings).isEmpty();
        assertThat(notes).anyMatch(n -> n.startsWith("VL112: measured from /health/metrics: at most"));
        assertThat(facts.checkDeadline()).isEqualTo(Duration.ofSeconds(2));
      } finally {
        server.close();
      }
    }
  }

  private static Report lint(Consumer<LiveFixture> variant) throws IOException {
    try (LiveFixture fixture = new LiveFixture()) {
      variant.accept(fixture);
      return fixture.start().lint();
    }
  }

  private static Set<String> rules(Consumer<LiveFixture> variant) throws IOException {
    return ids(lint(variant));
  }

  private static Set<String> ids(Report report) {
    return report.findings().stream().map(f -> f.rule().id()).collect(Collectors.toCollection(TreeSet::new));
  }
}
