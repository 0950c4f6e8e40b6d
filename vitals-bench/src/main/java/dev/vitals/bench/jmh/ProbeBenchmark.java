package dev.vitals.bench.jmh;

import dev.vitals.HealthCheck;
import dev.vitals.HealthEndpoints;
import dev.vitals.HealthRequest;
import dev.vitals.HealthResponse;
import dev.vitals.Lifecycle;
import dev.vitals.Probe;
import dev.vitals.Result;
import dev.vitals.Status;
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
 * Answering a probe from verdicts: background checks that have all passed once, read by {@code
 * Vitals.status(READINESS)} (the engine alone) and by {@code HealthEndpoints.handle} for an
 * anonymous {@code GET /health/ready} (routing, auth decision, headers and body: everything but
 * the socket). Run with {@code -prof gc} for bytes allocated per answer.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
public class ProbeBenchmark {
  @Param({"1", "10", "100"})
  public int checks;

  private Vitals vitals;
  private HealthEndpoints endpoints;

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
    awaitReady(vitals);
    endpoints = HealthEndpoints.builder(vitals).build();
    HealthResponse answer = endpoints.handle(HealthRequest.get("/health/ready"));
    if (vitals.status(Probe.READINESS) != Status.PASS || answer.status() != 200) {
      throw new IllegalStateException("readiness does not pass: " + answer.status());
    }
  }

  static void awaitReady(Vitals vitals) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (vitals.lifecycle() != Lifecycle.READY) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("not ready after 30 s: " + vitals.lifecycle());
      }
      Thread.sleep(5);
    }
  }

  @TearDown
  public void tearDown() {
    vitals.close();
  }

  /** The engine's answer: the worst status among the readiness verdicts. */
  @Benchmark
  public Status status() {
    return vitals.status(Probe.READINESS);
  }

  /** The full anonymous HTTP answer, less the socket, request value included: what adapters do. */
  @Benchmark
  public HealthResponse handleReady() {
    return endpoints.handle(HealthRequest.get("/health/ready"));
  }
}
