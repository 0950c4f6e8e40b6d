package dev.vitals.example;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.lint.Finding;
import dev.vitals.lint.LifecycleLint;
import dev.vitals.lint.LintOptions;
import dev.vitals.lint.Rule;
import dev.vitals.lint.ServiceFacts;
import dev.vitals.testing.Services;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code vitals lint --run} on the example: lint starts it, sees startup gate readiness, lints it
 * live, sends SIGTERM and sees readiness fail while liveness passes through the drain, then the
 * exit, all within Kubernetes' defaults.
 */
class LintLifecycleTest {

  @Test
  void exampleStartedByLintBreaksNoLifecycleRule() {
    int port = Services.freePort();
    // The developer's environment must not leak in (as ExampleProcess does); not exec'd, so lint
    // must signal the shell's child.
    String command = "unset DATABASE_URL REDIS_URL VITALS_TOKEN MANAGEMENT_PORT; PORT=" + port
        + " VITALS_DRAIN_DELAY=1s " + quote(Path.of(System.getProperty("java.home"), "bin", "java").toString())
        + " -cp " + quote(System.getProperty("java.class.path")) + " " + NotesApp.class.getName();
    List<Finding> findings = new ArrayList<>();
    List<String> notes = new ArrayList<>();

    ServiceFacts facts = new LifecycleLint(LintOptions.builder().run(command, port).build(), List.of())
        .run(findings::add, notes::add);

    assertThat(findings).as("notes: %s", notes).noneMatch(f -> f.rule().kind() == Rule.Kind.LIFECYCLE);
    assertThat(notes).anySatisfy(n -> assertThat(n).startsWith("lifecycle endpoints: startup"
        + " /health/startup (found), readiness /health/ready (found), liveness /health/live (found)"));
    assertThat(facts.startupTime()).isPositive();
    assertThat(facts.readinessDrop()).isLessThan(Duration.ofSeconds(1));
    assertThat(facts.exitTime())
        .isGreaterThanOrEqualTo(Duration.ofSeconds(1)) // the drain delay
        .isLessThan(Duration.ofSeconds(30));
    assertThat(Services.listening("127.0.0.1", port, 1000)).as("stopped").isFalse();
  }

  private static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }
}
