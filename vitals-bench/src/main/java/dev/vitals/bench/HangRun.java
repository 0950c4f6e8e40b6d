package dev.vitals.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/**
 * One hung-dependency scenario against one running service: probe load on {@code /health/ready}
 * from several keep-alive clients, a freeze of one proxy for a while, a thaw, and what the
 * service answered meanwhile, with its threads and RSS sampled from {@code /proc/PID/status}.
 *
 * <pre>
 * java -cp benchmarks.jar dev.vitals.bench.HangRun url=http://127.0.0.1:18080/health/ready pid=123
 *     control=19999 proxy=pg-vitals pre=3 freeze=20 post=15 clients=16 periodMs=100
 *     clientTimeout=60 budgetMs=1050 prefix=hang.vitals.pg.
 * </pre>
 *
 * <p>Prints {@code key=value} lines (each key prefixed): probes sent while frozen, how many were
 * answered within the budget, their answer times, the time from the freeze to the first 503 (and
 * to the first moment a probe sent after the freeze failed as a prober whose timeout is the
 * budget sees it: not a 200, or no answer within the budget) and from the thaw to the first 200, and threads and RSS before, during (max) and after.
 *
 * <p>Optional: {@code traffic=URL} sends API traffic meanwhile ({@code trafficClients} clients,
 * default 4, each a GET every {@code trafficPeriodMs}, default 50, client timeout
 * {@code trafficTimeout} s, default 5), and prints how it was answered before, during and after
 * the freeze; {@code count=NAME,NAME} reads those proxies' counters at the start, the freeze, the
 * thaw and the end, and prints the requests and connections of each phase with the probes sent
 * in it.
 */
public final class HangRun {
  private HangRun() {}

  /** One probe: when it was sent and answered (nanos since start), and its status (0: none). */
  record Probe(long sent, long answered, int status) {}

  record Sample(long at, int threads, long rssKb) {}

  public static void main(String[] args) throws Exception {
    Map<String, String> a = new HashMap<>();
    for (String arg : args) {
      String[] kv = arg.split("=", 2);
      a.put(kv[0], kv[1]);
    }
    URI url = URI.create(a.get("url"));
    long pid = Long.parseLong(a.get("pid"));
    int control = Integer.parseInt(a.get("control"));
    String proxy = a.get("proxy");
    long pre = seconds(a.getOrDefault("pre", "3"));
    long freeze = seconds(a.getOrDefault("freeze", "20"));
    long post = seconds(a.getOrDefault("post", "15"));
    int clients = Integer.parseInt(a.getOrDefault("clients", "16"));
    long periodNanos = Long.parseLong(a.getOrDefault("periodMs", "100")) * 1_000_000L;
    Duration clientTimeout = Duration.ofSeconds(Long.parseLong(a.getOrDefault("clientTimeout", "60")));
    long budgetNanos = Long.parseLong(a.getOrDefault("budgetMs", "1050")) * 1_000_000L;
    String prefix = a.getOrDefault("prefix", "");
    List<String> counted =
        a.containsKey("count") ? List.of(a.get("count").split(",")) : List.of();
    URI trafficUrl = a.containsKey("traffic") ? URI.create(a.get("traffic")) : null;
    int trafficClients = Integer.parseInt(a.getOrDefault("trafficClients", "4"));
    long trafficPeriodNanos = Long.parseLong(a.getOrDefault("trafficPeriodMs", "50")) * 1_000_000L;
    Duration trafficTimeout =
        Duration.ofSeconds(Long.parseLong(a.getOrDefault("trafficTimeout", "5")));

    // Attach once now, so that the JVM's attach listener thread exists before the first sample.
    List<String> namesBefore = threadNames(pid);
    long start = System.nanoTime();
    long freezeAt = pre;
    long thawAt = pre + freeze;
    long end = pre + freeze + post;

    List<Probe> probes = Collections.synchronizedList(new ArrayList<>());
    long[] inFlightSince = new long[clients];
    java.util.Arrays.fill(inFlightSince, -1);
    List<Sample> samples = Collections.synchronizedList(new ArrayList<>());
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    HttpRequest request = HttpRequest.newBuilder(url).timeout(clientTimeout).GET().build();

    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      int client = c;
      Thread t =
          Proxies.daemon("probe-" + c, () -> {
            long next = System.nanoTime() - start + client * (periodNanos / clients);
            while (next < end) {
              sleepUntil(start + next);
              long sent = System.nanoTime() - start;
              synchronized (inFlightSince) {
                inFlightSince[client] = sent;
              }
              int status;
              try {
                status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
              } catch (IOException e) {
                status = 0;
              } catch (InterruptedException e) {
                return;
              }
              long answered = System.nanoTime() - start;
              synchronized (inFlightSince) {
                inFlightSince[client] = -1;
                probes.add(new Probe(sent, answered, status));
              }
              next = Math.max(next + periodNanos, answered);
            }
          });
      threads.add(t);
      t.start();
    }
    List<Probe> traffic = Collections.synchronizedList(new ArrayList<>());
    if (trafficUrl != null) {
      HttpRequest api = HttpRequest.newBuilder(trafficUrl).timeout(trafficTimeout).GET().build();
      for (int c = 0; c < trafficClients; c++) {
        int client = c;
        Thread t =
            Proxies.daemon("traffic-" + c, () -> {
              long next =
                  System.nanoTime() - start + client * (trafficPeriodNanos / trafficClients);
              while (next < end) {
                sleepUntil(start + next);
                long sent = System.nanoTime() - start;
                int status;
                try {
                  status = http.send(api, HttpResponse.BodyHandlers.discarding()).statusCode();
                } catch (IOException e) {
                  status = 0;
                } catch (InterruptedException e) {
                  return;
                }
                long answered = System.nanoTime() - start;
                traffic.add(new Probe(sent, answered, status));
                next = Math.max(next + trafficPeriodNanos, answered);
              }
            });
        threads.add(t);
        t.start();
      }
    }
    Thread sampler =
        Proxies.daemon("sampler", () -> {
          while (!Thread.currentThread().isInterrupted()) {
            Sample s = sample(pid, System.nanoTime() - start);
            if (s != null) {
              samples.add(s);
            }
            try {
              Thread.sleep(200);
            } catch (InterruptedException e) {
              return;
            }
          }
        });
    sampler.start();

    List<String> namesDuring = List.of();
    Map<String, long[][]> counts = new java.util.LinkedHashMap<>(); // name -> phase -> {req, conn}
    try (Socket ctl = new Socket(InetAddress.getLoopbackAddress(), control);
        PrintWriter out = new PrintWriter(ctl.getOutputStream(), true, StandardCharsets.UTF_8);
        BufferedReader in =
            new BufferedReader(new InputStreamReader(ctl.getInputStream(), StandardCharsets.UTF_8))) {
      count(counted, counts, 0, out, in);
      sleepUntil(start + freezeAt);
      count(counted, counts, 1, out, in);
      out.println("freeze " + proxy);
      expect(in.readLine(), "frozen");
      freezeAt = System.nanoTime() - start;
      sleepUntil(start + thawAt - 1_000_000_000L);
      namesDuring = threadNames(pid);
      sleepUntil(start + thawAt);
      out.println("thaw " + proxy);
      expect(in.readLine(), "thawed");
      thawAt = System.nanoTime() - start;
      count(counted, counts, 2, out, in);
      sleepUntil(start + end);
      count(counted, counts, 3, out, in);
    }
    sampler.interrupt();
    Sample last = sample(pid, System.nanoTime() - start);
    for (Thread t : threads) {
      t.join(2_000);
    }
    long stop = System.nanoTime() - start;
    List<Probe> all;
    synchronized (inFlightSince) {
      all = new ArrayList<>(probes);
      for (long sent : inFlightSince) {
        if (sent >= 0) {
          all.add(new Probe(sent, stop, -1)); // never answered: at least this long
        }
      }
    }

    Map<String, String> r = new java.util.LinkedHashMap<>();
    List<Long> frozenLatencies = new ArrayList<>();
    int frozenProbes = 0;
    int withinBudget = 0;
    int unanswered = 0;
    Map<Integer, Integer> statuses = new java.util.TreeMap<>();
    long to503 = -1;
    long to200 = -1;
    long toFail = -1;
    for (Probe p : all) {
      // Failing as a prober with a timeout of the budget sees it: not a 200, or no answer yet
      // when the budget ran out (then failing from that moment on).
      if (p.sent >= freezeAt) {
        long failedAt = p.status != 200 ? Math.min(p.answered, p.sent + budgetNanos)
            : p.answered - p.sent > budgetNanos ? p.sent + budgetNanos : -1;
        if (failedAt >= 0 && (toFail < 0 || failedAt - freezeAt < toFail)) {
          toFail = failedAt - freezeAt;
        }
      }
      if (p.sent >= freezeAt && p.sent < thawAt) {
        frozenProbes++;
        long latency = p.answered - p.sent;
        frozenLatencies.add(latency);
        if (p.status > 0 && latency <= budgetNanos) {
          withinBudget++;
        }
        if (p.status <= 0) {
          unanswered++;
        }
        statuses.merge(p.status, 1, Integer::sum);
      }
      if (p.status == 503 && p.answered >= freezeAt && (to503 < 0 || p.answered - freezeAt < to503)) {
        to503 = p.answered - freezeAt;
      }
      if (p.status == 200 && p.answered >= thawAt && (to200 < 0 || p.answered - thawAt < to200)) {
        to200 = p.answered - thawAt;
      }
    }
    // Readiness left its normal state when a probe sent after the freeze failed, or hung past
    // the budget; it is back at the first 200 answered after the thaw.
    boolean left200 = false;
    for (Probe p : all) {
      if (p.sent >= freezeAt && (p.status != 200 || p.answered - p.sent > budgetNanos)) {
        left200 = true;
        break;
      }
    }
    Collections.sort(frozenLatencies);
    r.put("probes", Integer.toString(frozenProbes));
    r.put("within_budget", Integer.toString(withinBudget));
    r.put("unanswered", Integer.toString(unanswered));
    r.put("budget_ms", Long.toString(budgetNanos / 1_000_000L));
    r.put("p50_ms", millis(percentile(frozenLatencies, 50)));
    r.put("p99_ms", millis(percentile(frozenLatencies, 99)));
    r.put("max_ms", millis(frozenLatencies.isEmpty() ? -1 : frozenLatencies.get(frozenLatencies.size() - 1)));
    StringBuilder seen = new StringBuilder();
    statuses.forEach((status, count) ->
        seen.append(seen.length() == 0 ? "" : " ")
            .append(status <= 0 ? (status == 0 ? "error" : "pending") : status.toString())
            .append('×').append(count));
    r.put("statuses", seen.toString());
    r.put("left_200", Boolean.toString(left200));
    r.put("to503_ms", millis(to503));
    r.put("to200_ms", left200 ? millis(to200) : "0");
    r.put("tofail_ms", millis(toFail));
    long[] phases = {0, freezeAt, thawAt, end};
    String[] phaseNames = {"pre", "frozen", "post"};
    for (int ph = 0; ph < 3; ph++) {
      int sentIn = 0;
      for (Probe p : all) {
        if (p.sent >= phases[ph] && p.sent < phases[ph + 1]) {
          sentIn++;
        }
      }
      r.put("probes_" + phaseNames[ph], Integer.toString(sentIn));
      r.put("seconds_" + phaseNames[ph],
          String.format(Locale.ROOT, "%.1f", (phases[ph + 1] - phases[ph]) / 1e9));
      for (Map.Entry<String, long[][]> e : counts.entrySet()) {
        long[][] c = e.getValue();
        r.put("count." + e.getKey() + "." + phaseNames[ph] + ".requests",
            Long.toString(c[ph + 1][0] - c[ph][0]));
        r.put("count." + e.getKey() + "." + phaseNames[ph] + ".connections",
            Long.toString(c[ph + 1][1] - c[ph][1]));
      }
      if (trafficUrl != null) {
        int ok = 0;
        int failed = 0;
        synchronized (traffic) {
          for (Probe p : traffic) {
            if (p.sent >= phases[ph] && p.sent < phases[ph + 1]) {
              if (p.status >= 200 && p.status < 300) {
                ok++;
              } else {
                failed++;
              }
            }
          }
        }
        r.put("traffic." + phaseNames[ph] + ".ok", Integer.toString(ok));
        r.put("traffic." + phaseNames[ph] + ".failed", Integer.toString(failed));
      }
    }
    r.put("freeze_s", Long.toString((thawAt - freezeAt) / 1_000_000_000L));
    Sample before = null;
    int threadsDuring = 0;
    long rssDuring = 0;
    for (Sample s : samples) {
      if (s.at < freezeAt) {
        before = s;
      } else if (s.at <= thawAt) {
        threadsDuring = Math.max(threadsDuring, s.threads);
        rssDuring = Math.max(rssDuring, s.rssKb);
      }
    }
    if (last == null && !samples.isEmpty()) {
      last = samples.get(samples.size() - 1);
    }
    r.put("threads_before", before == null ? "" : Integer.toString(before.threads));
    r.put("threads_during", Integer.toString(threadsDuring));
    r.put("threads_after", last == null ? "" : Integer.toString(last.threads));
    r.put("rss_before_mb", before == null ? "" : mb(before.rssKb));
    r.put("rss_during_mb", mb(rssDuring));
    r.put("rss_after_mb", last == null ? "" : mb(last.rssKb));
    List<String> added = new ArrayList<>(namesDuring);
    for (String name : namesBefore) {
      added.remove(name);
    }
    r.put("threads_new", namesDuring.isEmpty() ? "" : String.join(", ", added));
    r.forEach((k, v) -> System.out.println(prefix + k + "=" + v));
    if (a.containsKey("timeline")) {
      List<String> lines = new ArrayList<>();
      lines.add("# freeze at " + millis(freezeAt) + " ms, thaw at " + millis(thawAt) + " ms");
      all.sort((x, y) -> Long.compare(x.sent, y.sent));
      for (Probe p : all) {
        lines.add(millis(p.sent) + " " + millis(p.answered - p.sent) + " " + p.status);
      }
      for (Sample s : samples) {
        lines.add("# sample " + millis(s.at) + " threads=" + s.threads + " rssKb=" + s.rssKb);
      }
      Files.write(Path.of(a.get("timeline")), lines);
    }
    System.exit(0);
  }

  private static long seconds(String s) {
    return (long) (Double.parseDouble(s) * 1e9);
  }

  /** Reads {@code count NAME} for each proxy into {@code counts.get(NAME)[phase]}. */
  private static void count(List<String> names, Map<String, long[][]> counts, int phase,
      PrintWriter out, BufferedReader in) throws IOException {
    for (String name : names) {
      out.println("count " + name);
      String[] answer = String.valueOf(in.readLine()).trim().split(" ");
      if (answer.length != 2 || !answer[0].matches("[0-9]+")) {
        throw new IllegalStateException("proxy control answered " + String.join(" ", answer)
            + " to count " + name);
      }
      counts.computeIfAbsent(name, n -> new long[4][2])[phase] =
          new long[] {Long.parseLong(answer[0]), Long.parseLong(answer[1])};
    }
  }

  private static void expect(String line, String expected) {
    if (!expected.equals(line)) {
      throw new IllegalStateException("proxy control answered " + line + ", expected " + expected);
    }
  }

  private static void sleepUntil(long nanoTime) {
    long left;
    while ((left = nanoTime - System.nanoTime()) > 0) {
      try {
        Thread.sleep(left / 1_000_000L, (int) (left % 1_000_000L));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static long percentile(List<Long> sorted, int p) {
    if (sorted.isEmpty()) {
      return -1;
    }
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }

  private static String millis(long nanos) {
    return nanos < 0 ? "-1" : String.format(Locale.ROOT, "%.1f", nanos / 1e6);
  }

  private static String mb(long kb) {
    return String.format(Locale.ROOT, "%.0f", kb / 1024.0);
  }

  /** Java thread names of {@code pid} (digits folded to #), from jcmd Thread.print; empty if none. */
  static List<String> threadNames(long pid) {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    List<String> names = new ArrayList<>();
    try {
      Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "Thread.print")
          .redirectErrorStream(true).start();
      try (BufferedReader in =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          if (line.startsWith("\"")) {
            int end = line.indexOf('"', 1);
            if (end > 0) {
              names.add(line.substring(1, end).replaceAll("[0-9]+", "#"));
            }
          }
        }
      }
      p.waitFor();
    } catch (IOException e) {
      return List.of();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return names;
  }

  static Sample sample(long pid, long at) {
    try {
      int threads = -1;
      long rss = -1;
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("Threads:")) {
          threads = Integer.parseInt(line.substring(8).trim());
        } else if (line.startsWith("VmRSS:")) {
          rss = Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
        }
      }
      return new Sample(at, threads, rss);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
