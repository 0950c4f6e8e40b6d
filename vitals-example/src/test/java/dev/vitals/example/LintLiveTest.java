package dev.vitals.example;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.lint.Lint;
import dev.vitals.lint.LintOptions;
import dev.vitals.lint.Report;
import dev.vitals.lint.Severity;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code vitals lint} on the example as it runs in production: no error, with the token too. */
class LintLiveTest {
  private static final String TOKEN = "example-token-0123456789";

  @Test
  void exampleHasNoLintError() throws Exception {
    try (ExampleProcess app = new ExampleProcess(Map.of("VITALS_TOKEN", TOKEN)).awaitReady()) {
      Report report = Lint.run(LintOptions.builder()
          .baseUrl("http://127.0.0.1:" + app.port())
          .token(TOKEN)
          .build());

      assertThat(report.findings()).as("notes: %s", report.notes())
          .noneMatch(f -> f.severity() == Severity.ERROR);
    }
  }
}
