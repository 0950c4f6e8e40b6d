package dev.vitals.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.vitals.testing.Services;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alert rules and the Grafana dashboard in {@code docs/observability} hold together: promtool
 * accepts the rules and passes their unit tests, every alert has a test where it fires and one
 * where it stays quiet, the dashboard is JSON on a templated data source whose queries are PromQL,
 * and the rules, their tests and the dashboard name only the series of {@code docs/metrics.md}.
 *
 * <p>The tests that run promtool (Debian package {@code prometheus}, installed by {@code
 * scripts/tools.sh}) skip without it, and fail without it under {@code CI=true}; the others
 * always run. They live here because {@code vitals-server} serves {@code /health/metrics}.
 */
class ObservabilityRulesTest {
  private static final Path ROOT = repositoryRoot();
  private static final Path DIR = ROOT.resolve("docs/observability");
  private static final Path RULES = DIR.resolve("vitals-alerts.yml");
  private static final Path RULE_TESTS = DIR.resolve("vitals-alerts.test.yml");
  private static final Path DASHBOARD = DIR.resolve("vitals-dashboard.json");
  private static final Path TABLE = ROOT.resolve("docs/metrics.md");

  /** A series name starting a word: not "vitals-check-1", not the "Vitals" of alert names. */
  private static final Pattern SERIES = Pattern.compile("(?<![A-Za-z0-9_])vitals_[a-z_]+");

  /** An alert_rule_test entry that expects alerts (rather than none: "exp_alerts: []"). */
  private static final Pattern FIRING = Pattern.compile("exp_alerts:\\s*\\n\\s*- exp_labels:");

  @Test
  void promtoolAcceptsTheRules() {
    Path promtool = Services.requireBinary("promtool", "prometheus");
    Run run = run(promtool.toString(), "check", "rules", RULES.toString());
    assertSucceeded(run);
    assertThat(run.output()).contains("SUCCESS");
  }

  @Test
  void rulesPassTheirUnitTests() {
    Path promtool = Services.requireBinary("promtool", "prometheus");
    Run run = run(promtool.toString(), "test", "rules", RULE_TESTS.toString());
    assertSucceeded(run);
    assertThat(run.output()).contains("SUCCESS");
  }

  @Test
  void everyAlertHasATestWhereItFiresAndOneWhereItStaysQuiet() throws IOException {
    Set<String> alerts = matches(Pattern.compile("(?m)^\\s*- alert:\\s*(\\S+)"), read(RULES));
    assertThat(alerts).as("alerts in %s", RULES).isNotEmpty();
    Set<String> firing = new TreeSet<>();
    Set<String> quiet = new TreeSet<>();
    // One alert_rule_test entry per "- eval_time:"; exp_alerts empty or left out expects none.
    for (String entry : read(RULE_TESTS).split("- eval_time:")) {
      Matcher name = Pattern.compile("alertname:\\s*(\\S+)").matcher(entry);
      if (name.find()) {
        (FIRING.matcher(entry).find() ? firing : quiet).add(name.group(1));
      }
    }
    assertThat(firing).as("alerts with a test where they fire").containsAll(alerts);
    assertThat(quiet).as("alerts with a test where they stay quiet").containsAll(alerts);
  }

  @Test
  void dashboardIsJsonOnATemplatedDataSourceWithVariablesForJobInstanceAndCheck()
      throws IOException {
    Map<?, ?> dashboard = (Map<?, ?>) Json.parse(read(DASHBOARD));
    assertThat(((Number) dashboard.get("schemaVersion")).intValue()).isGreaterThanOrEqualTo(36);
    Map<String, Object> variables = new LinkedHashMap<>();
    for (Object v : (List<?>) ((Map<?, ?>) dashboard.get("templating")).get("list")) {
      variables.put((String) ((Map<?, ?>) v).get("name"), ((Map<?, ?>) v).get("type"));
    }
    assertThat(variables).containsEntry("DS_PROMETHEUS", "datasource")
        .containsEntry("job", "query").containsEntry("instance", "query")
        .containsEntry("check", "query");
    List<Map<?, ?>> panels = panels(dashboard);
    assertThat(panels).isNotEmpty();
    for (Map<?, ?> panel : panels) {
      assertThat(uid(panel)).as("data source of panel %s", panel.get("title"))
          .isEqualTo("${DS_PROMETHEUS}");
      List<?> targets = (List<?>) panel.get("targets");
      assertThat(targets).as("queries of panel %s", panel.get("title")).isNotEmpty();
      for (Object target : targets) {
        assertThat(uid((Map<?, ?>) target)).as("data source of a query of %s", panel.get("title"))
            .isEqualTo("${DS_PROMETHEUS}");
      }
    }
  }

  @Test
  void dashboardQueriesArePromql(@TempDir Path dir) throws IOException {
    Path promtool = Services.requireBinary("promtool", "prometheus");
    // promtool parses PromQL in rule files: each query, its Grafana variables replaced, becomes
    // a recording rule.
    StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
    List<String> queries = queries((Map<?, ?>) Json.parse(read(DASHBOARD)));
    for (int i = 0; i < queries.size(); i++) {
      String promql = queries.get(i)
          .replaceAll("\\$__(rate_interval|interval|range)\\b", "5m")
          .replaceAll("\\$\\w+", ".*");
      rules.append("      - record: dashboard_query_").append(i).append('\n')
          .append("        expr: \"").append(promql.replace("\\", "\\\\").replace("\"", "\\\"")
              .replace("\n", "\\n")).append("\"\n");
    }
    Path file = Files.writeString(dir.resolve("dashboard-queries.yml"), rules);
    Run run = run(promtool.toString(), "check", "rules", file.toString());
    assertSucceeded(run);
    assertThat(run.output()).contains("SUCCESS: " + queries.size() + " rules found");
  }

  @Test
  void rulesTheirTestsAndTheDashboardQueryOnlyTheSeriesOfTheTable() throws IOException {
    Set<String> series = tableSeries(false);
    assertThat(series).as("series of the table in %s", TABLE)
        .contains("vitals_check_status", "vitals_check_duration_seconds_bucket")
        .doesNotContain("vitals_check_duration_seconds");
    // The rules and their tests are checked whole, comments and annotations too.
    for (Path file : List.of(RULES, RULE_TESTS)) {
      String name = ROOT.relativize(file).toString();
      assertThat(series).as("series of docs/metrics.md, against those in %s", name)
          .containsAll(seriesNamed(name, read(file)));
    }
    String queries = String.join("\n", queries((Map<?, ?>) Json.parse(read(DASHBOARD))));
    assertThat(series).as("series of docs/metrics.md, against those the dashboard queries")
        .containsAll(seriesNamed("the dashboard's queries", queries));
    // Its titles and descriptions may name a histogram as the table does.
    assertThat(tableSeries(true)).as("names of docs/metrics.md, against those in the dashboard")
        .containsAll(seriesNamed("the dashboard", read(DASHBOARD)));
  }

  private static Set<String> seriesNamed(String where, String text) {
    Set<String> named = new TreeSet<>();
    Matcher m = SERIES.matcher(text);
    while (m.find()) {
      named.add(m.group());
    }
    assertThat(named).as("series names in %s", where).isNotEmpty();
    return named;
  }

  @Test
  void jsonParserRejectsWhatIsNotJson() {
    assertThat(Json.parse(" {\"a\": [1, -2.5e3, \"x\\u00e9\\n\", true, null], \"b\": {}} "))
        .isEqualTo(Json.parse("{\"a\":[1,-2500,\"x\u00e9\\n\",true,null],\"b\":{}}"));
    for (String bad : List.of("{\"a\": 1,}", "[1, 2,]", "{\"a\": 1} x", "{a: 1}", "[01]", "'x'",
        "{\"a\": 1, \"a\": 2}", "\"tab\there\"", "[1 2]", "")) {
      assertThatThrownBy(() -> Json.parse(bad)).as("%s", bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  /**
   * The first column of the series table, where a histogram's name stands for its series
   * _bucket, _count and _sum; with {@code histogramNames}, that name itself too.
   */
  private static Set<String> tableSeries(boolean histogramNames) throws IOException {
    Set<String> names = new TreeSet<>();
    Matcher row = Pattern.compile("(?m)^\\| `(vitals_[a-z_]+)` \\|[^|]*\\| (\\w+) \\|")
        .matcher(read(TABLE));
    while (row.find()) {
      if (row.group(2).equals("histogram")) {
        if (histogramNames) {
          names.add(row.group(1));
        }
        for (String suffix : List.of("_bucket", "_count", "_sum")) {
          names.add(row.group(1) + suffix);
        }
      } else {
        names.add(row.group(1));
      }
    }
    return names;
  }

  private static List<Map<?, ?>> panels(Map<?, ?> dashboard) {
    List<Map<?, ?>> panels = new ArrayList<>();
    for (Object p : (List<?>) dashboard.get("panels")) {
      Map<?, ?> panel = (Map<?, ?>) p;
      if ("row".equals(panel.get("type"))) {
        for (Object nested : (List<?>) panel.get("panels")) {
          panels.add((Map<?, ?>) nested);
        }
      } else {
        panels.add(panel);
      }
    }
    return panels;
  }

  private static List<String> queries(Map<?, ?> dashboard) {
    List<String> queries = new ArrayList<>();
    for (Map<?, ?> panel : panels(dashboard)) {
      for (Object target : (List<?>) panel.get("targets")) {
        queries.add((String) ((Map<?, ?>) target).get("expr"));
      }
    }
    return queries;
  }

  private static Object uid(Map<?, ?> withDataSource) {
    Object ds = withDataSource.get("datasource");
    return ds instanceof Map<?, ?> map ? map.get("uid") : ds;
  }

  private static Set<String> matches(Pattern pattern, String text) {
    Set<String> found = new TreeSet<>();
    Matcher m = pattern.matcher(text);
    while (m.find()) {
      found.add(m.group(1));
    }
    return found;
  }

  private static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }

  private record Run(List<String> command, int exitCode, String output) {}

  /** Runs a program in the repository root; stdout and stderr together, at most a minute. */
  private static Run run(String... command) {
    try {
      Path out = Files.createTempFile("promtool", ".out");
      try {
        Process process = new ProcessBuilder(command).directory(ROOT.toFile())
            .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          fail("%s did not end within 60 s; it wrote:%n%s", List.of(command),
              Files.readString(out));
        }
        return new Run(List.of(command), process.exitValue(), Files.readString(out));
      } finally {
        Files.deleteIfExists(out);
      }
    } catch (IOException e) {
      throw new AssertionError("cannot run " + List.of(command), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted running " + List.of(command), e);
    }
  }

  private static void assertSucceeded(Run run) {
    assertThat(run.exitCode())
        .withFailMessage("%s exited with %d; it wrote:%n%s",
            run.command(), run.exitCode(), run.output())
        .isZero();
  }

  /**
   * The directory holding docs/metrics.md and docs/observability: surefire runs in the module's
   * directory, one below it, but a test run from the root (an IDE) finds it too.
   */
  private static Path repositoryRoot() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("docs/metrics.md"))
          && Files.isDirectory(dir.resolve("docs/observability"))) {
        return dir;
      }
    }
    throw new IllegalStateException("no docs/metrics.md and docs/observability above "
        + Path.of("").toAbsolutePath());
  }

  /**
   * A strict JSON parser (RFC 8259) for the dashboard: objects become maps, arrays lists, numbers
   * doubles; anything else, trailing commas and text after the value included, is an error
   * naming the offset. The tests have no JSON library, and a check needing no program never skips.
   */
  static final class Json {
    private final String text;
    private int at;

    private Json(String text) {
      this.text = text;
    }

    static Object parse(String text) {
      Json json = new Json(text);
      Object value = json.value();
      json.space();
      if (json.at != text.length()) {
        throw json.error("text after the value");
      }
      return value;
    }

    private Object value() {
      space();
      if (at >= text.length()) {
        throw error("end of text where a value was expected");
      }
      return switch (text.charAt(at)) {
        case '{' -> object();
        case '[' -> array();
        case '"' -> string();
        case 't' -> literal("true", Boolean.TRUE);
        case 'f' -> literal("false", Boolean.FALSE);
        case 'n' -> literal("null", null);
        default -> number();
      };
    }

    private Map<String, Object> object() {
      Map<String, Object> object = new LinkedHashMap<>();
      at++;
      space();
      if (peek('}')) {
        return object;
      }
      do {
        space();
        if (at >= text.length() || text.charAt(at) != '"') {
          throw error("a member name was expected");
        }
        String name = string();
        space();
        expect(':');
        if (object.containsKey(name)) {
          throw error("duplicate member " + name);
        }
        object.put(name, value());
        space();
      } while (peek(','));
      expect('}');
      return object;
    }

    private List<Object> array() {
      List<Object> array = new ArrayList<>();
      at++;
      space();
      if (peek(']')) {
        return array;
      }
      do {
        array.add(value());
        space();
      } while (peek(','));
      expect(']');
      return array;
    }

    private String string() {
      StringBuilder s = new StringBuilder();
      at++;
      while (true) {
        if (at >= text.length()) {
          throw error("unterminated string");
        }
        char c = text.charAt(at++);
        if (c == '"') {
          return s.toString();
        } else if (c < 0x20) {
          throw error("control character in a string");
        } else if (c != '\\') {
          s.append(c);
        } else if (at >= text.length()) {
          throw error("unterminated escape");
        } else {
          char e = text.charAt(at++);
          switch (e) {
            case '"', '\\', '/' -> s.append(e);
            case 'b' -> s.append('\b');
            case 'f' -> s.append('\f');
            case 'n' -> s.append('\n');
            case 'r' -> s.append('\r');
            case 't' -> s.append('\t');
            case 'u' -> {
              if (at + 4 > text.length() || !text.substring(at, at + 4).matches("[0-9A-Fa-f]{4}")) {
                throw error("bad \\u escape");
              }
              s.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
              at += 4;
            }
            default -> throw error("bad escape \\" + e);
          }
        }
      }
    }

    private Object literal(String word, Object value) {
      if (!text.startsWith(word, at)) {
        throw error("unexpected text");
      }
      at += word.length();
      return value;
    }

    private Double number() {
      Matcher m = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?")
          .matcher(text).region(at, text.length());
      if (!m.lookingAt()) {
        throw error("unexpected character '" + text.charAt(at) + "'");
      }
      at = m.end();
      return Double.valueOf(m.group());
    }

    private void space() {
      while (at < text.length() && " \t\r\n".indexOf(text.charAt(at)) >= 0) {
        at++;
      }
    }

    private boolean peek(char c) {
      if (at < text.length() && text.charAt(at) == c) {
        at++;
        return true;
      }
      return false;
    }

    private void expect(char c) {
      if (!peek(c)) {
        throw error("'" + c + "' expected");
      }
    }

    private IllegalArgumentException error(String what) {
      return new IllegalArgumentException("JSON: " + what + " at offset " + at);
    }
  }
}
