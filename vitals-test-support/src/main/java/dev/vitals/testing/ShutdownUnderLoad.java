package dev.vitals.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Two instances of a notes service behind a client-side balancer that, like a load balancer,
 * sends traffic only to instances whose readiness passed at its last poll (every 100 ms). The
 * first gets SIGTERM while requests flow: not one request may fail, and it exits 143 after its
 * drain delay and within its shutdown timeout. The examples' shared proof of rule 9.
 */
public final class ShutdownUnderLoad {
  private static final int CLIENTS = 4;

  private ShutdownUnderLoad() {}

  /**
   * Runs the scenario on {@code a} (signalled) and {@code b}, both ready, serving {@code GET} and
   * {@code POST /notes}; {@code drainDelay} and {@code shutdownTimeout} are a's settings.
   */
  public static void assertSigtermLosesNoRequest(
      JvmProcess a, JvmProcess b, Duration drainDelay, Duration shutdownTimeout) throws Exception {
    List<JvmProcess> instances = List.of(a, b);
    AtomicIntegerArray ready = new AtomicIntegerArray(new int[] {1, 1});
    AtomicIntegerArray served = new AtomicIntegerArray(2);
    AtomicBoolean running = new AtomicBoolean(true);
    ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    AtomicInteger next = new AtomicInteger();
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    CountDownLatch flowing = new CountDownLatch(200);

    Thread poller = new Thread(() -> {
      while (running.get()) {
        for (int i = 0; i < 2; i++) {
          ready.set(i, instances.get(i).status("/health/ready") == 200 ? 1 : 0);
        }
        try {
          Thread.sleep(100); // the balancer's polling period
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "balancer-poller");
    List<Thread> clients = new ArrayList<>();
    for (int c = 0; c < CLIENTS; c++) {
      clients.add(new Thread(() -> {
        int n = 0;
        while (running.get()) {
          int pick = next.getAndIncrement() % 2;
          if (ready.get(pick) == 0) {
            pick = 1 - pick;
          }
          if (ready.get(pick) == 0) {
            continue; // nothing ready: a balancer would answer 503 itself; not counted here
          }
          // Two reads for every write, like a real notes client.
          HttpRequest.Builder request = HttpRequest
              .newBuilder(URI.create("http://127.0.0.1:" + instances.get(pick).port() + "/notes"))
              .timeout(Duration.ofSeconds(10));
          if (n++ % 3 == 0) {
            request.POST(HttpRequest.BodyPublishers.ofString("note " + n));
          }
          try {
            HttpResponse<Void> response =
                client.send(request.build(), HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() / 100 != 2) {
              failures.add("instance " + pick + ": HTTP " + response.statusCode());
            } else {
              served.incrementAndGet(pick);
            }
          } catch (Exception e) {
            failures.add("instance " + pick + ": " + e);
          }
          flowing.countDown();
        }
      }, "client-" + c));
    }
    poller.start();
    clients.forEach(Thread::start);
    try {
      assertThat(flowing.await(30, TimeUnit.SECONDS)).isTrue();
      int servedByABefore = served.get(0);
      long signalled = System.nanoTime();
      a.sigterm();
      assertThat(a.waitForExit(Duration.ofSeconds(20))).as("instance a exits").isTrue();
      long exitedAfterMillis = (System.nanoTime() - signalled) / 1_000_000;
      int servedAfterExit = served.get(1);
      // Keep the traffic going a little after the exit: b alone takes it.
      while (served.get(1) < servedAfterExit + 100) {
        Thread.onSpinWait();
      }
      running.set(false);
      for (Thread thread : clients) {
        thread.join(15_000);
      }
      poller.join(5_000);

      assertThat(failures).as("failed requests").isEmpty();
      assertThat(servedByABefore).isPositive();
      assertThat(served.get(0)).as("a served requests until it drained")
          .isGreaterThanOrEqualTo(servedByABefore);
      assertThat(exitedAfterMillis).as("exit within drain delay + shutdown timeout")
          .isBetween(drainDelay.toMillis(), drainDelay.plus(shutdownTimeout).toMillis());
      assertThat(a.exitValue()).isEqualTo(143);
      System.out.printf(
          "shutdown under load: served a=%d b=%d, failed=%d, a exited %d ms after SIGTERM%n",
          served.get(0), served.get(1), failures.size(), exitedAfterMillis);
    } finally {
      running.set(false);
    }
  }
}
