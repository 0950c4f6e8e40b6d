package dev.vitals.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vitals.lint.Finding;
import dev.vitals.lint.Json;
import dev.vitals.lint.LintException;
import dev.vitals.lint.LintOptions;
import dev.vitals.lint.Location;
import dev.vitals.lint.Report;
import dev.vitals.lint.ReportWriter;
import dev.vitals.lint.Rule;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vitals lint}'s command line: what it parses into, its exit statuses, its output. */
class LintCommandTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
  private final PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
  private final Main main = new Main(outStream, errStream);

  @TempDir
  Path dir;

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  private static LintOptions parse(String... args) {
    return parse(Map.of(), args).options();
  }

  private static LintCommand.Parsed parse(Map<String, String> environment, String... args) {
    return LintCommand.parse(List.of(args), environment);
  }

  private Path manifest(String name) throws IOException {
    return Files.writeString(dir.resolve(name), "apiVersion: v1\nkind: Pod\n");
  }

  @Test
  void parsesABaseUrlAndEveryOption() {
    LintCommand.Parsed parsed = parse(Map.of(), "http://127.0.0.1:8080/", "--live", "/livez", "--ready=/readyz",
        "--startup", "/startupz", "--details", "/health", "--token", "s3cret", "--format", "sarif",
        "--concurrency", "5", "--timeout", "2s");
    LintOptions options = parsed.options();
    assertThat(parsed.format()).isEqualTo(ReportWriter.SARIF);
    assertThat(options.baseUrl()).isEqualTo(URI.create("http://127.0.0.1:8080"));
    assertThat(List.of(options.livePath(), options.readyPath(), options.startupPath(), options.detailsPath()))
        .containsExactly("/livez", "/readyz", "/startupz", "/health");
    assertThat(options.token()).isEqualTo("s3cret");
    assertThat(options.concurrency()).isEqualTo(5);
    assertThat(options.requestTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(options.manifests()).isEmpty();
    assertThat(options.run()).isNull();
  }

  @Test
  void leavesWhatIsNotGivenToLintOptionsDefaultsAndPrintsText() {
    LintCommand.Parsed parsed = parse(Map.of(), "https://notes.example");
    LintOptions defaults = LintOptions.builder().baseUrl("https://notes.example").build();
    assertThat(parsed.options()).isEqualTo(defaults);
    assertThat(parsed.format()).isEqualTo(ReportWriter.TEXT);
  }

  @Test
  void takesManifestsFromRepeatedK8sAndFromOperandsOnceK8sIsGiven() throws IOException {
    Path a = manifest("a.yaml");
    Path b = manifest("b.yaml");
    Path c = manifest("c.yaml");
    LintOptions options = parse("--k8s", a.toString(), b.toString(), "http://127.0.0.1:8080", "--k8s", c.toString());
    assertThat(options.manifests()).containsExactly(a, c, b); // --k8s values first, then operands
    assertThat(options.baseUrl()).isEqualTo(URI.create("http://127.0.0.1:8080"));
    assertThat(parse("--k8s", a.toString()).baseUrl()).isNull();
  }

  @Test
  void theTokenComesFromTheEnvironmentUnlessGiven() {
    Map<String, String> environment = Map.of(LintCommand.TOKEN_VARIABLE, "from-env");
    assertThat(parse(environment, "http://127.0.0.1:8080").options().token()).isEqualTo("from-env");
    assertThat(parse(environment, "http://127.0.0.1:8080", "--token", "given").options().token()).isEqualTo("given");
    assertThat(parse(Map.of(LintCommand.TOKEN_VARIABLE, ""), "http://127.0.0.1:8080").options().token()).isNull();
  }

  @Test
  void lifecycleModeTakesTheCommandThePortAndTheStartTimeout() {
    LintOptions options = parse("--run", "java -jar app.jar", "--port", "8081", "--start-timeout", "30s");
    assertThat(options.run()).isEqualTo("java -jar app.jar");
    assertThat(options.port()).isEqualTo(8081);
    assertThat(options.startTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(options.target()).isEqualTo(URI.create("http://127.0.0.1:8081"));
  }

  @Test
  void aCommandLineItCannotRunExitsTwoNamingWhatIsWrong() throws IOException {
    Path dir = this.dir; // a directory is no manifest
    String[][] lines = {
        {"http://127.0.0.1:8080", "--format", "xml"},
        {"--run", "java -jar app.jar"},
        {"--port", "8080", "http://127.0.0.1:8080"},
        {"--run", "./app", "--port", "8080", "http://127.0.0.1:8080"},
        {"http://127.0.0.1:8080", "--colour"},
        {},
        {"--format", "json"},
        {"--k8s", dir.resolve("missing.yaml").toString()},
        {"--k8s", dir.toString()},
        {"deploy.yaml"},
        {"http://127.0.0.1:8080", "https://127.0.0.1:8443"},
        {"http://127.0.0.1:8080", "--concurrency", "many"},
        {"http://127.0.0.1:8080", "--concurrency", "0"},
        {"http://127.0.0.1:8080", "--timeout", "5"},
        {"http://127.0.0.1:8080", "--live", "health/live"},
        {"http://", "--format", "json"},
    };
    for (String[] line : lines) {
      String[] args = new String[line.length + 1];
      args[0] = "lint";
      System.arraycopy(line, 0, args, 1, line.length);
      assertThat(main.run(args)).as(String.join(" ", args)).isEqualTo(2);
    }
    assertThat(out()).isEmpty();
    assertThat(err().lines().filter(l -> !l.startsWith("Try "))).containsExactly(
        "vitals lint: --format must be text, json or sarif, got 'xml'",
        "vitals lint: --run needs --port, the port the service listens on (1-65535)",
        "vitals lint: --port goes with --run",
        "vitals lint: give a BASE_URL or --run, not both (--run lints http://127.0.0.1:PORT)",
        "vitals lint: unknown option --colour",
        "vitals lint: give a base URL, --k8s manifests or --run, or several",
        "vitals lint: give a base URL, --k8s manifests or --run, or several",
        "vitals lint: cannot read manifest '" + dir.resolve("missing.yaml") + "': no such file",
        "vitals lint: cannot read manifest '" + dir + "'",
        "vitals lint: 'deploy.yaml' is not an http:// or https:// URL (give manifests with --k8s FILE)",
        "vitals lint: one base URL at a time, got 'http://127.0.0.1:8080' and 'https://127.0.0.1:8443'",
        "vitals lint: --concurrency must be a whole number, got 'many'",
        "vitals lint: --concurrency must be between 1 and 1000, got 0",
        "vitals lint: --timeout: expected a duration such as 500ms, 5s or 1m, got '5'",
        "vitals lint: --live must be a path starting with /, got 'health/live'",
        "vitals lint: bad base URL 'http://': Expected authority at index 7: http://");
  }

  @Test
  void parsingNeverRunsLint() {
    assertThatThrownBy(() -> new LintCommand(outStream, errStream, options -> {
      throw new AssertionError("ran");
    }).run(List.of("--format", "yaml", "http://127.0.0.1:8080"), Map.of())).isInstanceOf(Usage.class);
  }

  @Test
  void printsTheReportInTheChosenFormatAndExitsOneOnErrorsZeroOtherwise() {
    Report errors = new Report(List.of("http://127.0.0.1:8080"), List.of(
        Finding.of(Rule.REDIRECT, Location.url("http://127.0.0.1:8080/health/live", "GET"), "GET answered 302 to /login"),
        Finding.of(Rule.CACHE_CONTROL, Location.url("http://127.0.0.1:8080/health/live", "GET"), "no Cache-Control")),
        List.of("liveness found at /health/live"));
    AtomicReference<LintOptions> given = new AtomicReference<>();
    Function<LintOptions, Report> lint = options -> {
      given.set(options);
      return errors;
    };
    LintCommand command = new LintCommand(outStream, errStream, lint);

    assertThat(command.run(List.of("http://127.0.0.1:8080", "--format", "json"), Map.of())).isEqualTo(1);
    assertThat(given.get().baseUrl()).isEqualTo(URI.create("http://127.0.0.1:8080"));
    Map<String, Object> json = Json.object(out());
    assertThat(json).isNotNull().containsEntry("summary", Map.of("errors", 1, "warnings", 1, "notes", 0));
    out.reset();

    assertThat(command.run(List.of("http://127.0.0.1:8080", "--format", "sarif"), Map.of())).isEqualTo(1);
    assertThat(Json.object(out())).isNotNull().containsEntry("version", "2.1.0");
    out.reset();

    Report warningsOnly = new Report(errors.targets(), errors.findings().subList(1, 2), errors.notes());
    LintCommand clean = new LintCommand(outStream, errStream, options -> warningsOnly);
    assertThat(clean.run(List.of("http://127.0.0.1:8080"), Map.of())).isZero();
    assertThat(out()).startsWith("vitals lint: http://127.0.0.1:8080\n").endsWith("\n0 errors, 1 warning, 0 notes\n");
    assertThat(err()).isEmpty();
  }

  @Test
  void lintThatCannotRunExitsTwoWithItsMessage() {
    LintCommand unreachable = new LintCommand(outStream, errStream, options -> {
      throw new LintException("no answer from http://127.0.0.1:9 (connection refused)");
    });
    assertThat(unreachable.run(List.of("http://127.0.0.1:9"), Map.of())).isEqualTo(2);
    assertThat(err()).isEqualTo("vitals lint: no answer from http://127.0.0.1:9 (connection refused)\n");
    err.reset();

    LintCommand broken = new LintCommand(outStream, errStream, options -> {
      throw new IllegalStateException("bug");
    });
    assertThat(broken.run(List.of("http://127.0.0.1:9"), Map.of())).isEqualTo(2);
    assertThat(err()).startsWith("vitals lint: internal error: java.lang.IllegalStateException: bug\n");
    assertThat(out()).isEmpty();
  }

  @Test
  void helpIsTheManualPageAndTheMainPageListsLint() {
    assertThat(main.run("lint", "--help")).isZero();
    assertThat(out()).isEqualTo(Help.LINT)
        .contains("NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "EXIT STATUS", "EXAMPLES", "upload-sarif");
    out.reset();
    assertThat(main.run("help", "lint")).isZero();
    assertThat(out()).isEqualTo(Help.LINT);
    out.reset();
    assertThat(main.run("--help")).isZero();
    assertThat(out()).contains("vitals lint [BASE_URL] [--k8s FILE]...");
  }
}
