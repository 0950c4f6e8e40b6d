package dev.vitals;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A thousand checks: every one gets a verdict, thread use stays bounded, answers stay whole. */
class ManyChecksTest {

  @Test
  void aThousandChecksAllGetVerdictsOnABoundedPool() {
    int threadsBefore = Thread.activeCount();
    long heapBefore = usedHeapAfterGc();
    long started = System.nanoTime();
    Vitals.Builder builder = Vitals.builder().shutdownHook(false);
    for (int i = 0; i < 1000; i++) {
      builder.check(HealthCheck.builder("check-" + i, Result::pass)
          .componentType("component").interval(Duration.ofSeconds(30)));
    }
    try (Vitals vitals = builder.build()) {
      vitals.markStarted();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (vitals.status(Probe.READINESS) != Status.PASS && System.nanoTime() < deadline) {
        Thread.onSpinWait(); // until the background runs have all reported
      }
      long allVerdictsMillis = (System.nanoTime() - started) / 1_000_000;
      assertThat(vitals.status(Probe.READINESS)).isEqualTo(Status.PASS);
      assertThat(vitals.details().checks()).hasSize(1000).allMatch(e -> e.status() == Status.PASS);
      int threadsAdded = Thread.activeCount() - threadsBefore;
      assertThat(threadsAdded).as("check threads are capped at 32, plus scheduler and events")
          .isLessThanOrEqualTo(32 + 3);

      long probeStarted = System.nanoTime();
      for (int i = 0; i < 1000; i++) {
        vitals.status(Probe.READINESS);
      }
      long statusMicros = (System.nanoTime() - probeStarted) / 1000 / 1000;
      long detailStarted = System.nanoTime();
      byte[] json = HealthJson.write(vitals.details());
      long detailMillis = (System.nanoTime() - detailStarted) / 1_000_000;
      long heapMb = (usedHeapAfterGc() - heapBefore) / (1024 * 1024);
      // Figures for the record (issue 5), not assertions: speed is measured in benchmarks.
      System.out.printf("1000 checks: all verdicts %d ms after build; %d threads added; ~%d MB heap;"
              + " status(READINESS) %d us; detailed JSON %d KB in %d ms%n",
          allVerdictsMillis, threadsAdded, heapMb, statusMicros, json.length / 1024, detailMillis);
    }
  }

  private static long usedHeapAfterGc() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
