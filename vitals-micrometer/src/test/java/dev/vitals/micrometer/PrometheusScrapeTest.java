package dev.vitals.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vitals.CheckMetrics;
import dev.vitals.HealthCheck;
import dev.vitals.HealthMetrics;
import dev.vitals.Probe;
import dev.vitals.Result;
import dev.vitals.Vitals;
import dev.vitals.micrometer.VitalsMetricsTest.Heard;
import dev.vitals.testing.FakeClock;
import dev.vitals.testing.Services;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What Spring Boot's {@code /actuator/prometheus} shows: the text of a PrometheusMeterRegistry,
 * held against the series table of {@code docs/metrics.md}.
 */
class PrometheusScrapeTest {
  private static final String DATABASE = "check=\"database\",critical=\"true\",probes=\"readiness\"";
  private static final String CACHE =
      "check=\"cache\",critical=\"false\",probes=\"liveness,readiness\"";
  private static final String QUEUE = "check=\"queue\",critical=\"true\",probes=\"liveness\"";

  private final FakeClock clock = new FakeClock();
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private Vitals vitals;
  private String scrape;

  /**
   * Three checks: database passes in 4 ms; cache (non-critical) passed, then fails in 30 ms;
   * queue, on demand, has never run. One execution of each of the first two after bindTo.
   */
  @BeforeEach
  void scrape() throws InterruptedException {
    AtomicReference<Result> cache = new AtomicReference<>(Result.pass());
    Heard beforeBinding = new Heard();
    vitals = Vitals.builder().ticker(clock).scheduler(clock).shutdownHook(false)
        .executor(Runnable::run)
        .listener(beforeBinding)
        .check(HealthCheck.builder("database", () -> {
          clock.advance(Duration.ofMillis(4));
          return Result.pass();
        }).interval(Duration.ofSeconds(5)).timeout(Duration.ofMillis(250)))
        .check(HealthCheck.builder("cache", () -> {
          clock.advance(Duration.ofMillis(30));
          return cache.get();
        }).interval(Duration.ofSeconds(5)).critical(false)
            .probes(Probe.READINESS, Probe.LIVENESS))
        .check(HealthCheck.builder("queue", Result::pass).onDemand(Duration.ofSeconds(1))
            .liveness())
        .build();
    vitals.markStarted();
    beforeBinding.await(2);
    new VitalsMetrics(vitals).bindTo(registry);
    Heard heard = new Heard();
    vitals.addListener(heard);
    cache.set(Result.fail("refused"));
    clock.advance(Duration.ofSeconds(5));
    heard.await(2);
    scrape = registry.scrape();
  }

  @AfterEach
  void close() {
    vitals.close();
  }

  @Test
  void theSeriesAreExactlyThoseOfTheTableInDocsMetrics() throws IOException {
    Map<String, String> table = seriesTable(); // Prometheus name -> type
    assertThat(table).hasSize(9).containsEntry("vitals_check_timeouts_total", "counter");

    Map<String, String> scraped = new LinkedHashMap<>();
    for (String line : scrape.split("\n")) {
      if (line.startsWith("# TYPE ")) {
        String[] words = line.split(" ");
        scraped.put(words[2], words[3]);
      }
    }
    Map<String, String> expected = new LinkedHashMap<>(table);
    // Micrometer's own gauge of the longest recent execution, which docs/metrics.md mentions.
    expected.put("vitals_check_duration_seconds_max", "gauge");
    assertThat(scraped).containsExactlyInAnyOrderEntriesOf(expected);

    Set<String> sampleNames = new TreeSet<>();
    for (String sample : samples()) {
      sampleNames.add(sample.substring(0, sample.indexOf('{')));
    }
    assertThat(sampleNames).containsExactlyInAnyOrder(
        "vitals_check_status", "vitals_check_duration_seconds_bucket",
        "vitals_check_duration_seconds_count", "vitals_check_duration_seconds_sum",
        "vitals_check_duration_seconds_max", "vitals_check_timeout_seconds",
        "vitals_check_timeouts_total", "vitals_check_stale_readings_total",
        "vitals_check_transitions_total", "vitals_check_verdict_age_seconds",
        "vitals_probe_status", "vitals_lifecycle_state");
    // Per check: 3 status, 13 buckets + Inf, count, sum, max, timeout, 3 counters, age: 25.
    assertThat(samples()).hasSize(3 * 25 + 9 + 6);
  }

  @Test
  void everyValueIsTheEngines() {
    assertThat(samples()).contains(
        "vitals_check_status{" + DATABASE + ",status=\"pass\"} 1.0",
        "vitals_check_status{" + DATABASE + ",status=\"warn\"} 0.0",
        "vitals_check_status{" + DATABASE + ",status=\"fail\"} 0.0",
        "vitals_check_status{" + CACHE + ",status=\"pass\"} 0.0",
        "vitals_check_status{" + CACHE + ",status=\"fail\"} 1.0",
        "vitals_check_timeout_seconds{" + DATABASE + "} 0.25",
        "vitals_check_timeout_seconds{" + CACHE + "} 1.0",
        "vitals_check_transitions_total{" + CACHE + "} 1.0",
        "vitals_check_transitions_total{" + DATABASE + "} 0.0",
        "vitals_check_timeouts_total{" + DATABASE + "} 0.0",
        "vitals_check_stale_readings_total{" + DATABASE + "} 0.0",
        "vitals_check_duration_seconds_count{" + DATABASE + "} 1",
        "vitals_check_duration_seconds_sum{" + DATABASE + "} 0.004",
        "vitals_check_duration_seconds_count{" + CACHE + "} 1",
        "vitals_check_duration_seconds_sum{" + CACHE + "} 0.03",
        "vitals_probe_status{probe=\"readiness\",status=\"warn\"} 1.0", // cache only warns
        "vitals_probe_status{probe=\"readiness\",status=\"fail\"} 0.0",
        "vitals_probe_status{probe=\"liveness\",status=\"warn\"} 1.0", // + queue never checked
        "vitals_probe_status{probe=\"startup\",status=\"pass\"} 1.0",
        "vitals_lifecycle_state{state=\"ready\"} 1.0",
        "vitals_lifecycle_state{state=\"starting\"} 0.0");
    for (CheckMetrics check : vitals.metrics().checks()) {
      String name = check.check().name();
      if (!name.equals("queue")) {
        assertThat(value("vitals_check_verdict_age_seconds", name))
            .isCloseTo(check.verdictAgeSeconds(), within(1e-9));
      }
    }
  }

  @Test
  void aCheckNeverRunHasEveryStatusAtZeroAndNoAge() {
    assertThat(samples()).contains(
        "vitals_check_status{" + QUEUE + ",status=\"pass\"} 0.0",
        "vitals_check_status{" + QUEUE + ",status=\"warn\"} 0.0",
        "vitals_check_status{" + QUEUE + ",status=\"fail\"} 0.0",
        "vitals_check_verdict_age_seconds{" + QUEUE + "} NaN",
        "vitals_check_duration_seconds_count{" + QUEUE + "} 0");
  }

  @Test
  void theBucketsAreTheEnginesBounds() {
    List<Double> bounds = new ArrayList<>();
    List<Long> database = buckets(DATABASE, bounds);
    List<String> infinity = new ArrayList<>();
    for (String sample : samples()) {
      if (sample.startsWith("vitals_check_duration_seconds_bucket{" + DATABASE + ",le=\"+Inf\"}")) {
        infinity.add(sample);
      }
    }

    assertThat(bounds).isEqualTo(HealthMetrics.durationBuckets());
    assertThat(infinity).containsExactly(
        "vitals_check_duration_seconds_bucket{" + DATABASE + ",le=\"+Inf\"} 1");
    // 4 ms: in every bucket from 5 ms up.
    assertThat(database).containsExactly(0L, 0L, 1L, 1L, 1L, 1L, 1L, 1L, 1L, 1L, 1L, 1L, 1L);
    // 30 ms: from 50 ms up.
    assertThat(buckets(CACHE, new ArrayList<>()))
        .containsExactly(0L, 0L, 0L, 0L, 0L, 1L, 1L, 1L, 1L, 1L, 1L, 1L, 1L);
    assertThat(registry.get("vitals.check.duration").tag("check", "database").timer()
        .max(TimeUnit.SECONDS)).isEqualTo(0.004);
  }

  @Test
  void openMetricsHasTheSameSamples() {
    String openMetrics =
        registry.scrape("application/openmetrics-text; version=1.0.0; charset=utf-8");
    List<String> samples = new ArrayList<>();
    for (String line : openMetrics.split("\n")) {
      if (!line.startsWith("#") && !line.isEmpty()) {
        samples.add(line);
      }
    }
    assertThat(openMetrics).endsWith("# EOF\n").contains("# TYPE vitals_check_timeouts counter");
    assertThat(samples).containsExactlyInAnyOrderElementsOf(samples());
  }

  @Test
  void promtoolFindsNothingToLint() throws IOException, InterruptedException {
    Path promtool = Services.requireBinary("promtool", "prometheus");
    Process process = new ProcessBuilder(promtool.toString(), "check", "metrics")
        .redirectErrorStream(true)
        .start();
    process.getOutputStream().write(scrape.getBytes(StandardCharsets.UTF_8));
    process.getOutputStream().close();
    String said = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();

    assertThat(said).isEmpty();
    assertThat(process.exitValue()).isZero();
  }

  /** The Prometheus names and types of the series table in docs/metrics.md. */
  private static Map<String, String> seriesTable() throws IOException {
    Path doc = Path.of("..", "docs", "metrics.md");
    Pattern row = Pattern.compile("^\\| `(vitals_[a-z_]+)` \\| `(vitals\\.[a-z.]+)` \\| (\\w+) \\|");
    Map<String, String> table = new LinkedHashMap<>();
    for (String line : Files.readAllLines(doc)) {
      Matcher m = row.matcher(line);
      if (m.find()) {
        table.put(m.group(1), m.group(3));
      }
    }
    return table;
  }

  /** The scrape's sample lines, without comments. */
  private List<String> samples() {
    List<String> samples = new ArrayList<>();
    for (String line : scrape.split("\n")) {
      if (!line.startsWith("#") && !line.isEmpty()) {
        samples.add(line);
      }
    }
    return samples;
  }

  /** The value of a per-check gauge of one check. */
  private double value(String series, String check) {
    String prefix = series + "{check=\"" + check + "\",";
    for (String sample : samples()) {
      if (sample.startsWith(prefix)) {
        return Double.parseDouble(sample.substring(sample.lastIndexOf(' ') + 1));
      }
    }
    throw new AssertionError("no " + prefix + " in " + scrape);
  }

  /** The finite buckets' counts of one check, in order; their bounds are added to bounds. */
  private List<Long> buckets(String labels, List<Double> bounds) {
    Pattern bucket = Pattern.compile(
        "^vitals_check_duration_seconds_bucket\\{" + Pattern.quote(labels)
            + ",le=\"([0-9.]+)\"} (\\d+)$");
    List<Long> counts = new ArrayList<>();
    for (String sample : samples()) {
      Matcher m = bucket.matcher(sample);
      if (m.matches()) {
        bounds.add(Double.parseDouble(m.group(1)));
        counts.add(Long.parseLong(m.group(2)));
      }
    }
    return counts;
  }
}
