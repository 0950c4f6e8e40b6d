package dev.vitals.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Renders the figures run.sh collected ({@code key=value} lines, JMH's CSV) as the Markdown
 * results page: the machine and versions, every figure side by side with the peer and its ratio,
 * and the targets of issue 4 marked met or missed.
 *
 * <pre>
 * java -cp benchmarks.jar dev.vitals.bench.Report raw.txt jmh.csv out.md
 * </pre>
 */
public final class Report {
  private final Map<String, String> raw = new LinkedHashMap<>();
  private final Map<String, double[]> jmh = new LinkedHashMap<>(); // "bench|checks" -> ns, B/op
  private final StringBuilder out = new StringBuilder();
  private final List<String[]> targets = new ArrayList<>();
  private boolean quarkus; // the run had the Quarkus peer (older raw files do not)

  private Report() {}

  public static void main(String[] args) throws IOException {
    Report report = new Report();
    for (String line : Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8)) {
      int eq = line.indexOf('=');
      if (eq > 0 && !line.startsWith("#")) {
        report.raw.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
      }
    }
    Path csv = Path.of(args[1]);
    if (Files.exists(csv)) {
      report.readJmh(Files.readAllLines(csv, StandardCharsets.UTF_8));
    }
    Files.writeString(Path.of(args[2]), report.render(), StandardCharsets.UTF_8);
  }

  private void readJmh(List<String> lines) {
    for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
      String[] f = line.replace("\"", "").split(",");
      if (f.length < 8) {
        continue;
      }
      String name = f[0].substring(f[0].lastIndexOf("jmh.") + 4);
      boolean alloc = name.endsWith(":gc.alloc.rate.norm");
      if (name.contains(":") && !alloc) {
        continue;
      }
      String key = name.replace(":gc.alloc.rate.norm", "") + "|" + f[7];
      double[] v = jmh.computeIfAbsent(key, k -> new double[] {Double.NaN, Double.NaN, Double.NaN});
      if (alloc) {
        v[1] = Double.parseDouble(f[4]);
      } else {
        v[0] = Double.parseDouble(f[4]);
        v[2] = f[5].equals("NaN") ? Double.NaN : Double.parseDouble(f[5]);
      }
    }
  }

  private String render() {
    String date = get("meta.date");
    quarkus = has("start.quarkus.ms");
    line("# Vitals vs Spring Boot Actuator" + (quarkus ? " and Quarkus" : "") + ": " + date);
    line("");
    line("Produced by `vitals-bench/run.sh" + (get("meta.mode").equals("quick") ? " --quick" : "")
        + (get("meta.wrk_threads", "1").equals("1") ? "" : " --wrk-threads " + get("meta.wrk_threads"))
        + "` (" + get("meta.mode") + " mode) at commit `" + get("meta.commit") + "`"
        + (get("meta.dirty").equals("true") ? " with uncommitted changes" : "") + (quarkus ? ". All services ran" : ". Both services ran")
        + " side by side against the same PostgreSQL and Redis, each through its own freezable"
        + " counting proxy, and were measured alternately in the same run.");
    line("");
    line("| Machine | |");
    line("|---|---|");
    line("| CPUs (nproc) | " + get("meta.nproc") + " × " + get("meta.cpu") + " |");
    line("| Memory | " + get("meta.mem") + " |");
    line("| OS | " + get("meta.os") + " |");
    line("| JDK | " + get("meta.jdk") + " |");
    line("| Load average at start / at the end (before JMH) | " + get("meta.loadavg") + " / " + get("meta.loadavg_end", "n/a") + " |");
    line("| Busiest processes at start (CPU % over 1 s) | " + get("meta.busiest_start", "n/a") + " |");
    line("| Busiest processes at the end, ours stopped | " + get("meta.busiest_end", "n/a") + " |");
    line("");
    line("| Versions | |");
    line("|---|---|");
    line("| Vitals | " + get("meta.vitals") + " (vitals-example with `MANAGEMENT_PORT`: health on `HealthServer`, its own java.nio server; HikariCP pool check, non-critical Redis check; interval "
        + get("meta.interval") + ", timeout " + get("meta.timeout") + ") |");
    line("| Peer | Spring Boot " + get("meta.spring") + " with Actuator (Tomcat " + get("meta.tomcat")
        + ", HikariCP " + get("meta.peer_hikari") + ", Lettuce " + get("meta.lettuce")
        + "), Actuator on the API's port (its faster setup; see the notes), readiness group `readinessState,db,redis`, details shown, client timeouts at their defaults |");
    if (quarkus) {
      line("| Quarkus peer | Quarkus " + get("meta.quarkus") + " with SmallRye Health " + get("meta.smallrye_health")
          + " (Vert.x; Agroal " + get("meta.agroal") + ", Vert.x Redis client " + get("meta.vertx_redis")
          + "), health on the API's port (`/q/health/ready`, `/q/health/live`), readiness: the datasource and Redis"
          + " checks of the extensions, asked on every probe; details shown, client timeouts at their defaults |");
    }
    line("| PostgreSQL | " + get("meta.postgres") + " |");
    line("| Redis | " + get("meta.redis") + " |");
    line("| Load generator | " + get("meta.wrk") + ", 16 connections, " + get("meta.wrk_threads", "2")
        + " thread(s), keep-alive |");
    line("| JVM options (" + (quarkus ? "all" : "both") + ") | `" + (get("meta.java_opts").isEmpty() ? "(none)" : get("meta.java_opts")) + "` |");
    line("");
    line("Ratios are Vitals ÷ Actuator" + (quarkus ? " and Vitals ÷ Quarkus" : "") + ". The machine is shared: wrk, " + (quarkus ? "the services" : "both services") + " and other work"
        + " compete for " + get("meta.nproc") + " cores, so absolute figures are noisy; ratios from the same run are what the targets read.");
    line("");
    if (!get("meta.spring_only").equals("1")) {
      load();
      deps();
      hang();
      startup();
      engine();
    }
    spring();
    StringBuilder head = new StringBuilder();
    head.append("## Targets (issue 4; the Spring Boot example's: issue 10)\n\n| Target | Measured | |\n|---|---|---|\n");
    for (String[] t : targets) {
      head.append("| ").append(t[0]).append(" | ").append(t[1]).append(" | ").append(t[2]).append(" |\n");
    }
    head.append('\n');
    String text = out.toString();
    int at = text.indexOf(get("meta.spring_only").equals("1") ? "## 7." : "## 1.");
    return text.substring(0, at) + head + text.substring(at);
  }

  // -------------------------------------------------------------------------------------------

  private void load() {
    int rounds = Integer.parseInt(get("meta.rounds", "1"));
    line("## 1. Throughput and latency under load");
    line("");
    line("wrk, 16 keep-alive connections, " + get("meta.load_s") + " s per run after a " + get("meta.warm_s")
        + " s warm-up (and, once before the first round, " + get("meta.jit_warm_s", "0")
        + " s on each endpoint of each service for the JIT), median of " + rounds + " alternating round(s). Vitals answers `/health/ready` and `/health/live`; "
        + "Actuator `/actuator/health/readiness` and `/actuator/health/liveness`"
        + (quarkus ? "; Quarkus `/q/health/ready` and `/q/health/live`." : "."));
    line("");
    line("| Endpoint | Figure | Vitals | Actuator | Vitals ÷ Actuator |" + qc("Quarkus", "Vitals ÷ Quarkus"));
    line("|---|---|---:|---:|---:|" + (quarkus ? "---:|---:|" : ""));
    for (String ep : List.of("ready", "live")) {
      double vr = median("load.vitals." + ep, "rps", rounds);
      double pr = median("load.peer." + ep, "rps", rounds);
      double v50 = median("load.vitals." + ep, "p50_us", rounds) / 1000;
      double p50 = median("load.peer." + ep, "p50_us", rounds) / 1000;
      double v99 = median("load.vitals." + ep, "p99_us", rounds) / 1000;
      double p99 = median("load.peer." + ep, "p99_us", rounds) / 1000;
      double qr = median("load.quarkus." + ep, "rps", rounds);
      double q50 = median("load.quarkus." + ep, "p50_us", rounds) / 1000;
      double q99 = median("load.quarkus." + ep, "p99_us", rounds) / 1000;
      String path = ep.equals("ready") ? "readiness" : "liveness";
      line("| " + path + " | requests/s | " + fmt(vr, 0) + " | " + fmt(pr, 0) + " | " + ratio(vr, pr) + " |"
          + qc(fmt(qr, 0), ratio(vr, qr)));
      line("| " + path + " | p50 latency | " + fmt(v50, 3) + " ms | " + fmt(p50, 3) + " ms | " + ratio(v50, p50) + " |"
          + qc(fmt(q50, 3) + " ms", ratio(v50, q50)));
      line("| " + path + " | p99 latency | " + fmt(v99, 3) + " ms | " + fmt(p99, 3) + " ms | " + ratio(v99, p99) + " |"
          + qc(fmt(q99, 3) + " ms", ratio(v99, q99)));
      line("| " + path + " | non-2xx or socket errors | " + fmt(sum("load.vitals." + ep, "errors", rounds), 0)
          + " | " + fmt(sum("load.peer." + ep, "errors", rounds), 0) + " | |"
          + qc(fmt(sum("load.quarkus." + ep, "errors", rounds), 0), ""));
      line("| " + path + " | body bytes | " + get("load.vitals." + ep + ".body_bytes") + " | "
          + get("load.peer." + ep + ".body_bytes") + " | |" + qc(get("load.quarkus." + ep + ".body_bytes"), ""));
      if (ep.equals("ready")) {
        target("`/health/ready` throughput ≥ 10× the peer's", ratio(vr, pr), vr >= 10 * pr);
        target("`/health/ready` p99 ≤ 1/5 of the peer's", fmt(v99, 3) + " ms vs " + fmt(p99, 3) + " ms: " + ratio(v99, p99),
            v99 * 5 <= p99);
      }
    }
    StringBuilder perRound = new StringBuilder("Per round (requests/s, ready then live, Vitals / Actuator"
        + (quarkus ? " / Quarkus" : "") + "):");
    for (int r = 1; r <= rounds; r++) {
      perRound.append(r > 1 ? ";" : "").append(" ")
          .append(fmt(num("load.vitals.ready.r" + r + ".rps"), 0)).append(" / ").append(fmt(num("load.peer.ready.r" + r + ".rps"), 0))
          .append(quarkus ? " / " + fmt(num("load.quarkus.ready.r" + r + ".rps"), 0) : "")
          .append(", ")
          .append(fmt(num("load.vitals.live.r" + r + ".rps"), 0)).append(" / ").append(fmt(num("load.peer.live.r" + r + ".rps"), 0))
          .append(quarkus ? " / " + fmt(num("load.quarkus.live.r" + r + ".rps"), 0) : "");
    }
    line("");
    line(perRound + ".");
    line("");
    line("Vitals mounted on the application's own port instead (`HealthHandler` on the JDK `HttpServer`"
        + " that also serves the API; the example without `MANAGEMENT_PORT`), measured in the same rounds:");
    line("");
    line("| Endpoint | requests/s | p50 | p99 | requests/s ÷ Actuator |");
    line("|---|---:|---:|---:|---:|");
    for (String ep : List.of("ready", "live")) {
      double mr = median("load.mounted." + ep, "rps", rounds);
      double pr = median("load.peer." + ep, "rps", rounds);
      line("| " + (ep.equals("ready") ? "readiness" : "liveness") + " | " + fmt(mr, 0) + " | "
          + fmt(median("load.mounted." + ep, "p50_us", rounds) / 1000, 3) + " ms | "
          + fmt(median("load.mounted." + ep, "p99_us", rounds) / 1000, 3) + " ms | " + ratio(mr, pr) + " |");
    }
    line("");
  }

  private void deps() {
    int rounds = Integer.parseInt(get("meta.rounds", "1"));
    line("## 2. Dependency calls per probe");
    line("");
    line("Over the measured readiness runs above (all rounds added up). Server side: Redis `INFO commandstats`"
        + " (all commands) and PostgreSQL `pg_stat_database.xact_commit` of database `test`, deltas over each run"
        + " (these also count anything else using the same servers meanwhile, such as other test suites). At the proxy:"
        + " what each service itself sent, which no one else can add to. `xact_commit` counts pgjdbc's `isValid()`"
        + " (what the services' pool checks call) only once the backend publishes its counters, which pooled"
        + " connections that stay open may not do within the 11 s the script waits after each run; the proxy's"
        + " count does not depend on that.");
    line("");
    line("| Figure | Vitals | Actuator | Vitals ÷ Actuator |" + qc("Quarkus", "Vitals ÷ Quarkus"));
    line("|---|---:|---:|---:|" + (quarkus ? "---:|---:|" : ""));
    double vReq = sum("deps.vitals", "requests", rounds);
    double pReq = sum("deps.peer", "requests", rounds);
    double qReq = sum("deps.quarkus", "requests", rounds);
    line("| probes answered (wrk requests) | " + fmt(vReq, 0) + " | " + fmt(pReq, 0) + " | |" + qc(fmt(qReq, 0), ""));
    String[][] rows = {
      {"redis_server", "Redis commands (server `INFO commandstats` Δ)"},
      {"pg_server", "PostgreSQL transactions (server `xact_commit` Δ)"},
      {"redis_proxy", "Redis commands at the proxy (RESP parsed)"},
      {"pg_proxy", "PostgreSQL round trips at the proxy (client writes)"},
    };
    double vWorst = 0;
    for (String[] row : rows) {
      double v = sum("deps.vitals", row[0], rounds);
      double p = sum("deps.peer", row[0], rounds);
      double q = sum("deps.quarkus", row[0], rounds);
      line("| " + row[1] + " | " + fmt(v, 0) + " | " + fmt(p, 0) + " | |" + qc(fmt(q, 0), ""));
      double vp = v / vReq;
      double pp = p / pReq;
      double qp = q / qReq;
      line("| … per probe | " + fmt(vp, 6) + " | " + fmt(pp, 3) + " | " + ratio(vp, pp) + " |" + qc(fmt(qp, 3), ratio(vp, qp)));
      if (row[0].endsWith("_proxy")) {
        vWorst = Math.max(vWorst, vp);
      }
    }
    line("");
    target("Dependency calls per probe ≤ 0.001 (background mode)",
        fmt(vWorst, 6) + " per dependency at the proxy (Actuator: "
            + fmt(sum("deps.peer", "pg_proxy", rounds) / pReq, 2) + " PostgreSQL, "
            + fmt(sum("deps.peer", "redis_proxy", rounds) / pReq, 2) + " Redis"
            + (quarkus ? "; Quarkus: " + fmt(sum("deps.quarkus", "pg_proxy", rounds) / qReq, 2) + " PostgreSQL, "
                + fmt(sum("deps.quarkus", "redis_proxy", rounds) / qReq, 2) + " Redis" : "") + ")",
        vWorst <= 0.001);
  }

  private void hang() {
    line("## 3 and 4. A dependency that accepts connections and never answers: answers, threads, RSS");
    line("");
    line("While 16 keep-alive clients probe `/health/ready` every 100 ms each (about 160 probes/s, client"
        + " timeout " + get("meta.client_timeout_s") + " s), the proxy in front of one dependency is frozen for "
        + get("meta.freeze_s") + " s (connects still succeed, nothing is forwarded), then thawed. Budget: check timeout + 50 ms = "
        + get("hang.vitals.pg.budget_ms") + " ms. Answer times are for probes sent while frozen; a probe still"
        + " unanswered at the end counts with the time it had waited."
        + (quarkus ? " Quarkus' datasource check holds a connection of its pool while it waits: 16 clients do not"
            + " exhaust the pool (20 by default), so its probes wait for the thaw rather than fail at Agroal's"
            + " 5 s acquisition timeout (with more probes in flight they do: `detection.sh`)." : ""));
    line("");
    double interval = millisOf(get("meta.interval"));
    double timeout = millisOf(get("meta.timeout"));
    for (String dep : List.of("pg", "redis")) {
      String title = dep.equals("pg") ? "PostgreSQL frozen (critical for " + (quarkus ? "all" : "both") + ")"
          : "Redis frozen (critical for Actuator" + (quarkus ? " and Quarkus" : "") + ", non-critical for Vitals)";
      line("### " + title);
      line("");
      line("| Figure | Vitals | Actuator | Vitals ÷ Actuator |" + qc("Quarkus", "Vitals ÷ Quarkus"));
      line("|---|---:|---:|---:|" + (quarkus ? "---:|---:|" : ""));
      String v = "hang.vitals." + dep + ".";
      String p = "hang.peer." + dep + ".";
      String q = "hang.quarkus." + dep + ".";
      line("| probes sent while frozen | " + get(v + "probes") + " | " + get(p + "probes") + " | |" + qc(get(q + "probes"), ""));
      line("| … answered within " + get(v + "budget_ms") + " ms | " + get(v + "within_budget") + " | " + get(p + "within_budget") + " | |"
          + qc(get(q + "within_budget"), ""));
      line("| … unanswered at the end | " + get(v + "unanswered") + " | " + get(p + "unanswered") + " | |" + qc(get(q + "unanswered"), ""));
      line("| … statuses | " + get(v + "statuses") + " | " + get(p + "statuses") + " | |" + qc(get(q + "statuses"), ""));
      for (String pct : List.of("p50", "p99", "max")) {
        String k = pct + "_ms";
        line("| answer time " + pct + " | " + get(v + k) + " ms | " + get(p + k) + " ms | " + ratio(num(v + k), num(p + k)) + " |"
            + qc(get(q + k) + " ms", ratio(num(v + k), num(q + k))));
      }
      line("| freeze → first 503 | " + turn(v, "to503_ms") + " | " + turn(p, "to503_ms") + " | |" + qc(turn(q, "to503_ms"), ""));
      line("| thaw → first 200 | " + back(v) + " | " + back(p) + " | |" + qc(back(q), ""));
      line("| threads before / during (max) / after | " + threads(v) + " | " + threads(p) + " | |" + qc(threads(q), ""));
      line("| RSS MB before / during (max) / after | " + rss(v) + " | " + rss(p) + " | |" + qc(rss(q), ""));
      line("| Java threads new 1 s before the thaw (jcmd) | " + orNone(get(v + "threads_new")) + " | "
          + orNone(get(p + "threads_new")) + " | |" + qc(orNone(get(q + "threads_new")), ""));
      line("");
      boolean allInBudget = get(v + "probes").equals(get(v + "within_budget")) && num(v + "probes") > 0;
      target("Hung " + (dep.equals("pg") ? "PostgreSQL" : "Redis") + ": every probe answered within timeout + 50 ms",
          get(v + "within_budget") + " of " + get(v + "probes") + ", max " + get(v + "max_ms") + " ms (Actuator: "
              + get(p + "within_budget") + " of " + get(p + "probes") + ", max " + get(p + "max_ms") + " ms"
              + (quarkus ? "; Quarkus: " + get(q + "within_budget") + " of " + get(q + "probes") + ", max "
                  + get(q + "max_ms") + " ms" : "") + ")",
          allInBudget);
      if (dep.equals("pg")) {
        double to503 = num(v + "to503_ms");
        target("Hung PostgreSQL: readiness 503 within interval + timeout (" + fmt(interval + timeout, 0) + " ms)",
            turn(v, "to503_ms"), to503 >= 0 && to503 <= interval + timeout);
        double to200 = num(v + "to200_ms");
        target("PostgreSQL thawed: 200 again within one interval (" + fmt(interval, 0) + " ms)",
            back(v), to200 >= 0 && to200 <= interval);
      }
      int before = (int) num(v + "threads_before");
      int during = (int) num(v + "threads_during");
      int after = (int) num(v + "threads_after");
      target("Hung " + (dep.equals("pg") ? "PostgreSQL" : "Redis") + ": thread count flat (± 2) under probe load",
          threads(v) + " (Actuator: " + threads(p) + (quarkus ? "; Quarkus: " + threads(q) : "") + ")",
          Math.abs(during - before) <= 2 && Math.abs(after - before) <= 2);
    }
    line("Timelines (every probe: sent at, answer time, status; thread samples) are in `results/"
        + get("meta.date") + "-timelines/` when the run keeps them (`--keep`).");
    line("");
  }

  private String turn(String prefix, String key) {
    double v = num(prefix + key);
    if (v >= 0) {
      return fmt(v, 0) + " ms";
    }
    if (!get(prefix + "left_200").equals("true")) {
      return "never: stayed 200";
    }
    return get(prefix + "statuses").contains("503") ? "after the thaw" : "never: probes hung, then 200";
  }

  private String back(String prefix) {
    if (!get(prefix + "left_200").equals("true")) {
      return "never left 200";
    }
    double v = num(prefix + "to200_ms");
    return v >= 0 ? fmt(v, 0) + " ms" : "not within the run";
  }

  private static String orNone(String s) {
    return s.isEmpty() ? "none" : s;
  }

  private String threads(String p) {
    return get(p + "threads_before") + " / " + get(p + "threads_during") + " / " + get(p + "threads_after");
  }

  private String rss(String p) {
    return get(p + "rss_before_mb") + " / " + get(p + "rss_during_mb") + " / " + get(p + "rss_after_mb");
  }

  private void startup() {
    line("## 5. Start-up and footprint");
    line("");
    line("| Figure | Vitals | Actuator | Vitals ÷ Actuator |" + qc("Quarkus", "Vitals ÷ Quarkus"));
    line("|---|---:|---:|---:|" + (quarkus ? "---:|---:|" : ""));
    double vs = num("start.vitals.ms");
    double ps = num("start.peer.ms");
    double qs = num("start.quarkus.ms");
    line("| `java -jar` → first 200 from readiness (median of " + get("meta.starts") + ") | " + fmt(vs, 0) + " ms | "
        + fmt(ps, 0) + " ms | " + ratio(vs, ps) + " |" + qc(fmt(qs, 0) + " ms", ratio(vs, qs)));
    line("| threads, idle after start | " + get("idle.vitals.threads") + " | " + get("idle.peer.threads") + " | "
        + ratio(num("idle.vitals.threads"), num("idle.peer.threads")) + " |"
        + qc(get("idle.quarkus.threads"), ratio(num("idle.vitals.threads"), num("idle.quarkus.threads"))));
    line("| RSS, idle after start | " + get("idle.vitals.rss_mb") + " MB | " + get("idle.peer.rss_mb") + " MB | "
        + ratio(num("idle.vitals.rss_mb"), num("idle.peer.rss_mb")) + " |"
        + qc(get("idle.quarkus.rss_mb") + " MB", ratio(num("idle.vitals.rss_mb"), num("idle.quarkus.rss_mb"))));
    line("| health library jars | " + get("size.vitals.libs") + " | " + get("size.peer.libs") + " | |"
        + qc(get("size.quarkus.libs"), ""));
    line("| … their size | " + kb(num("size.vitals.lib_bytes")) + " | " + kb(num("size.peer.lib_bytes")) + " | "
        + ratio(num("size.vitals.lib_bytes"), num("size.peer.lib_bytes")) + " |"
        + qc(kb(num("size.quarkus.lib_bytes")), ratio(num("size.vitals.lib_bytes"), num("size.quarkus.lib_bytes"))));
    line("| … other jars they bring (Actuator: beyond Spring Boot web" + (quarkus ? "; Quarkus: quarkus-smallrye-health's subtree" : "")
        + ") | " + get("size.vitals.deps") + " | " + get("size.peer.deps") + " | |" + qc(get("size.quarkus.deps"), ""));
    line("| whole service " + (quarkus ? "(Quarkus: its fast-jar directory) " : "") + "jar (for scale) | "
        + kb(num("size.vitals.app_bytes")) + " | " + kb(num("size.peer.app_bytes"))
        + " | " + ratio(num("size.vitals.app_bytes"), num("size.peer.app_bytes")) + " |"
        + qc(kb(num("size.quarkus.app_bytes")), ratio(num("size.vitals.app_bytes"), num("size.quarkus.app_bytes"))));
    line("");
    line("Vitals' jars: " + get("size.vitals.detail") + ". Actuator's: " + get("size.peer.detail")
        + (quarkus ? ". SmallRye Health's (the Quarkus peer): " + get("size.quarkus.detail") : "") + ". The example's"
        + " jar also carries H2, MariaDB and PostgreSQL drivers and HikariCP; the peer's carries Spring, Tomcat, Jackson,"
        + " Micrometer, Lettuce, Netty and Reactor (" + get("size.peer.app_jars") + " jars)"
        + (quarkus ? "; the Quarkus peer's lib/ holds " + get("size.quarkus.app_jars") + " jars (Quarkus, Vert.x, Netty,"
            + " RESTEasy Reactive, Agroal, Narayana, the PostgreSQL driver, the Vert.x Redis client)."
            + " Maven lists each jar once, under the first dependency that brings it, so quarkus-smallrye-health's"
            + " subtree counts jars any Quarkus application has (quarkus-core's)" : "") + ".");
    line("");
  }

  /**
   * Issue 10: the Spring Boot 4 example (vitals-example-spring), Vitals beside Actuator in one
   * application: on the same port (Tomcat; Vitals' filter vs Actuator's readiness group), and each
   * on a port of its own (HealthServer on vitals.server.port vs Actuator on management.server.port).
   */
  private void spring() {
    if (get("start.spring.ms").isEmpty()) {
      return;
    }
    int rounds = Integer.parseInt(get("meta.rounds", "1"));
    boolean bridge = get("meta.spring_example_bridge").equals("true");
    line("## 7. Inside one Spring Boot application: Vitals vs Actuator");
    line("");
    line("`vitals-example-spring` (Spring Boot " + get("meta.spring_example") + ", Tomcat "
        + get("meta.spring_example_tomcat") + ", vitals-spring-boot-starter and spring-boot-starter-actuator),"
        + " the same notes service as vitals-example, against the same PostgreSQL and Redis through proxies of"
        + " its own. Vitals' readiness reads the verdicts of `database`, `database-pool`, `disk` and `redis`"
        + " (background, interval " + get("meta.interval") + ", timeout " + get("meta.timeout") + "); Actuator's readiness group is"
        + " `readinessState,db` (the example has no Spring Data Redis, so Actuator has no Redis indicator) and"
        + (bridge
            ? " the starter's Actuator bridge was in the jar (`/actuator/health` may answer from Vitals' verdicts)."
            : " the starter had no Actuator bridge yet: Actuator calls its indicators on every request.")
        + " Two instances: **same port**, everything on the application's Tomcat (Vitals' filter at `/health/ready`"
        + " vs `/actuator/health/readiness`, the same process, port and Tomcat); **own ports**, Vitals on"
        + " `vitals.server.port` (`HealthServer`) vs Actuator on `management.server.port` (a second Tomcat), again one process."
        + (has("load.pa.ready.r1.rps")
            ? " A third instance, **Actuator's own**, is the same-port one with `vitals.actuator.serve-from-verdicts=false`:"
                + " Actuator runs its own indicators (its `db` asks PostgreSQL) on every request, as the application did"
                + " before the starter; its figures are the \"Actuator's own\" column below."
            : "")
        + " Same wrk settings and alternating rounds as section 1.");
    line("");
    line("| Setup | Endpoint | Figure | Vitals | Actuator | Vitals ÷ Actuator |");
    line("|---|---|---|---:|---:|---:|");
    String[][] pairs = {{"sv", "sa", "same port"}, {"ov", "oa", "own ports"}};
    for (String[] pair : pairs) {
      for (String ep : List.of("ready", "live")) {
        String path = ep.equals("ready") ? "readiness" : "liveness";
        double vr = median("load." + pair[0] + "." + ep, "rps", rounds);
        double ar = median("load." + pair[1] + "." + ep, "rps", rounds);
        double v50 = median("load." + pair[0] + "." + ep, "p50_us", rounds) / 1000;
        double a50 = median("load." + pair[1] + "." + ep, "p50_us", rounds) / 1000;
        double v99 = median("load." + pair[0] + "." + ep, "p99_us", rounds) / 1000;
        double a99 = median("load." + pair[1] + "." + ep, "p99_us", rounds) / 1000;
        line("| " + pair[2] + " | " + path + " | requests/s | " + fmt(vr, 0) + " | " + fmt(ar, 0) + " | " + ratio(vr, ar) + " |");
        line("| " + pair[2] + " | " + path + " | p50 latency | " + fmt(v50, 3) + " ms | " + fmt(a50, 3) + " ms | " + ratio(v50, a50) + " |");
        line("| " + pair[2] + " | " + path + " | p99 latency | " + fmt(v99, 3) + " ms | " + fmt(a99, 3) + " ms | " + ratio(v99, a99) + " |");
        line("| " + pair[2] + " | " + path + " | non-2xx or socket errors | " + fmt(sum("load." + pair[0] + "." + ep, "errors", rounds), 0)
            + " | " + fmt(sum("load." + pair[1] + "." + ep, "errors", rounds), 0) + " | |");
        if (ep.equals("ready")) {
          int times = pair[0].equals("sv") ? 3 : 10;
          if (has("load.pa.ready.r1.rps")) {
            double pr = median("load.pa.ready", "rps", rounds);
            target("Spring example, " + pair[2] + ": Vitals' readiness ≥ " + times + "× Actuator's requests/s,"
                    + " Actuator on its own indicators (the application before the starter)",
                fmt(vr, 0) + " vs " + fmt(pr, 0) + ": " + ratio(vr, pr), vr >= times * pr);
          }
          target("Spring example, " + pair[2] + ": Vitals' readiness ≥ " + times + "× Actuator's requests/s,"
                  + " Actuator answering from Vitals' verdicts (the starter's default)",
              fmt(vr, 0) + " vs " + fmt(ar, 0) + ": " + ratio(vr, ar), vr >= times * ar);
        }
      }
    }
    if (has("load.pa.ready.r1.rps")) {
      line("");
      line("Actuator's own (third instance, same port, `vitals.actuator.serve-from-verdicts=false`), and Vitals' figures"
          + " above divided by its:");
      line("");
      line("| Endpoint | Figure | Actuator's own | Vitals same port ÷ it | Vitals own port ÷ it |");
      line("|---|---|---:|---:|---:|");
      for (String ep : List.of("ready", "live")) {
        String path = ep.equals("ready") ? "readiness" : "liveness";
        String[][] figures = {{"rps", "requests/s", "0"}, {"p50_us", "p50 latency", "3"}, {"p99_us", "p99 latency", "3"}};
        for (String[] f : figures) {
          double scale = f[0].equals("rps") ? 1 : 1000;
          double p = median("load.pa." + ep, f[0], rounds) / scale;
          double sv = median("load.sv." + ep, f[0], rounds) / scale;
          double ov = median("load.ov." + ep, f[0], rounds) / scale;
          line("| " + path + " | " + f[1] + " | " + fmt(p, Integer.parseInt(f[2])) + (scale == 1 ? "" : " ms") + " | "
              + ratio(sv, p) + " | " + ratio(ov, p) + " |");
        }
        line("| " + path + " | non-2xx or socket errors | " + fmt(sum("load.pa." + ep, "errors", rounds), 0) + " | | |");
      }
    }
    StringBuilder perRound = new StringBuilder("Per round (readiness requests/s, Vitals / Actuator, same port; own ports"
        + (has("load.pa.ready.r1.rps") ? "; Actuator's own" : "") + "):");
    for (int r = 1; r <= rounds; r++) {
      perRound.append(r > 1 ? ";" : "").append(" ")
          .append(fmt(num("load.sv.ready.r" + r + ".rps"), 0)).append(" / ").append(fmt(num("load.sa.ready.r" + r + ".rps"), 0))
          .append(", ")
          .append(fmt(num("load.ov.ready.r" + r + ".rps"), 0)).append(" / ").append(fmt(num("load.oa.ready.r" + r + ".rps"), 0));
      if (has("load.pa.ready.r1.rps")) {
        perRound.append("; ").append(fmt(num("load.pa.ready.r" + r + ".rps"), 0));
      }
    }
    line("");
    line(perRound + ".");
    line("");
    line("Dependency calls per readiness probe, counted at the instance's own proxies over the measured runs (the"
        + " background checks included: in one process they run whichever endpoint is under load):");
    line("");
    line("| Setup | Figure | Vitals | Actuator | Vitals ÷ Actuator |");
    line("|---|---|---:|---:|---:|");
    double worst = 0;
    for (String[] pair : pairs) {
      double vReq = sum("deps." + pair[0], "requests", rounds);
      double aReq = sum("deps." + pair[1], "requests", rounds);
      line("| " + pair[2] + " | probes answered | " + fmt(vReq, 0) + " | " + fmt(aReq, 0) + " | |");
      for (String[] row : new String[][] {{"pg_proxy", "PostgreSQL round trips"}, {"redis_proxy", "Redis commands"}}) {
        double v = sum("deps." + pair[0], row[0], rounds) / vReq;
        double a = sum("deps." + pair[1], row[0], rounds) / aReq;
        worst = Math.max(worst, v);
        line("| " + pair[2] + " | " + row[1] + " per probe | " + fmt(v, 6) + " | " + fmt(a, 3) + " | " + ratio(v, a) + " |");
      }
    }
    if (has("deps.pa.r1.requests")) {
      double pReq = sum("deps.pa", "requests", rounds);
      line("| Actuator's own | probes answered | | " + fmt(pReq, 0) + " | |");
      line("| Actuator's own | PostgreSQL round trips per probe | | "
          + fmt(sum("deps.pa", "pg_proxy", rounds) / pReq, 3) + " | |");
    }
    line("");
    target("Spring example: dependency calls per probe ≤ 0.001",
        fmt(worst, 6) + " per dependency at the proxy (Actuator, same port: "
            + fmt(sum("deps.sa", "pg_proxy", rounds) / sum("deps.sa", "requests", rounds), 2) + " PostgreSQL)",
        worst <= 0.001);
    line("PostgreSQL frozen for " + get("meta.freeze_s") + " s under the probe load of section 3 (16 clients, every 100 ms"
        + " each), on the same-port instance: Vitals' `/health/ready`, then Actuator's `/actuator/health` (one freeze each)"
        + (has("hang.pa.pg.probes") ? "; then `/actuator/health` of the third instance, Actuator on its own indicators." : "."));
    line("");
    String v = "hang.sv.pg.";
    String a = "hang.sa.pg.";
    List<String> cols = new ArrayList<>(List.of(v, a));
    String header = "| Figure | Vitals `/health/ready` | Actuator `/actuator/health` (from verdicts) |";
    if (has("hang.pa.pg.probes")) {
      cols.add("hang.pa.pg.");
      header += " `/actuator/health`, Actuator's own (before the starter) |";
    }
    line(header);
    line("|---" + "|---:".repeat(cols.size()) + "|");
    hangRow("probes sent while frozen", cols, c -> get(c + "probes"));
    hangRow("… answered within " + get(v + "budget_ms") + " ms", cols, c -> get(c + "within_budget"));
    hangRow("… unanswered at the end", cols, c -> get(c + "unanswered"));
    hangRow("… statuses", cols, c -> get(c + "statuses"));
    hangRow("answer time p50 / p99 / max", cols,
        c -> get(c + "p50_ms") + " / " + get(c + "p99_ms") + " / " + get(c + "max_ms") + " ms");
    hangRow("freeze → first 503", cols, c -> turn(c, "to503_ms"));
    hangRow("thaw → first 200", cols, this::back);
    hangRow("threads before / during (max) / after", cols, this::threads);
    line("");
    for (String[] h : new String[][] {{v, "Vitals' `/health/ready`"}, {a, "`/actuator/health`"}}) {
      boolean all = get(h[0] + "probes").equals(get(h[0] + "within_budget")) && num(h[0] + "probes") > 0;
      target("Spring example, hung PostgreSQL: every probe on " + h[1] + " within timeout + 50 ms",
          get(h[0] + "within_budget") + " of " + get(h[0] + "probes") + ", max " + get(h[0] + "max_ms") + " ms", all);
    }
    line("Start (`java -jar` to the first 200 from Vitals' readiness, one start each): " + fmt(num("start.spring.ms"), 0)
        + " ms same port, " + fmt(num("start.springown.ms"), 0) + " ms own ports; idle threads "
        + get("idle.spring.threads") + ", RSS " + get("idle.spring.rss_mb") + " MB (same-port instance).");
    line("");
  }

  private void hangRow(String figure, List<String> cols, Function<String, String> cell) {
    StringBuilder row = new StringBuilder("| ").append(figure).append(" |");
    for (String c : cols) {
      row.append(' ').append(cell.apply(c)).append(" |");
    }
    line(row.toString());
  }

  private void engine() {
    line("## 6. The engine (JMH)");
    line("");
    line("JMH " + get("meta.jmh") + ", " + get("meta.jmh_opts") + ", `-prof gc`. Background checks that all passed,"
        + " read by `Vitals.status(READINESS)` and by the full anonymous answer"
        + " `HealthEndpoints.handle(HealthRequest.get(\"/health/ready\"))` (everything but the socket);"
        + " an on-demand round: 10 checks with TTL 0, run on the check threads and awaited;"
        + " and a Prometheus scrape of `/health/metrics` with the token (`MetricsBenchmark`,"
        + " OpenMetrics and text 0.0.4: every series of every check, headers and body).");
    line("");
    line("| Benchmark | Checks | Time per op | ± (99.9%) | Allocated per op |");
    line("|---|---:|---:|---:|---:|");
    for (Map.Entry<String, double[]> e : jmh.entrySet()) {
      String[] k = e.getKey().split("\\|");
      double[] v = e.getValue();
      // A scrape of 100 checks takes tens of microseconds and allocates its body: µs and KB there.
      boolean micros = v[0] >= 10_000;
      double scale = micros ? 1000 : 1;
      line("| `" + k[0] + "` | " + k[1] + " | " + fmt(v[0] / scale, 1) + (micros ? " µs | " : " ns | ")
          + (Double.isNaN(v[2]) ? "" : fmt(v[2] / scale, 1))
          + " | " + (v[1] >= 10_240 ? fmt(v[1] / 1024, 1) + " KB |" : fmt(v[1], 0) + " B |"));
    }
    line("");
    double[] scrape = jmh.get("MetricsBenchmark.scrapeOpenMetrics|100");
    if (scrape != null) {
      line("A scrape of `/health/metrics` at 100 checks (OpenMetrics): " + fmt(scrape[0] / 1000, 1)
          + " µs and " + fmt(scrape[1] / 1024, 1) + " KB allocated, nearly all of it the body.");
      line("");
    }
    double[] status = jmh.get("ProbeBenchmark.status|10");
    double[] handle = jmh.get("ProbeBenchmark.handleReady|10");
    if (status != null && handle != null) {
      target("Answering from verdicts, 10 checks: ≤ 2 µs and ≤ 1 KB per op",
          "`status`: " + fmt(status[0], 0) + " ns, " + fmt(status[1], 0) + " B; `handle`: " + fmt(handle[0], 0) + " ns, "
              + fmt(handle[1], 0) + " B",
          status[0] <= 2000 && handle[0] <= 2000 && status[1] <= 1024 && handle[1] <= 1024);
    }
  }

  // -------------------------------------------------------------------------------------------

  private void target(String what, String measured, boolean met) {
    targets.add(new String[] {what, measured, met ? "met" : "**missed**"});
  }

  /** Extra cells for the Quarkus peer's columns at the end of a row, or none without it. */
  private String qc(String... cells) {
    return quarkus ? " " + String.join(" | ", cells) + " |" : "";
  }

  private void line(String s) {
    out.append(s).append('\n');
  }

  private String get(String key) {
    return raw.getOrDefault(key, "");
  }

  private boolean has(String key) {
    return raw.containsKey(key);
  }

  private String get(String key, String fallback) {
    return raw.getOrDefault(key, fallback);
  }

  private double num(String key) {
    try {
      return Double.parseDouble(raw.get(key));
    } catch (RuntimeException e) {
      return Double.NaN;
    }
  }

  private double median(String prefix, String key, int rounds) {
    List<Double> values = new ArrayList<>();
    for (int r = 1; r <= rounds; r++) {
      double v = num(prefix + ".r" + r + "." + key);
      if (!Double.isNaN(v)) {
        values.add(v);
      }
    }
    if (values.isEmpty()) {
      return Double.NaN;
    }
    Collections.sort(values);
    int n = values.size();
    return n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2;
  }

  private double sum(String prefix, String key, int rounds) {
    double total = 0;
    for (int r = 1; r <= rounds; r++) {
      double v = num(prefix + ".r" + r + "." + key);
      if (!Double.isNaN(v)) {
        total += v;
      }
    }
    return total;
  }

  private static double millisOf(String duration) {
    if (duration.endsWith("ms")) {
      return Double.parseDouble(duration.substring(0, duration.length() - 2));
    }
    if (duration.endsWith("s")) {
      return Double.parseDouble(duration.substring(0, duration.length() - 1)) * 1000;
    }
    return Double.NaN;
  }

  static String fmt(double v, int decimals) {
    if (Double.isNaN(v)) {
      return "n/a";
    }
    return String.format(Locale.ROOT, "%,." + decimals + "f", v);
  }

  private static String kb(double bytes) {
    if (Double.isNaN(bytes)) {
      return "n/a";
    }
    return bytes >= 1024 * 1024 ? fmt(bytes / 1024 / 1024, 1) + " MB" : fmt(bytes / 1024, 0) + " KB";
  }

  /** Vitals ÷ peer, written so that either direction reads easily: 12.3×, or 1/8.4. */
  static String ratio(double vitals, double peer) {
    if (Double.isNaN(vitals) || Double.isNaN(peer) || peer <= 0 || vitals < 0) {
      return "n/a";
    }
    if (vitals == 0) {
      return "0";
    }
    double r = vitals / peer;
    if (r >= 1) {
      return fmt(r, r >= 100 ? 0 : 1) + "×";
    }
    double inv = 1 / r;
    return "1/" + fmt(inv, inv >= 100 ? 0 : 1);
  }
}
