package dev.vitals.bench.jmh;

import dev.vitals.HealthCheck;
import dev.vitals.HealthEndpoints;
import dev.vitals.HealthRequest;
import dev.vitals.HealthResponse;
import dev.vitals.Result;
import dev.vitals.Vitals;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A Prometheus scrape of {@code /health/metrics} with the bearer token, as Prometheus asks for
 * it (OpenMetrics) and as Prometheus before 2.5 did (text 0.0.4), through {@code
 * HealthEndpoints.handle}: authorisation, negotiation, every series of every check, headers and
 * body; everything but the socket. Background checks that all passed once. Run with {@code -prof
 * gc} for bytes allocated per scrape, which is mostly the body itself.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
public class MetricsBenchmark {
  private static final String TOKEN = "bench-token-0123456789";

  @Param({"10", "100"})
  public int checks;

  private Vitals vitals;
  private HealthEndpoints endpoints;
  private HealthRequest openMetrics;
  private HealthRequest text;

  @Setup
  public void setUp() throws InterruptedException {
    Vitals.Builder builder = Vitals.builder().shutdownHook(false);
    for (int i = 0; i < checks; i++) {
      builder.check(
          HealthCheck.builder("check-" + i, Result::pass)
              .timeout(Duration.ofSeconds(1))
              .interval(Duration.ofHours(1)));
    }
    vitals = builder.build();
    vitals.markStarted();
    ProbeBenchmark.awaitReady(vitals);
    endpoints = HealthEndpoints.builder(vitals).bearerToken(TOKEN).build();
    openMetrics = HealthRequest.builder("GET", "/health/metrics")
        .authorization("Bearer " + TOKEN)
        .accept("application/openmetrics-text;version=1.0.0,application/openmetrics-text;"
            + "version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1")
        .build();
    text = HealthRequest.builder("GET", "/health/metrics")
        .authorization("Bearer " + TOKEN)
        .accept("text/plain;version=0.0.4;q=1,*/*;q=0.1")
        .build();
    for (HealthRequest request : new HealthRequest[] {openMetrics, text}) {
      HealthResponse answer = endpoints.handle(request);
      if (answer.status() != 200) {
        throw new IllegalStateException("metrics answer " + answer.status());
      }
    }
  }

  @TearDown
  public void tearDown() {
    vitals.close();
  }

  /** The scrape Prometheus makes today: OpenMetrics. */
  @Benchmark
  public HealthResponse scrapeOpenMetrics() {
    return endpoints.handle(openMetrics);
  }

  /** The scrape of a Prometheus that asks for text 0.0.4 first. */
  @Benchmark
  public HealthResponse scrapeText() {
    return endpoints.handle(text);
  }
}
