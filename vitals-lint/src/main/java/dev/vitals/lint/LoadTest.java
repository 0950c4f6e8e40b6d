package dev.vitals.lint;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ExecutionException;

/**
 * N probes sent at once (VL111, VL112): N threads wait at one latch, then each sends one GET as
 * the kubelet does. An answer that does not come within the request timeout counts as taking the
 * whole timeout, so a hung endpoint shows as slow, never as a hung lint.
 */
final class LoadTest {
  private LoadTest() {}

  /**
   * What a burst saw: the latencies, sorted; how many got no answer in time; the statuses of the
   * answers by count.
   */
  record Result(List<Duration> latencies, int unanswered, Map<Integer, Integer> statuses) {

    /** The {@code p}-th percentile by nearest rank ({@code p} in 0–100). */
    Duration percentile(double p) {
      int rank = (int) Math.ceil(p / 100 * latencies.size());
      return latencies.get(Math.max(0, rank - 1));
    }

    Duration max() {
      return latencies.get(latencies.size() - 1);
    }

    /**
     * What breaks VL111 for a probe whose timeout is {@code probeTimeout}, or null. A request with
     * no answer (timed out, or its connection failed) is a failed probe to the kubelet however fast
     * it failed, so its latency alone would hide it.
     */
    String problem(Duration probeTimeout) {
      if (unanswered > 0) {
        return "probes without an answer";
      }
      return percentile(99).compareTo(probeTimeout) > 0
          ? "p99 above the probe timeout of " + probeTimeout.toSeconds() + " s" : null;
    }
  }

  /** Sends {@code n} GETs to {@code uri} at once through {@code http}. */
  static Result burst(Http http, URI uri, int n) {
    ExecutorService threads = Executors.newFixedThreadPool(n, runnable -> {
      Thread thread = new Thread(runnable, "vitals-lint-load");
      thread.setDaemon(true);
      return thread;
    });
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Object>> sent = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        sent.add(threads.submit(() -> {
          start.await();
          long began = System.nanoTime();
          try {
            return http.probe(uri);
          } catch (HttpTimeoutException e) {
            return http.timeout();
          } catch (IOException e) {
            return Duration.ofNanos(System.nanoTime() - began);
          }
        }));
      }
      start.countDown();
      List<Duration> latencies = new ArrayList<>();
      Map<Integer, Integer> statuses = new TreeMap<>();
      int unanswered = 0;
      for (Future<Object> f : sent) {
        Object outcome = f.get();
        if (outcome instanceof Http.Answer answer) {
          latencies.add(answer.took());
          statuses.merge(answer.status(), 1, Integer::sum);
        } else {
          latencies.add((Duration) outcome);
          unanswered++;
        }
      }
      latencies.sort(null);
      return new Result(List.copyOf(latencies), unanswered, statuses);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LintException("interrupted during the load test", e);
    } catch (ExecutionException e) {
      throw new LintException("load test failed: " + e.getCause(), e.getCause());
    } finally {
      threads.shutdownNow();
    }
  }
}
