package dev.vitals.bench.jmh;

import dev.vitals.HealthCheck;
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
 * An on-demand round: a probe whose checks are all older than their TTL (zero here), so that it
 * runs every one of them on the check threads (single flight, deadline timers armed) and waits
 * for their verdicts. The checks themselves do nothing; what is measured is the engine's overhead
 * per round.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
public class OnDemandBenchmark {
  @Param({"10"})
  public int checks;

  private Vitals vitals;

  @Setup
  public void setUp() {
    Vitals.Builder builder = Vitals.builder().shutdownHook(false);
    for (int i = 0; i < checks; i++) {
      builder.check(
          HealthCheck.builder("check-" + i, Result::pass)
              .timeout(Duration.ofSeconds(1))
              .onDemand(Duration.ZERO));
    }
    vitals = builder.build();
    vitals.markStarted();
    if (vitals.status(Probe.READINESS) != Status.PASS) {
      throw new IllegalStateException("readiness does not pass");
    }
  }

  @TearDown
  public void tearDown() {
    vitals.close();
  }

  @Benchmark
  public Status round() {
    return vitals.status(Probe.READINESS);
  }
}
