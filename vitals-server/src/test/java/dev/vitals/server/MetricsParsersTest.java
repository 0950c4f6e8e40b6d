package dev.vitals.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.CheckMetrics;
import dev.vitals.HealthCheck;
import dev.vitals.HealthEndpoints;
import dev.vitals.Probe;
import dev.vitals.Result;
import dev.vitals.Vitals;
import dev.vitals.testing.Services;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /health/metrics} as real scrapers read it, over HTTP from a real {@link HealthServer}:
 * the 0.0.4 text through {@code promtool check metrics} (Prometheus' own parser and its naming
 * lint), and both formats through the Python client's parsers, the OpenMetrics one being strict.
 * The tests assert on what the parsers read, not only that they read it.
 *
 * <p>The engine: a failing critical check whose output holds quotes, line breaks, a bearer
 * token, a password and a host; a failing non-critical one; one that times out; a liveness
 * check in two probes; a startup check. Their names use every character a check name may have
 * ({@code A-Z a-z 0-9 . _ -}, 64 at most, rule 12), none of which needs escaping in a label
 * value, so they must come back exactly as registered; {@code MetricsTextTest} covers the
 * escaping of the characters names cannot hold.
 *
 * <p>promtool (Debian package {@code prometheus}) and the Python client ({@code
 * python3-prometheus-client}, run by Debian's {@code /usr/bin/python3}) are installed by {@code
 * scripts/tools.sh}; a test whose tool is missing skips, and fails under {@code CI=true}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetricsParsersTest {
  private static final String TOKEN = "metrics-token-0123456789";
  private static final String FAILING = "db.primary-1";
  private static final String NON_CRITICAL = "Cache_2";
  private static final String TIMING_OUT = "9-slow.dependency";
  private static final String LIVENESS = "deadlock";
  private static final String STARTUP = "schema";
  private static final String LONGEST = "a" + "b-._9".repeat(12) + "xyz"; // 64 characters
  private static final List<String> NAMES =
      List.of(FAILING, NON_CRITICAL, TIMING_OUT, LIVENESS, STARTUP, LONGEST);
  private static final String SECRET_OUTPUT = "refused: \"db.internal:5432\"\nAuthorization: Bearer"
      + " eyJhbGciOi.abc.def password=hunter2 \\ at org.postgresql.Driver";
  /** What Prometheus 2.5 and later send, and what Prometheus before that sent. */
  private static final String PROMETHEUS_ACCEPT = "application/openmetrics-text;version=1.0.0,"
      + "application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";
  private static final String OLD_PROMETHEUS_ACCEPT = "text/plain;version=0.0.4;q=1,*/*;q=0.1";

  private Vitals vitals;
  private HealthServer server;
  private String openMetrics;
  private String text;
  @TempDir Path dir;

  @BeforeAll
  void scrape() throws Exception {
    vitals = Vitals.builder().shutdownHook(false)
        .check(HealthCheck.builder(FAILING, () -> Result.fail(SECRET_OUTPUT))
            .componentId("db.internal:5432").interval(Duration.ofHours(1)))
        .check(HealthCheck.builder(NON_CRITICAL, () -> {
          throw new IllegalStateException("token=s3cr3t-value \"quoted\"\nsecond line");
        }).critical(false).interval(Duration.ofHours(1)))
        .check(HealthCheck.builder(TIMING_OUT, () -> {
          Thread.sleep(60_000); // interrupted at the deadline
          return Result.pass();
        }).timeout(Duration.ofMillis(200)).interval(Duration.ofHours(1)))
        .check(HealthCheck.builder(LIVENESS, Result::pass)
            .probes(Probe.READINESS, Probe.LIVENESS).interval(Duration.ofHours(1)))
        .check(HealthCheck.builder(STARTUP, Result::pass).startup().interval(Duration.ofHours(1)))
        .check(HealthCheck.builder(LONGEST, () -> Result.warn("slow \"x\"")).interval(Duration.ofHours(1)))
        .build();
    vitals.markStarted();
    awaitEveryVerdict();
    server = HealthServer.builder(HealthEndpoints.builder(vitals).bearerToken(TOKEN).build())
        .host("127.0.0.1").port(0).stopGrace(Duration.ZERO).start();
    openMetrics = fetch(PROMETHEUS_ACCEPT, "application/openmetrics-text; version=1.0.0; charset=utf-8");
    text = fetch(OLD_PROMETHEUS_ACCEPT, "text/plain; version=0.0.4; charset=utf-8");
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
    if (vitals != null) {
      vitals.close();
    }
  }

  /** Until every check has a verdict and the slow one has timed out once. */
  private void awaitEveryVerdict() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!vitals.metrics().checks().stream().allMatch(c -> c.status() != null)
        || metricsOf(TIMING_OUT).timeouts() < 1) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no verdict from every check within 30 s");
      }
      Thread.sleep(10);
    }
  }

  private CheckMetrics metricsOf(String name) {
    return vitals.metrics().checks().stream()
        .filter(c -> c.check().name().equals(name)).findFirst().orElseThrow();
  }

  private String fetch(String accept, String contentType)
      throws IOException, InterruptedException, URISyntaxException {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(new URI("http://127.0.0.1:" + server.port() + "/health/metrics"))
            .header("Authorization", "Bearer " + TOKEN).header("Accept", accept).build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue(contentType);
    return response.body();
  }

  // -------------------------------------------------------------------------------------------
  // promtool

  @Test
  void promtoolAcceptsTheTextFormatWithoutALintProblem() throws Exception {
    Path promtool = Services.requireBinary("promtool", "prometheus");
    Path file = write("metrics.txt", text);
    Run run = run(file, promtool.toString(), "check", "metrics");
    // Parse errors and lint problems (names, units, counters without _total, missing HELP) are
    // printed and make the exit status non-zero; none is acceptable here.
    assertThat(run.exit).as("promtool check metrics:\n%s", run.output).isZero();
    assertThat(run.output).as("promtool's findings").isBlank();
  }

  // -------------------------------------------------------------------------------------------
  // The Python client's parsers

  @Test
  void theStrictOpenMetricsParserReadsEverySeries() throws Exception {
    Parsed parsed = parse("openmetrics", openMetrics);
    assertThat(parsed.families.keySet()).containsExactly(
        "vitals_check_status", "vitals_check_duration_seconds", "vitals_check_timeout_seconds",
        "vitals_check_timeouts", "vitals_check_stale_readings", "vitals_check_transitions",
        "vitals_check_verdict_age_seconds", "vitals_probe_status", "vitals_lifecycle_state");
    assertThat(parsed.families.get("vitals_check_timeouts")).containsExactly("counter", "");
    assertThat(parsed.families.get("vitals_check_duration_seconds"))
        .containsExactly("histogram", "seconds");
    assertThat(parsed.families.get("vitals_check_verdict_age_seconds"))
        .containsExactly("gauge", "seconds");
    assertThat(parsed.families.get("vitals_check_timeout_seconds")).containsExactly("gauge", "seconds");
    assertThat(parsed.families.get("vitals_lifecycle_state")).containsExactly("gauge", "");
    assertTheValues(parsed);
  }

  @Test
  void theTextFormatParserReadsTheSameSeries() throws Exception {
    Parsed parsed = parse("text", text);
    // The 0.0.4 parser names a counter's family without _total, as OpenMetrics does.
    assertThat(parsed.families.keySet()).contains("vitals_check_timeouts", "vitals_probe_status");
    assertThat(parsed.families.get("vitals_check_transitions")).containsExactly("counter", "");
    assertThat(parsed.families.get("vitals_check_duration_seconds")).containsExactly("histogram", "");
    assertTheValues(parsed);

    // Sample for sample, the two formats say the same (ages move between the two fetches).
    Parsed om = parse("openmetrics", openMetrics);
    assertThat(withoutAges(parsed.samples)).isEqualTo(withoutAges(om.samples));
  }

  /** What both formats must say about this engine. */
  private void assertTheValues(Parsed parsed) {
    // Names round-trip exactly, each with its probes and criticality.
    assertThat(parsed.labelValues("vitals_check_status", "check")).containsExactlyElementsOf(NAMES);
    assertThat(parsed.value("vitals_check_status", FAILING, "status", "fail")).isEqualTo(1);
    assertThat(parsed.value("vitals_check_status", FAILING, "status", "pass")).isEqualTo(0);
    assertThat(parsed.value("vitals_check_status", NON_CRITICAL, "status", "fail")).isEqualTo(1);
    assertThat(parsed.value("vitals_check_status", TIMING_OUT, "status", "fail")).isEqualTo(1);
    assertThat(parsed.value("vitals_check_status", LIVENESS, "status", "pass")).isEqualTo(1);
    assertThat(parsed.value("vitals_check_status", LONGEST, "status", "warn")).isEqualTo(1);
    assertThat(parsed.labels("vitals_check_status", NON_CRITICAL, "status", "fail"))
        .containsEntry("critical", "false").containsEntry("probes", "readiness");
    assertThat(parsed.labels("vitals_check_status", FAILING, "status", "fail"))
        .containsEntry("critical", "true");
    assertThat(parsed.labels("vitals_check_status", LIVENESS, "status", "pass"))
        .containsEntry("probes", "liveness,readiness");
    assertThat(parsed.labels("vitals_check_status", STARTUP, "status", "pass"))
        .containsEntry("probes", "startup");

    // The timeout: counted once, timed at its deadline, the deadline itself a gauge.
    assertThat(parsed.value("vitals_check_timeouts_total", TIMING_OUT)).isEqualTo(1);
    assertThat(parsed.value("vitals_check_timeouts_total", FAILING)).isEqualTo(0);
    assertThat(parsed.value("vitals_check_timeout_seconds", TIMING_OUT)).isEqualTo(0.2);
    assertThat(parsed.value("vitals_check_timeout_seconds", FAILING)).isEqualTo(1);
    assertThat(parsed.value("vitals_check_duration_seconds_count", TIMING_OUT)).isEqualTo(1);
    assertThat(parsed.value("vitals_check_duration_seconds_bucket", TIMING_OUT, "le", "0.1"))
        .isEqualTo(0);
    assertThat(parsed.value("vitals_check_duration_seconds_bucket", TIMING_OUT, "le", "10.0"))
        .isEqualTo(1);
    assertThat(parsed.value("vitals_check_duration_seconds_sum", TIMING_OUT))
        .isBetween(0.2, 10.0); // at its deadline, or later when the timer thread is late
    for (String name : NAMES) {
      assertThat(parsed.value("vitals_check_duration_seconds_bucket", name, "le", "+Inf"))
          .as("+Inf bucket of %s", name)
          .isEqualTo(parsed.value("vitals_check_duration_seconds_count", name));
      assertThat(parsed.value("vitals_check_transitions_total", name)).isEqualTo(0);
      assertThat(parsed.value("vitals_check_verdict_age_seconds", name)).isBetween(0.0, 60.0);
    }

    // Probes and lifecycle: the failing critical check fails readiness; liveness passes.
    assertThat(parsed.value("vitals_probe_status", null, "probe", "readiness", "status", "fail"))
        .isEqualTo(1);
    assertThat(parsed.value("vitals_probe_status", null, "probe", "liveness", "status", "pass"))
        .isEqualTo(1);
    assertThat(parsed.value("vitals_probe_status", null, "probe", "startup", "status", "pass"))
        .isEqualTo(1);
    assertThat(parsed.value("vitals_lifecycle_state", null, "state", "not_ready")).isEqualTo(1);
    assertThat(parsed.samples.keySet().stream().filter(k -> k.startsWith("vitals_lifecycle_state")))
        .hasSize(6);

    // No output, exception text, secret or host anywhere: in names, labels, values or HELP.
    String everything = String.join("\n", parsed.lines);
    for (String secret : new String[] {"refused", "hunter2", "eyJhbGciOi", "Bearer", "s3cr3t",
        "db.internal", "quoted", "second line", "IllegalStateException", "postgresql",
        "timed out", "slow \""}) {
      assertThat(everything).as("parsed series").doesNotContain(secret);
    }
  }

  // -------------------------------------------------------------------------------------------
  // Running the tools

  private Parsed parse(String format, String metricsText) throws Exception {
    Path python = Services.requirePythonModule(
        "prometheus_client.openmetrics.parser", "python3-prometheus-client");
    Path script = dir.resolve("parse-metrics.py");
    try (var in = getClass().getResourceAsStream("parse-metrics.py")) {
      Files.write(script, in.readAllBytes());
    }
    Path file = write("metrics-" + format, metricsText);
    Run run = run(null, python.toString(), script.toString(), format, file.toString());
    assertThat(run.exit).as("%s parser:\n%s", format, run.output).isZero();
    System.out.println("--- " + format + " as the Python client parsed it\n" + run.output);
    return new Parsed(run.output);
  }

  private Path write(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
  }

  private record Run(int exit, String output) {}

  /** Runs a program to its end (at most 60 s), stdin from {@code input} when given. */
  private static Run run(Path input, String... command) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    if (input != null) {
      builder.redirectInput(input.toFile());
    }
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(String.join(" ", command) + " did not end within 60 s");
    }
    return new Run(process.exitValue(), output);
  }

  private static Map<String, Double> withoutAges(Map<String, Double> samples) {
    return samples.entrySet().stream()
        .filter(e -> !e.getKey().startsWith("vitals_check_verdict_age_seconds"))
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new));
  }

  /** The parse-metrics.py output: families (type, unit) and samples keyed by name and labels. */
  private static final class Parsed {
    final List<String> lines;
    final Map<String, List<String>> families = new LinkedHashMap<>();
    /** {@code name{label=value,...}} (labels sorted, values as parsed) to the value. */
    final Map<String, Double> samples = new LinkedHashMap<>();
    final Map<String, Map<String, String>> labelsByKey = new LinkedHashMap<>();

    Parsed(String output) {
      this.lines = output.lines().toList();
      for (String line : lines) {
        List<String> cells = new ArrayList<>();
        for (String cell : line.split("\t", -1)) {
          cells.add(unescape(cell));
        }
        if (cells.get(0).equals("family")) {
          families.put(cells.get(1), List.of(cells.get(2), cells.get(3)));
        } else if (cells.get(0).equals("sample")) {
          Map<String, String> labels = new TreeMap<>();
          for (int i = 3; i + 1 < cells.size(); i += 2) {
            labels.put(cells.get(i), cells.get(i + 1));
          }
          String key = cells.get(1) + labels;
          if (samples.put(key, number(cells.get(2))) != null) {
            throw new AssertionError("one series twice: " + key);
          }
          labelsByKey.put(key, labels);
        }
      }
    }

    private static double number(String repr) {
      return switch (repr) {
        case "nan" -> Double.NaN;
        case "inf" -> Double.POSITIVE_INFINITY;
        default -> Double.parseDouble(repr);
      };
    }

    private static String unescape(String cell) {
      StringBuilder out = new StringBuilder(cell.length());
      for (int i = 0; i < cell.length(); i++) {
        char c = cell.charAt(i);
        if (c == '\\' && i + 1 < cell.length()) {
          char next = cell.charAt(++i);
          out.append(next == 't' ? '\t' : next == 'n' ? '\n' : next);
        } else {
          out.append(c);
        }
      }
      return out.toString();
    }

    /** The one sample of {@code name} for {@code check} (null: none) with {@code more} labels. */
    private String key(String name, String check, String... more) {
      List<String> found = new ArrayList<>();
      for (Map.Entry<String, Map<String, String>> e : labelsByKey.entrySet()) {
        Map<String, String> labels = e.getValue();
        boolean match = e.getKey().startsWith(name + "{")
            && (check == null ? !labels.containsKey("check") : check.equals(labels.get("check")));
        for (int i = 0; match && i < more.length; i += 2) {
          match = more[i + 1].equals(labels.get(more[i]));
        }
        if (match) {
          found.add(e.getKey());
        }
      }
      assertThat(found).as("samples of %s for %s %s", name, check, List.of(more)).hasSize(1);
      return found.get(0);
    }

    double value(String name, String check, String... more) {
      return samples.get(key(name, check, more));
    }

    Map<String, String> labels(String name, String check, String... more) {
      return labelsByKey.get(key(name, check, more));
    }

    List<String> labelValues(String name, String label) {
      List<String> values = new ArrayList<>();
      for (Map.Entry<String, Map<String, String>> e : labelsByKey.entrySet()) {
        String value = e.getValue().get(label);
        if (e.getKey().startsWith(name + "{") && value != null && !values.contains(value)) {
          values.add(value);
        }
      }
      return values;
    }
  }
}
