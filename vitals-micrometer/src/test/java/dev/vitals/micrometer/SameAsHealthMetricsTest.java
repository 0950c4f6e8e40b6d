package dev.vitals.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vitals.HealthCheck;
import dev.vitals.MetricsText;
import dev.vitals.Probe;
import dev.vitals.Result;
import dev.vitals.Vitals;
import dev.vitals.micrometer.VitalsMetricsTest.Heard;
import dev.vitals.testing.FakeClock;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The two paths of docs/metrics.md agree: a PrometheusMeterRegistry with the binder and {@code
 * /health/metrics} ({@link MetricsText}) write the same series with the same values and help
 * texts, when the binder was bound before the first execution.
 */
class SameAsHealthMetricsTest {
  private final FakeClock clock = new FakeClock();
  private final List<Runnable> queued = new CopyOnWriteArrayList<>();
  private Vitals vitals;

  @AfterEach
  void close() {
    vitals.close();
  }

  @Test
  void bothPathsWriteTheSameSamplesAndHelp() throws InterruptedException {
    AtomicReference<Result> cache = new AtomicReference<>(Result.pass());
    vitals = Vitals.builder().ticker(clock).scheduler(clock).shutdownHook(false)
        .executor(queued::add) // run by hand below, once the binder listens
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
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new VitalsMetrics(vitals).bindTo(registry);
    Heard heard = new Heard();
    vitals.addListener(heard);
    runQueued();
    cache.set(Result.fail("refused"));
    clock.advance(Duration.ofSeconds(5));
    runQueued();
    clock.advance(Duration.ofMillis(700));
    heard.await(4);

    String micrometer = registry.scrape();
    String health = new String(MetricsText.of(vitals).write(MetricsText.Format.PROMETHEUS),
        StandardCharsets.UTF_8);
    Map<String, Double> fromMicrometer = samples(micrometer);
    Map<String, Double> fromHealth = samples(health);

    // Micrometer's own decaying maximum is the one series /health/metrics does not write.
    fromMicrometer.keySet().removeIf(k -> k.startsWith("vitals_check_duration_seconds_max{"));
    assertThat(fromMicrometer.keySet()).containsExactlyElementsOf(fromHealth.keySet());
    assertThat(fromHealth).hasSize(3 * 24 + 9 + 6);
    for (Map.Entry<String, Double> sample : fromHealth.entrySet()) {
      Double value = fromMicrometer.get(sample.getKey());
      if (sample.getValue().isNaN()) {
        assertThat(value).as(sample.getKey()).isNaN();
      } else {
        assertThat(value).as(sample.getKey()).isCloseTo(sample.getValue(), within(1e-9));
      }
    }
    assertThat(fromHealth).containsEntry(
        "vitals_check_transitions_total{check=\"cache\",critical=\"false\","
            + "probes=\"liveness,readiness\"}", 1.0);

    Map<String, String> helpFromMicrometer = help(micrometer);
    helpFromMicrometer.remove("vitals_check_duration_seconds_max");
    assertThat(helpFromMicrometer).isEqualTo(help(health));
  }

  private void runQueued() {
    List<Runnable> now = new ArrayList<>(queued);
    queued.clear();
    now.forEach(Runnable::run);
  }

  /** Every sample, keyed by its name and its labels sorted by name, to its value. */
  private static Map<String, Double> samples(String text) {
    Map<String, Double> samples = new TreeMap<>();
    for (String line : text.split("\n")) {
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int open = line.indexOf('{');
      int close = line.lastIndexOf('}');
      // Label values here never hold a comma followed by a label name and '=': split on those.
      String[] labels = line.substring(open + 1, close).split(",(?=[a-z_]+=\")");
      Arrays.sort(labels);
      samples.put(line.substring(0, open) + "{" + String.join(",", labels) + "}",
          Double.parseDouble(line.substring(close + 2)));
    }
    return samples;
  }

  /** Each family's HELP text. */
  private static Map<String, String> help(String text) {
    Map<String, String> help = new TreeMap<>();
    for (String line : text.split("\n")) {
      if (line.startsWith("# HELP ")) {
        int space = line.indexOf(' ', 7);
        help.put(line.substring(7, space), line.substring(space + 1));
      }
    }
    return help;
  }
}
