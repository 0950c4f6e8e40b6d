package dev.vitals.lint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ManifestsTest {
  @TempDir
  Path dir;

  /** The fixture manifest {@code name} under {@code src/test/resources/manifests}. */
  static Path fixture(String name) {
    try {
      return Path.of(ManifestsTest.class.getResource("/manifests/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code yaml} written to a file of its own in {@code dir}. */
  static Path write(Path dir, String yaml) {
    try {
      return Files.writeString(Files.createTempFile(dir, "manifest", ".yaml"), yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A Deployment named {@code api} whose one container is {@code container}, indented 8. */
  static String deployment(String container) {
    return """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: api
        spec:
          template:
            spec:
              containers:
        """ + container.indent(8);
  }

  private Workload only(String yaml) {
    List<Workload> workloads = Manifests.read(List.of(write(dir, yaml)));
    assertThat(workloads).hasSize(1);
    return workloads.get(0);
  }

  @Test
  void readsEveryFieldTheRulesUse() {
    Path file = fixture("good.yaml");
    Workload w = Manifests.read(List.of(file)).get(0);

    assertThat(w.file()).isEqualTo(file.toString());
    assertThat(w.describe()).isEqualTo("Deployment/notes, container notes");
    assertThat(w.line()).isEqualTo(17);
    assertThat(w.terminationGracePeriodSeconds()).isEqualTo(30);
    assertThat(w.preStopSleepSeconds()).isZero();
    assertThat(w.env()).containsOnly(Map.entry("MANAGEMENT_PORT", "8081"),
        Map.entry("VITALS_DRAIN_DELAY", "5s"));
    assertThat(w.ports()).containsOnly(Map.entry("8080", 8080), Map.entry("8081", 8081),
        Map.entry("health", 8081));
    assertThat(w.startup()).isEqualTo(new ProbeSpec("httpGet", "/health/startup", "health", "HTTP",
        List.of(), List.of(), 0, 2, 1, 60, 1, 29));
    assertThat(w.readiness()).isEqualTo(new ProbeSpec("httpGet", "/health/ready", "health", "HTTP",
        List.of(), List.of(), 0, 5, 2, 1, 1, 33));
    assertThat(w.liveness().line()).isEqualTo(38);
    assertThat(w.probes()).containsExactly(w.liveness(), w.readiness(), w.startup());
  }

  @Test
  void fillsKubernetesDefaults() {
    Workload w = only(deployment("""
        - name: api
          livenessProbe:
            httpGet: { port: 8080 }
        """));

    assertThat(w.liveness()).isEqualTo(new ProbeSpec("httpGet", "/", "8080", "HTTP", List.of(),
        List.of(), 0, 10, 1, 3, 1, 10));
    assertThat(w.readiness()).isNull();
    assertThat(w.startup()).isNull();
    assertThat(w.terminationGracePeriodSeconds()).isEqualTo(Workload.DEFAULT_GRACE_PERIOD);
    assertThat(w.env()).isEmpty();
    assertThat(w.ports()).isEmpty();
  }

  @Test
  void readsEachHandler() {
    Workload w = only(deployment("""
        - name: api
          livenessProbe:
            exec: { command: [cat, /tmp/alive] }
          readinessProbe:
            grpc: { port: 9090 }
          startupProbe:
            httpGet:
              scheme: HTTPS
              path: /ready?full=1
              port: https
              httpHeaders:
                - { name: Host, value: api.example.com }
                - { name: X-Empty }
        """));

    assertThat(w.liveness().handler()).isEqualTo("exec");
    assertThat(w.liveness().command()).containsExactly("cat", "/tmp/alive");
    assertThat(w.liveness().path()).isNull();
    assertThat(w.readiness().handler()).isEqualTo("grpc");
    assertThat(w.readiness().port()).isEqualTo("9090");
    assertThat(w.readiness().scheme()).isNull();
    assertThat(w.startup().scheme()).isEqualTo("HTTPS");
    assertThat(w.startup().path()).isEqualTo("/ready?full=1");
    assertThat(w.startup().headers()).containsExactly(Map.entry("Host", "api.example.com"),
        Map.entry("X-Empty", ""));
  }

  @Test
  void tcpSocketProbeKeepsItsPort() {
    Workload w = only(deployment("""
        - name: api
          readinessProbe:
            tcpSocket: { port: http }
        """));

    assertThat(w.readiness().handler()).isEqualTo("tcpSocket");
    assertThat(w.readiness().port()).isEqualTo("http");
  }

  @ParameterizedTest(name = "{0} sleeps {1} s")
  @CsvSource(delimiter = '|', textBlock = """
      sleep: { seconds: 7 }                                                 | 7
      exec: { command: [sleep, "5"] }                                       | 5
      exec: { command: [/bin/sleep, 5s] }                                   | 5
      exec: { command: [sh, -c, sleep 10] }                                 | 10
      exec: { command: [/bin/sh, -c, "sleep 5 && nginx -s quit"] }          | 5
      exec: { command: [bash, -c, "exec sleep 3; kill 1"] }                 | 3
      exec: { command: [sh, -c, echo bye] }                                 | 0
      exec: { command: [sh, -c, sleep $DELAY] }                             | 0
      exec: { command: [sleep, "0.5"] }                                     | 0
      httpGet: { path: /drain, port: 8080 }                                 | 0
      """)
  void readsThePreStopSleep(String handler, int seconds) {
    Workload w = only(deployment("""
        - name: api
          lifecycle:
            preStop:
              %s
        """.formatted(handler)));

    assertThat(w.preStopSleepSeconds()).isEqualTo(seconds);
  }

  @Test
  void readsLiteralEnvValuesOnly() {
    Workload w = only(deployment("""
        - name: api
          env:
            - { name: A, value: "1" }
            - name: FROM_SECRET
              valueFrom: { secretKeyRef: { name: s, key: k } }
            - name: EMPTY
        """));

    assertThat(w.env()).containsOnly(Map.entry("A", "1"), Map.entry("EMPTY", ""));
  }

  @Test
  void skipsOtherKindsAndEmptyDocuments() {
    List<Workload> workloads = Manifests.read(List.of(fixture("multi-document.yaml")));

    assertThat(workloads).extracting(Workload::describe, Workload::line)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("Deployment/notes, container notes", 25));
  }

  @Test
  void readsTheItemsOfAList() {
    List<Workload> workloads = Manifests.read(List.of(fixture("list.yaml")));

    assertThat(workloads).extracting(Workload::describe)
        .containsExactly("Deployment/notes, container notes", "Deployment/notes, container proxy");
    assertThat(workloads).extracting(Workload::line).containsExactly(17, 19);
  }

  @Test
  void readsStatefulSetDaemonSetAndPodButNotInitContainersOrJobs() {
    List<Workload> workloads = Manifests.read(List.of(fixture("kinds.yaml")));

    assertThat(workloads).extracting(Workload::describe).containsExactly(
        "StatefulSet/db, container db", "DaemonSet/agent, container agent", "Pod/debug, container shell");
    assertThat(workloads).extracting(Workload::terminationGracePeriodSeconds).containsExactly(120, 30, 30);
  }

  @Test
  void readsFilesInOrder() {
    List<Workload> workloads = Manifests.read(List.of(fixture("list.yaml"), fixture("kinds.yaml")));

    assertThat(workloads).hasSize(5);
    assertThat(workloads.get(0).file()).endsWith("list.yaml");
    assertThat(workloads.get(4).file()).endsWith("kinds.yaml");
  }

  @Test
  void skipsAWorkloadWithoutAPodSpec() {
    assertThat(Manifests.read(List.of(write(dir, """
        kind: Deployment
        metadata: { name: api }
        spec:
          replicas: 5
        """)))).isEmpty();
  }

  @Test
  void badYamlNamesTheFileAndLine() {
    Path file = write(dir, """
        kind: Deployment
        metadata:
          name: api
        spec: [unclosed
        """);

    assertThatThrownBy(() -> Manifests.read(List.of(file)))
        .isInstanceOf(LintException.class)
        .hasMessageStartingWith(file + ":5: not valid YAML: ");
  }

  @Test
  void aMissingFileIsNamed() {
    Path file = dir.resolve("absent.yaml");

    assertThatThrownBy(() -> Manifests.read(List.of(file)))
        .isInstanceOf(LintException.class)
        .hasMessage(file + ": no such file");
  }

  @Test
  void aDocumentThatIsNotAMappingIsRefused() {
    Path file = write(dir, """
        kind: Service
        ---
        - kind: Deployment
        """);

    assertThatThrownBy(() -> Manifests.read(List.of(file)))
        .isInstanceOf(LintException.class)
        .hasMessage(file + ":3: expected a Kubernetes object (a mapping), found a list");
  }

  @Test
  void aContainerWithoutANameIsRefused() {
    Path file = write(dir, deployment("""
        - image: api:1.0
        """));

    assertThatThrownBy(() -> Manifests.read(List.of(file)))
        .isInstanceOf(LintException.class)
        .hasMessage(file + ":9: a container without a name in Deployment/api");
  }

  @Test
  void aProbeWithoutAHandlerIsRefused() {
    Path file = write(dir, deployment("""
        - name: api
          readinessProbe:
            periodSeconds: 5
        """));

    assertThatThrownBy(() -> Manifests.read(List.of(file)))
        .isInstanceOf(LintException.class)
        .hasMessage(file + ":10: readinessProbe has no handler (httpGet, tcpSocket, grpc or exec)");
  }

  @Test
  void aNumberThatIsNotWholeIsRefused() {
    Path file = write(dir, deployment("""
        - name: api
          readinessProbe:
            httpGet: { path: /ready, port: 8080 }
            periodSeconds: ten
        """));

    assertThatThrownBy(() -> Manifests.read(List.of(file)))
        .isInstanceOf(LintException.class)
        .hasMessage(file + ":12: periodSeconds must be a whole number, got 'ten'");
  }
}
