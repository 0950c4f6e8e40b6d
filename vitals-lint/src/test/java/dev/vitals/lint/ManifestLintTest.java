package dev.vitals.lint;

import static dev.vitals.lint.ManifestsTest.deployment;
import static dev.vitals.lint.ManifestsTest.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ManifestLintTest {
  @TempDir
  Path dir;

  private final List<String> notes = new ArrayList<>();

  private List<Finding> lint(Path file, ServiceFacts facts) {
    return ManifestLint.check(Manifests.read(List.of(file)), facts, notes::add);
  }

  private List<Finding> lint(String yaml) {
    return lint(ManifestsTest.write(dir, yaml), ServiceFacts.NONE);
  }

  /** Each finding as {@code VL203@18}, or {@code VL206@18 error} when not at the rule's severity. */
  private static List<String> ids(List<Finding> findings) {
    return findings.stream().map(f -> f.rule().id() + "@" + f.location().line()
        + (f.severity() == f.rule().severity() ? "" : " " + f.severity().label())).toList();
  }

  private static ServiceFacts facts(Duration checkDeadline, Duration startupTime,
      Duration readinessDrop, Duration exitTime) {
    return new ServiceFacts(checkDeadline, startupTime, readinessDrop, exitTime);
  }

  @Test
  void aDeploymentThatFollowsThePracticeHasNoFindings() {
    assertThat(lint(fixture("good.yaml"), ServiceFacts.NONE)).isEmpty();
    assertThat(notes).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "vl201-readiness-missing.yaml, VL201@10",
      "vl202-liveness-missing.yaml, VL202@10",
      "vl203-identical-probes.yaml, VL203@18",
      "vl204-liveness-on-readiness.yaml, VL204@18",
      "vl205-probe-credentials.yaml, VL205@16",
      "vl206-startup-probe.yaml, VL206@18",
      "vl208-termination-grace.yaml, VL208@10",
      "vl209-drain.yaml, VL209@11",
  })
  void eachFixtureBreaksExactlyItsRule(String manifest, String finding) {
    assertThat(ids(lint(fixture(manifest), ServiceFacts.NONE))).containsExactly(finding);
  }

  @Test
  void findingsSayWhatWasSeenAndWhere() {
    Path file = fixture("vl203-identical-probes.yaml");
    Finding f = lint(file, ServiceFacts.NONE).get(0);

    assertThat(f.location()).isEqualTo(Location.file(file.toString(), 18,
        "Deployment/api, container api, livenessProbe"));
    assertThat(f.observed()).isEqualTo("livenessProbe and readinessProbe both GET /ping on port 8080");
    assertThat(lint(fixture("vl204-liveness-on-readiness.yaml"), ServiceFacts.NONE).get(0).observed())
        .isEqualTo("livenessProbe GETs /health, a detailed (all-checks) endpoint");
    assertThat(lint(fixture("vl206-startup-probe.yaml"), ServiceFacts.NONE).get(0).observed())
        .isEqualTo("no startupProbe; livenessProbe waits initialDelaySeconds 60 before its first check");
    assertThat(lint(fixture("vl208-termination-grace.yaml"), ServiceFacts.NONE).get(0).observed())
        .isEqualTo("terminationGracePeriodSeconds 30 is not above preStop sleep 20 s"
            + " + VITALS_DRAIN_DELAY 10 s = 30 s");
    assertThat(lint(fixture("vl209-drain.yaml"), ServiceFacts.NONE).get(0).observed())
        .isEqualTo("no preStop sleep and no VITALS_DRAIN_DELAY; readinessProbe periodSeconds 10");
  }

  @Test
  void credentialsAreNamedNeverShown() {
    Finding f = lint(fixture("vl205-probe-credentials.yaml"), ServiceFacts.NONE).get(0);

    assertThat(f.observed()).isEqualTo("readinessProbe sends credentials in header X-Forwarded-Auth");
    assertThat(f.location().context()).isEqualTo("Deployment/api, container api, readinessProbe");
  }

  @Test
  void withoutGraceFactsANoteSaysVl208WasNotChecked() {
    lint(fixture("vl209-drain.yaml"), ServiceFacts.NONE);

    assertThat(notes).containsExactly("Deployment/api, container api: VL208 not checked: no preStop"
        + " sleep, VITALS_DRAIN_DELAY, shutdown timeout or measured exit");
  }

  @Test
  void theManifestWithMistakesBreaksManyRules() {
    List<Finding> findings = lint(fixture("mistakes.yaml"), ServiceFacts.NONE);

    assertThat(ids(findings)).containsExactlyInAnyOrder(
        "VL203@42", "VL204@42", "VL205@35", "VL205@42", "VL206@42", "VL208@27",
        "VL201@65", "VL204@70",
        "VL202@86", "VL209@86");
    assertThat(findings).extracting(Finding::observed).doesNotContain("eyJhbGciOiJIUzI1NiJ9")
        .contains("terminationGracePeriodSeconds 10 is not above preStop sleep 15 s",
            "livenessProbe GETs /readyz, a readiness endpoint");
    assertThat(notes).containsExactly(
        "Deployment/shop, container log-shipper: no ports and no probes, taken for a sidecar;"
            + " static rules not applied",
        "Deployment/orders, container orders: VL208 not checked: no preStop sleep,"
            + " VITALS_DRAIN_DELAY, shutdown timeout or measured exit",
        "StatefulSet/search, container search: readinessProbe (tcpSocket) not httpGet;"
            + " only httpGet paths are checked",
        "StatefulSet/search, container search: VL208 not checked: no preStop sleep,"
            + " VITALS_DRAIN_DELAY, shutdown timeout or measured exit");
  }

  @Test
  void healthzForLivenessIsAWarning() {
    List<Finding> findings = lint(deployment("""
        - name: api
          env: [{ name: VITALS_DRAIN_DELAY, value: 10s }]
          readinessProbe:
            httpGet: { path: /readyz, port: 8080 }
          livenessProbe:
            httpGet: { path: /healthz, port: 8080 }
        """));

    assertThat(ids(findings)).containsExactly("VL204@13 warning");
  }

  @Test
  void livenessOnTheReadinessPathUnderAnotherPortNameIsVl204() {
    List<Finding> findings = lint(deployment("""
        - name: api
          env: [{ name: VITALS_DRAIN_DELAY, value: 10s }]
          ports: [{ name: http, containerPort: 8080 }]
          readinessProbe:
            httpGet: { path: /check, port: http }
          livenessProbe:
            httpGet: { path: /check/, port: 8080 }
        """));

    assertThat(ids(findings)).containsExactly("VL204@14");
    assertThat(findings.get(0).observed()).isEqualTo("livenessProbe GETs /check, the path of the readinessProbe");
  }

  @Test
  void aSidecarWithoutPortsOrProbesIsNotedNotLinted() {
    assertThat(lint(deployment("""
        - name: log-shipper
          image: fluent/fluent-bit:3.1
        """))).isEmpty();
    assertThat(notes).containsExactly("Deployment/api, container log-shipper: no ports and no"
        + " probes, taken for a sidecar; static rules not applied");
  }

  @Test
  void aContainerWithPortsButNoProbesMissesBoth() {
    assertThat(ids(lint(deployment("""
        - name: api
          ports: [{ containerPort: 8080 }]
        """)))).containsExactlyInAnyOrder("VL201@9", "VL202@9");
  }

  @Test
  void execProbesAreNotedAndStillCompared() {
    assertThat(ids(lint(deployment("""
        - name: worker
          env: [{ name: VITALS_DRAIN_DELAY, value: 10s }]
          readinessProbe:
            exec: { command: [cat, /tmp/ok] }
          livenessProbe:
            exec: { command: [cat, /tmp/ok] }
        """)))).containsExactly("VL203@13");
    assertThat(notes).containsExactly("Deployment/api, container worker: livenessProbe (exec),"
        + " readinessProbe (exec) not httpGet; only httpGet paths are checked");
  }

  @Test
  void probeTimeoutsMustBeAboveTheCheckDeadline() {
    Path good = fixture("good.yaml");

    // The startup probe keeps the default timeoutSeconds 1: not above a 1 s deadline.
    assertThat(ids(lint(good, facts(Duration.ofSeconds(1), null, null, null))))
        .containsExactly("VL207@29");
    assertThat(ids(lint(good, facts(Duration.ofSeconds(2), null, null, null))))
        .containsExactlyInAnyOrder("VL207@29", "VL207@33", "VL207@38");
    assertThat(lint(good, facts(Duration.ofMillis(500), null, null, null))).isEmpty();
    assertThat(lint(good, facts(Duration.ofSeconds(1), null, null, null)).get(0).observed())
        .isEqualTo("startupProbe timeoutSeconds 1 is not above the service's check deadline of 1 s");
  }

  @Test
  void tcpSocketProbesDoNotWaitForChecks() {
    assertThat(ids(lint(ManifestsTest.write(dir, deployment("""
        - name: api
          env: [{ name: VITALS_DRAIN_DELAY, value: 10s }]
          readinessProbe:
            tcpSocket: { port: 8080 }
          livenessProbe:
            httpGet: { path: /health/live, port: 8080 }
            timeoutSeconds: 3
        """)), facts(Duration.ofSeconds(2), null, null, null)))).isEmpty();
  }

  @Test
  void aStartLongerThanTheStartupProbeToleratesIsAnError() {
    Path good = fixture("good.yaml");

    // startupProbe: failureThreshold 60 × periodSeconds 2 = 120 s
    assertThat(lint(good, facts(null, Duration.ofSeconds(120), null, null))).isEmpty();
    List<Finding> findings = lint(good, facts(null, Duration.ofSeconds(121), null, null));
    assertThat(ids(findings)).containsExactly("VL206@29 error");
    assertThat(findings.get(0).observed()).isEqualTo("start-up took 121 s; startupProbe tolerates"
        + " 120 s (initialDelaySeconds 0 + failureThreshold 60 × periodSeconds 2)");
  }

  @Test
  void withoutAStartupProbeLivenessMustTolerateTheStart() {
    Path slow = fixture("vl206-startup-probe.yaml"); // liveness: 60 + 3 × 10 = 90 s

    assertThat(ids(lint(slow, facts(null, Duration.ofSeconds(80), null, null))))
        .containsExactly("VL206@18");
    assertThat(ids(lint(slow, facts(null, Duration.ofMillis(90_500), null, null))))
        .containsExactly("VL206@18 error");
    assertThat(ids(lint(fixture("vl209-drain.yaml"), facts(null, Duration.ofSeconds(31), null, null))))
        .containsExactlyInAnyOrder("VL206@17 error", "VL209@11");
  }

  @Test
  void aMeasuredExitMustEndWithinTheGracePeriod() {
    Path good = fixture("good.yaml"); // grace 30

    List<Finding> findings = lint(good, facts(null, null, Duration.ofMillis(200), Duration.ofSeconds(30)));
    assertThat(ids(findings)).containsExactly("VL208@17");
    assertThat(findings.get(0).observed())
        .isEqualTo("terminationGracePeriodSeconds 30 is not above exit after SIGTERM (measured) 30 s");
    assertThat(lint(good, facts(null, null, Duration.ofMillis(200), Duration.ofMillis(12_300)))).isEmpty();
  }

  @Test
  void aMeasuredDrainShorterThanTheReadinessPeriodIsVl209() {
    // VITALS_DRAIN_DELAY says 5 s; what was measured wins.
    List<Finding> findings = lint(fixture("good.yaml"),
        facts(null, null, Duration.ofMillis(100), Duration.ofSeconds(3)));

    assertThat(ids(findings)).containsExactly("VL209@17");
    assertThat(findings.get(0).observed()).isEqualTo("readiness failing before exit (measured) 2.9 s"
        + " is shorter than the readinessProbe periodSeconds 5");
  }

  @Test
  void shutdownBudgetsComeFromTheEnvironment() {
    List<Finding> findings = lint(deployment("""
        - name: api
          env:
            - { name: VITALS_DRAIN_DELAY, value: 10s }
            - { name: VITALS_SHUTDOWN_TIMEOUT, value: 10s }
            - { name: SPRING_LIFECYCLE_TIMEOUT_PER_SHUTDOWN_PHASE, value: "20000" }
          readinessProbe:
            httpGet: { path: /health/ready, port: 8080 }
          livenessProbe:
            httpGet: { path: /health/live, port: 8080 }
        """));

    assertThat(ids(findings)).containsExactly("VL208@9");
    assertThat(findings.get(0).observed()).isEqualTo("terminationGracePeriodSeconds 30 is not above"
        + " VITALS_DRAIN_DELAY 10 s + SPRING_LIFECYCLE_TIMEOUT_PER_SHUTDOWN_PHASE 20 s = 30 s");
  }

  @Test
  void anUnreadableDurationIsNotedAndNotCounted() {
    List<Finding> findings = lint(deployment("""
        - name: api
          env:
            - { name: VITALS_DRAIN_DELAY, value: "5" }
          readinessProbe:
            httpGet: { path: /health/ready, port: 8080 }
          livenessProbe:
            httpGet: { path: /health/live, port: 8080 }
        """));

    assertThat(ids(findings)).containsExactly("VL209@9");
    assertThat(notes).first().isEqualTo("Deployment/api, container api: VITALS_DRAIN_DELAY: expected"
        + " a duration such as 500ms, 5s or 1m, got '5'; not counted");
  }
}
