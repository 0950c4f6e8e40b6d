import dev.vitals.testing.TcpProxy;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs the soak (see soak.sh): the example jar behind flapping proxies in front of PostgreSQL
 * and Redis, probe load from 4 clients, samples every 5 s, a summary at the end.
 */
public class SoakDriver {
  record Sample(long second, int threads, int fds, long rssKb, long heapKb) {}

  public static void main(String[] args) throws Exception {
    int minutes = Integer.parseInt(args[0]);
    String jar = args[1];
    try (TcpProxy postgres = new TcpProxy("127.0.0.1", 5432); TcpProxy redis = new TcpProxy("127.0.0.1", 6379)) {
      int port;
      try (var socket = new java.net.ServerSocket(0)) {
        port = socket.getLocalPort();
      }
      Path log = Files.createTempFile("soak-example", ".log");
      ProcessBuilder builder = new ProcessBuilder("java", "-Xmx256m", "-jar", jar);
      builder.environment().put("PORT", Integer.toString(port));
      builder.environment().put("DATABASE_URL", "jdbc:postgresql://127.0.0.1:" + postgres.port() + "/test?user=postgres");
      builder.environment().put("REDIS_URL", "redis://127.0.0.1:" + redis.port());
      builder.environment().put("VITALS_CHECK_INTERVAL", "1s");
      builder.environment().put("VITALS_CHECK_TIMEOUT", "500ms");
      builder.redirectErrorStream(true).redirectOutput(log.toFile());
      Process app = builder.start();
      long pid = app.pid();
      HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
      String ready = "http://127.0.0.1:" + port + "/health/ready";
      long startWait = System.nanoTime();
      while (true) {
        try {
          if (client.send(HttpRequest.newBuilder(URI.create(ready)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
            break;
          }
        } catch (IOException notYet) {
          // starting
        }
        if (System.nanoTime() - startWait > Duration.ofSeconds(60).toNanos()) {
          throw new IllegalStateException("example not ready within 60 s; see " + log);
        }
        Thread.sleep(200);
      }
      System.out.printf("soak: %d min, example pid %d on port %d, log %s%n", minutes, pid, port, log);

      AtomicBoolean running = new AtomicBoolean(true);
      Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
      ConcurrentLinkedQueue<Long> latencyMicros = new ConcurrentLinkedQueue<>();
      List<Thread> threads = new ArrayList<>();
      for (int c = 0; c < 4; c++) {
        String path = c % 2 == 0 ? "/health/ready" : "/health/live";
        threads.add(started(() -> {
          HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
              .timeout(Duration.ofSeconds(5)).build();
          while (running.get()) {
            long asked = System.nanoTime();
            int status;
            try {
              status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (Exception e) {
              status = -1;
            }
            latencyMicros.add((System.nanoTime() - asked) / 1000);
            statuses.merge(status, 1, Integer::sum);
            try {
              Thread.sleep(5);
            } catch (InterruptedException e) {
              return;
            }
          }
        }));
      }
      // The dependencies flap: up, hung (frozen) or refused for 200-800 ms at a time, and now
      // and then hang for 3 s, longer than a check's timeout plus interval.
      threads.add(started(() -> {
        Random random = new Random(7);
        while (running.get()) {
          TcpProxy target = random.nextBoolean() ? postgres : redis;
          int mode = random.nextInt(10);
          try {
            if (mode < 2) {
              target.freeze();
              Thread.sleep(mode == 0 ? 3000 : 200 + random.nextInt(600));
              target.thaw();
            } else if (mode < 4) {
              target.refuse();
              Thread.sleep(200 + random.nextInt(600));
              target.accept();
            } else {
              Thread.sleep(200 + random.nextInt(600));
            }
          } catch (InterruptedException e) {
            return;
          }
        }
      }));

      List<Sample> samples = new ArrayList<>();
      long end = System.nanoTime() + Duration.ofMinutes(minutes).toNanos();
      long began = System.nanoTime();
      while (System.nanoTime() < end && app.isAlive()) {
        samples.add(sample(pid, (System.nanoTime() - began) / 1_000_000_000L));
        Sample last = samples.get(samples.size() - 1);
        System.out.printf("t=%4ds threads=%d fds=%d rss=%d MB heap-after-gc=%d MB probes=%d%n",
            last.second(), last.threads(), last.fds(), last.rssKb() / 1024, last.heapKb() / 1024,
            latencyMicros.size());
        Thread.sleep(5000);
      }
      running.set(false);
      for (Thread thread : threads) {
        thread.join(10_000);
      }
      postgres.thaw();
      postgres.accept();
      redis.thaw();
      redis.accept();
      summarize(samples, statuses, new ArrayList<>(latencyMicros));
      app.destroy();
      app.waitFor();
    }
  }

  static Thread started(Runnable body) {
    Thread thread = new Thread(body);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  static Sample sample(long pid, long second) throws Exception {
    Map<String, String> status = new TreeMap<>();
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        status.put(line.substring(0, colon), line.substring(colon + 1).strip());
      }
    }
    int threads = Integer.parseInt(status.get("Threads"));
    long rss = Long.parseLong(status.get("VmRSS").replace(" kB", ""));
    int fds;
    try (var list = Files.list(Path.of("/proc/" + pid + "/fd"))) {
      fds = (int) list.count();
    }
    return new Sample(second, threads, fds, rss, heapAfterGc(pid));
  }

  /** Runs a full GC in the target and reads the heap it left in use, in KB. */
  static long heapAfterGc(long pid) throws Exception {
    run("jcmd", Long.toString(pid), "GC.run");
    String info = run("jcmd", Long.toString(pid), "GC.heap_info");
    var matcher = java.util.regex.Pattern.compile("used (\\d+)K").matcher(info);
    return matcher.find() ? Long.parseLong(matcher.group(1)) : -1;
  }

  static String run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes());
    process.waitFor();
    return out;
  }

  static void summarize(List<Sample> samples, Map<Integer, Integer> statuses, List<Long> latencies) {
    // The first minute is warm-up (class loading, JIT, pools filling); flatness is judged after.
    List<Sample> steady = samples.stream().filter(s -> s.second() >= 60).toList();
    if (steady.isEmpty()) {
      steady = samples;
    }
    Collections.sort(latencies);
    System.out.println();
    System.out.println("== soak summary ==");
    System.out.printf("samples: %d (steady state from 60 s: %d)%n", samples.size(), steady.size());
    System.out.printf("threads        min %d max %d%n", min(steady, Sample::threads), max(steady, Sample::threads));
    System.out.printf("fds            min %d max %d%n", min(steady, Sample::fds), max(steady, Sample::fds));
    System.out.printf("rss MB         min %d max %d%n", min(steady, s -> (int) (s.rssKb() / 1024)), max(steady, s -> (int) (s.rssKb() / 1024)));
    System.out.printf("heap after GC MB min %d max %d (first %d, last %d)%n",
        min(steady, s -> (int) (s.heapKb() / 1024)), max(steady, s -> (int) (s.heapKb() / 1024)),
        steady.get(0).heapKb() / 1024, steady.get(steady.size() - 1).heapKb() / 1024);
    System.out.printf("probes: %d, by status %s (-1 = no answer)%n", latencies.size(), new TreeMap<>(statuses));
    if (!latencies.isEmpty()) {
      System.out.printf("answer time: p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms%n",
          latencies.get(latencies.size() / 2) / 1000.0, latencies.get((int) (latencies.size() * 0.99)) / 1000.0,
          latencies.get((int) (latencies.size() * 0.999)) / 1000.0, latencies.get(latencies.size() - 1) / 1000.0);
    }
  }

  static int min(List<Sample> samples, java.util.function.ToIntFunction<Sample> f) {
    return samples.stream().mapToInt(f).min().orElse(-1);
  }

  static int max(List<Sample> samples, java.util.function.ToIntFunction<Sample> f) {
    return samples.stream().mapToInt(f).max().orElse(-1);
  }
}
