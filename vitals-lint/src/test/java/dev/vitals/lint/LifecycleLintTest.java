package dev.vitals.lint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vitals.testing.Services;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Lifecycle mode against {@link LifecycleFixture} processes that lint starts itself: one that
 * breaks nothing, one per broken rule, and ones that cannot be linted at all.
 */
class LifecycleLintTest {
  private final int port = Services.freePort();

  /** What one lifecycle run reported. */
  private record Run(List<Finding> findings, List<String> notes, ServiceFacts facts) {
    List<String> lifecycleRules() {
      return findings.stream().filter(f -> f.rule().kind() == Rule.Kind.LIFECYCLE)
          .map(f -> f.rule().id()).toList();
    }

    String observed(Rule rule) {
      return findings.stream().filter(f -> f.rule() == rule).map(Finding::observed)
          .findFirst().orElseThrow();
    }
  }

  private Run lint(String command, List<Workload> workloads, Duration startTimeout) {
    LintOptions options = LintOptions.builder().run(command, port).startTimeout(startTimeout).build();
    List<Finding> findings = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    ServiceFacts facts = new LifecycleLint(options, workloads).run(findings::add, notes::add);
    notes.forEach(LifecycleLintTest::deleteLog);
    return new Run(findings, notes, facts);
  }

  /** Deletes the service's output file that {@code text} names, kept by lint for the user. */
  private static void deleteLog(String text) {
    Matcher log = Pattern.compile("/\\S+/vitals-lint-service-\\d+\\.log").matcher(text);
    if (log.find()) {
      try {
        Files.deleteIfExists(Path.of(log.group()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private Run lint(String command, List<Workload> workloads) {
    return lint(command, workloads, Duration.ofSeconds(60));
  }

  /** The fixture in {@code mode} on this test's port, as a shell command. */
  private String fixture(String mode) {
    return fixture("java", mode);
  }

  /** {@link #fixture(String)} with {@code java} as the command's name, e.g. {@code exec java}. */
  private String fixture(String java, String mode) {
    return "PORT=" + port + " " + java.replace("java",
            quote(Path.of(System.getProperty("java.home"), "bin", "java").toString()))
        + " -cp " + quote(System.getProperty("java.class.path")) + " " + LifecycleFixture.class.getName()
        + " " + mode;
  }

  private static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }

  /** A Deployment of the fixture: readiness every 2 s, a grace period of 3 s. */
  private static Workload deployment() {
    ProbeSpec readiness = new ProbeSpec("httpGet", "/health/ready", "http", "HTTP", List.of(),
        List.of(), 0, 2, 1, 3, 1, 12);
    return new Workload("fixture.yaml", 8, "Deployment", "fixture", "fixture", null, readiness, null,
        3, 0, Map.of(), Map.of());
  }

  private boolean listening() {
    return Services.listening("127.0.0.1", port, 1000);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "exec "})
  void serviceThatGatesReadinessAndDrainsHasNoLifecycleFinding(String exec) {
    // Debian's sh forks a command it is given, and execs one after "exec": either way the
    // fixture, not the shell, gets SIGTERM.
    Run run = lint(fixture(exec + "java", "drains"), List.of());

    assertThat(run.lifecycleRules()).as("%s", run.findings()).isEmpty();
    assertThat(run.facts().startupTime()).isPositive();
    assertThat(run.facts().readinessDrop()).isLessThan(Duration.ofSeconds(10));
    assertThat(run.facts().exitTime())
        .isGreaterThanOrEqualTo(Duration.ofMillis(300)) // the fixture's drain
        .isLessThan(Duration.ofSeconds(30));
    assertThat(run.notes()).anySatisfy(n -> assertThat(n).startsWith("lifecycle endpoints: startup"
        + " /health/startup (found), readiness /health/ready (found), liveness /health/live (found)"));
    assertThat(run.notes()).anySatisfy(n -> assertThat(n).matches("SIGTERM to pid \\d+ \\(java\\) after .*:"
        + " readiness 503 after .*, liveness 2xx throughout, exited after .* with status 143"));
    assertThat(listening()).isFalse();
  }

  @Test
  void readinessPassingBeforeStartupIsVl301() {
    Run run = lint(fixture("ready-before-started"), List.of());

    assertThat(run.lifecycleRules()).containsExactly("VL301");
    assertThat(run.observed(Rule.READY_BEFORE_STARTED))
        .matches("readiness answered 200 .* after the start, and startup still answered 503 at .*");
    assertThat(run.findings().get(0).location().uri()).isEqualTo("http://127.0.0.1:" + port + "/health/ready");
  }

  @Test
  void serverThatStopsAtSigtermHasNoDrain() {
    Run run = lint(fixture("no-drain"), List.of(deployment()));

    assertThat(run.lifecycleRules()).containsExactly("VL302");
    assertThat(run.observed(Rule.SIGTERM_READINESS))
        .startsWith("readiness never answered a failure after SIGTERM");
    assertThat(run.facts().exitTime()).isLessThan(Duration.ofSeconds(3));
    assertThat(run.notes()).anySatisfy(n -> assertThat(n).startsWith("the started service's output: "));
  }

  @Test
  void serviceThatIgnoresSigtermIsKilledAtTheEndOfTheGracePeriod() {
    Run run = lint(fixture("ignores-sigterm"), List.of(deployment()));

    assertThat(run.lifecycleRules()).containsExactlyInAnyOrder("VL302", "VL303");
    assertThat(run.observed(Rule.SIGTERM_READINESS)).startsWith("readiness still answered 200 ")
        .endsWith(" after SIGTERM, its last answer: it never turned");
    assertThat(run.observed(Rule.SIGTERM_EXIT)).startsWith("still running 3.")
        .endsWith(" after SIGTERM, at the end of the grace period (3.00 s): lint killed it with"
            + " SIGKILL, as the kubelet would");
    assertThat(run.facts().readinessDrop()).isNull();
    assertThat(run.facts().exitTime()).isNull();
    assertThat(run.notes()).contains("shutdown: readiness period 2.00 s, grace period after SIGTERM"
        + " 3.00 s (from the manifests)");
    assertThat(listening()).as("killed").isFalse();
  }

  @Test
  void serviceThatExitsBeforeListeningCannotBeLinted() {
    assertThatThrownBy(() -> lint(fixture("exits"), List.of()))
        .isInstanceOf(LintException.class)
        .hasMessageStartingWith("the service exited with status 3 while lint waited for port " + port
            + " to accept connections; its last output (all of it in ")
        .hasMessageEndingWith("):\n  fixture: cannot start: no database")
        .satisfies(e -> deleteLog(e.getMessage()));
  }

  @Test
  void serviceThatNeverListensIsKilledAtTheStartTimeout() {
    // "; true" keeps the shell from exec'ing sleep: lint must kill the shell's child too.
    String marker = Long.toString(100_000 + port);
    assertThatThrownBy(() -> lint("sleep " + marker + "; true", List.of(), Duration.ofSeconds(1)))
        .isInstanceOf(LintException.class)
        .hasMessageStartingWith("lint waited 1.00 s (the start timeout) for port " + port
            + " to accept connections; it printed nothing (")
        .satisfies(e -> deleteLog(e.getMessage()));
    assertThat(ProcessHandle.allProcesses()
        .filter(p -> p.info().arguments().map(a -> List.of(a).contains(marker)).orElse(false))
        .filter(ProcessHandle::isAlive))
        .isEmpty();
  }

  @Test
  void portThatAlreadyAcceptsConnectionsIsRefused() throws IOException {
    try (ServerSocket other = new ServerSocket()) {
      other.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));

      assertThatThrownBy(() -> lint(fixture("drains"), List.of()))
          .isInstanceOf(LintException.class)
          .hasMessage("port " + port + " already accepts connections before lint has started"
              + " anything: lint would probe that process; stop it or choose another --port");
    }
  }
}
