package dev.vitals.lint;

import dev.vitals.HealthJson;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The live rules (VL1xx) against a running service, asked as the kubelet, a load balancer and a
 * stranger would.
 *
 * <p>Design. First the base URL must accept a TCP connection, else {@link LintException} (exit 2).
 * Then each endpoint's path is taken from the options, else from the first workload's {@code
 * httpGet} probe of that kind, else from the first of {@link Endpoints}' candidates that answers
 * anything but 404, 405 or 410 (an endpoint that hangs counts as found: that is a finding, not an
 * absence). Each probe endpoint (liveness, readiness, startup) is asked anonymously and judged
 * on what the kubelet gets; with a token, the schema and the liveness dependencies are judged on
 * the richer authorised answer. The detailed endpoint is asked anonymously (VL106), with a wrong
 * token (VL107) and with the token. Then N probes at once on readiness and liveness (VL111),
 * bracketed by two readings of {@code /health/metrics} or, without metrics, followed by bursts
 * between readings of the check times in the details (VL112).
 *
 * <p>Every request is bounded by the options' request timeout. A path that timed out once is not
 * asked again: it gets one VL111 finding, and lint ends in bounded time however many paths hang.
 */
public final class LiveLint {
  /** What the kubelet reads of a probe's body. */
  static final int KUBELET_BODY = 10 * 1024;
  /**
   * Executions of one check that a burst may see without amplification: a background tick, a
   * single-flight execution for a stale verdict, a retry.
   */
  static final int HANDFUL = 3;
  /** Bursts, each followed by a reading of the check times, when there are no metrics (VL112). */
  static final int ROUNDS = 3;
  static final List<String> OTHER_METHODS =
      List.of("POST", "PUT", "DELETE", "PATCH", "OPTIONS", "VITALSLINT");
  private static final String WRONG_TOKEN = "vitals-lint-wrong-token-0123456789";
  private static final Pattern MAX_AGE = Pattern.compile("(?:s-maxage|max-age)\\s*=\\s*\"?(\\d+)");

  private final LintOptions options;
  private final List<Workload> workloads;

  /** Probes {@code options.target()}; probe periods and timeouts from {@code workloads} if any. */
  public LiveLint(LintOptions options, List<Workload> workloads) {
    this.options = options;
    this.workloads = List.copyOf(workloads);
  }

  /**
   * Applies every live rule, reporting findings and notes; returns what it learned (the longest
   * check deadline, from Vitals' metrics). {@link LintException} if the service cannot be reached.
   */
  public ServiceFacts run(Consumer<Finding> findings, Consumer<String> notes) {
    return new Pass(findings, notes).run();
  }

  /** A probe's period and timeout, and where they came from. */
  private record Timing(int period, int timeout, String source) {}

  /** One run: the consumers, the client and the paths that hung. */
  private final class Pass {
    private final Consumer<Finding> findings;
    private final Consumer<String> notes;
    private final URI base = options.target();
    private final Http http = new Http(options.requestTimeout());
    /** The workload whose HTTP probes lint follows: the first serving the target's port. */
    private final Workload workload = Workload.serving(workloads, options.targetPort()).stream()
        .filter(w -> w.probes().stream().anyMatch(p -> Endpoints.pathOf(p) != null))
        .findFirst().orElse(null);
    private final Set<String> hung = new HashSet<>();
    private final Map<String, Http.Answer> authorised = new LinkedHashMap<>();
    /** Where Vitals' metrics were found, once they were. */
    private String metricsPath;

    Pass(Consumer<Finding> findings, Consumer<String> notes) {
      this.findings = findings;
      this.notes = notes;
    }

    ServiceFacts run() {
      reach();
      Endpoints endpoints = discover();
      Map<String, Timing> probes = new LinkedHashMap<>();
      put(probes, "liveness", endpoints.live(), timing(workload == null ? null : workload.liveness()));
      put(probes, "readiness", endpoints.ready(), timing(workload == null ? null : workload.readiness()));
      put(probes, "startup", endpoints.startup(), timing(workload == null ? null : workload.startup()));
      probes.forEach(this::probeEndpoint);
      if (endpoints.details() != null) {
        detailsEndpoint(endpoints.details());
      } else {
        notes.accept("VL107: no detailed endpoint found among " + Endpoints.DETAILS
            + "; give --details to check who may see it");
      }
      livenessDependencies(endpoints.live());
      return load(endpoints, probes);
    }

    private void put(Map<String, Timing> probes, String kind, String path, Timing timing) {
      if (path != null && !probes.containsKey(path)) {
        probes.put(path, timing);
        notes.accept(kind + " " + path + ": probe period " + timing.period() + " s, timeout "
            + timing.timeout() + " s (" + timing.source() + ")");
      }
    }

    private Timing timing(ProbeSpec spec) {
      return spec == null
          ? new Timing(ProbeSpec.DEFAULT_PERIOD, ProbeSpec.DEFAULT_TIMEOUT, "Kubernetes defaults")
          : new Timing(spec.periodSeconds(), spec.timeoutSeconds(),
              workload.describe() + ", line " + spec.line());
    }

    // ---- reaching and discovery

    private void reach() {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(base.getHost(), options.targetPort()), (int) options.requestTimeout().toMillis());
      } catch (IOException e) {
        throw new LintException("cannot reach " + base + ": " + e, e);
      }
    }

    private Endpoints discover() {
      String live = path("liveness", options.livePath(), workload == null ? null : workload.liveness(), Endpoints.LIVE);
      String ready = path("readiness", options.readyPath(), workload == null ? null : workload.readiness(), Endpoints.READY);
      String startup = path("startup", options.startupPath(), workload == null ? null : workload.startup(), Endpoints.STARTUP);
      String details = path("details", options.detailsPath(), null, Endpoints.DETAILS);
      for (String[] missing : new String[][] {{"liveness", live, "--live"}, {"readiness", ready, "--ready"}}) {
        if (missing[1] == null) {
          report(Finding.of(Rule.ENDPOINT_MISSING, Location.url(base.toString(), "discovery"),
              "no " + missing[0] + " endpoint answered among "
                  + (missing[0].equals("liveness") ? Endpoints.LIVE : Endpoints.READY)
                  + "; name it with " + missing[2]));
        }
      }
      return new Endpoints(live, ready, startup, details);
    }

    private String path(String kind, String given, ProbeSpec spec, List<String> candidates) {
      if (given != null) {
        notes.accept(kind + " endpoint " + given + ": given");
        return given;
      }
      String fromManifest = Endpoints.pathOf(spec);
      if (fromManifest != null) {
        notes.accept(kind + " endpoint " + fromManifest + ": from the " + kind + "Probe of "
            + workload.describe());
        return fromManifest;
      }
      for (String candidate : candidates) {
        Http.Answer answer = ask("GET", candidate, "discovery", probeHeaders());
        if (hung.contains(candidate) || answer != null && Endpoints.served(answer.status())) {
          notes.accept(kind + " endpoint " + candidate + ": discovered ("
              + (answer == null ? "no answer" : "GET answered " + answer.status()) + ")");
          return candidate;
        }
      }
      return null;
    }

    // ---- the probe endpoints

    private void probeEndpoint(String path, Timing timing) {
      Http.Answer get = ask("GET", path, "GET, Accept: */*", probeHeaders());
      if (get == null) {
        return;
      }
      if (!redirect(path, "GET, Accept: */*", get)) {
        List<String> disclosed = Disclosure.of(get.text(), Json.object(get.text()), base.getHost());
        if (!disclosed.isEmpty()) {
          report(Finding.of(Rule.ANONYMOUS_DISCLOSURE, at(path, "GET, no Authorization"),
              "an anonymous answer (" + get.status() + ") shows " + String.join(", ", disclosed)));
        }
        if (get.status() / 100 == 4) {
          report(Finding.of(Rule.STATUS_CODE, at(path, "GET, Accept: */*"), "an anonymous GET answered "
              + get.status() + ": the kubelet counts any 4xx as a failure, whatever the health"));
        } else {
          body(path, get, timing);
        }
      }
      head(path, get);
      otherMethods(path);
    }

    private void body(String path, Http.Answer get, Timing timing) {
      Http.Answer bare = ask("GET", path, "GET, no Accept", Map.of("User-Agent", Http.KUBELET_USER_AGENT));
      mediaType(path, Map.of("Accept: */*", get), bare == null || redirect(path, "GET, no Accept", bare)
          ? Map.of() : Map.of("no Accept", bare));
      Map<String, Object> json = Json.object(get.text());
      if (json == null) {
        report(Finding.of(Rule.BODY_SCHEMA, at(path, "GET, Accept: */*"),
            "the body is not a JSON object: " + excerpt(get.text())));
      } else {
        schema(path, richest(path, get));
      }
      if (get.body().length > KUBELET_BODY || get.truncated()) {
        report(Finding.of(Rule.BODY_SIZE, at(path, "GET, Accept: */*"), "the body is "
            + (get.truncated() ? "over " + Http.MAX_BODY : get.body().length) + " bytes, above the "
            + KUBELET_BODY + " the kubelet reads"));
      }
      statusCode(path, get, json);
      cacheControl(path, get, timing);
    }

    private void mediaType(String path, Map<String, Http.Answer> first, Map<String, Http.Answer> second) {
      List<String> wrong = new ArrayList<>();
      Map<String, Http.Answer> asked = new LinkedHashMap<>(first);
      asked.putAll(second);
      asked.forEach((accept, answer) -> {
        if (!"application/health+json".equals(answer.mediaType())) {
          wrong.add(accept + " got " + (answer.mediaType() == null ? "no Content-Type" : answer.mediaType()));
        }
      });
      if (!wrong.isEmpty()) {
        report(Finding.of(Rule.MEDIA_TYPE, at(path, "GET"), String.join("; ", wrong)));
      }
    }

    /** The authorised answer with a token (a JSON object), else the anonymous one. */
    private Http.Answer richest(String path, Http.Answer anonymous) {
      Http.Answer answer = authorised(path);
      return answer != null && Json.object(answer.text()) != null ? answer : anonymous;
    }

    private Http.Answer authorised(String path) {
      if (options.token() == null || hung.contains(path)) {
        return null;
      }
      return authorised.computeIfAbsent(path, p -> ask("GET", p, "GET, with the token",
          Map.of("Accept", "*/*", "Authorization", "Bearer " + options.token())));
    }

    private void schema(String path, Http.Answer answer) {
      String context = answer == authorised.get(path) ? "GET, with the token" : "GET, Accept: */*";
      HealthShape.Problems problems = HealthShape.problems(Json.object(answer.text()));
      if (!problems.errors().isEmpty()) {
        report(Finding.of(Rule.BODY_SCHEMA, at(path, context), listed(problems.errors())));
      }
      if (!problems.aliases().isEmpty()) {
        report(new Finding(Rule.BODY_SCHEMA, Severity.NOTE, at(path, context), listed(problems.aliases())));
      }
    }

    private void statusCode(String path, Http.Answer get, Map<String, Object> json) {
      String status = json == null ? null : HealthShape.status(json);
      int code = get.status();
      Location where = at(path, "GET, Accept: */*");
      if (status == null) {
        return;
      }
      if (!status.equals("fail") && !get.is2xx()) {
        report(Finding.of(Rule.STATUS_CODE, where, status + " answered " + code + ", not 2xx"));
      } else if (status.equals("fail") && code / 100 != 5) {
        report(Finding.of(Rule.STATUS_CODE, where, "fail answered " + code + ", not 5xx"));
      } else if (status.equals("fail") && code != 503) {
        report(new Finding(Rule.STATUS_CODE, Severity.NOTE, where, "fail answered " + code + "; 503 is preferred"));
      }
    }

    private void cacheControl(String path, Http.Answer get, Timing timing) {
      List<String> values = get.headers().getOrDefault("cache-control", List.of());
      String header = String.join(", ", values).toLowerCase(Locale.ROOT);
      Location where = at(path, "GET, Accept: */*");
      if (header.contains("no-store") || header.contains("no-cache")) {
        return;
      }
      Matcher maxAge = MAX_AGE.matcher(header);
      long longest = -1;
      while (maxAge.find()) {
        longest = Math.max(longest, Long.parseLong(maxAge.group(1)));
      }
      if (longest < 0) {
        report(Finding.of(Rule.CACHE_CONTROL, where, header.isEmpty() ? "no Cache-Control header"
            : "Cache-Control: " + header + " (neither no-store, no-cache nor max-age)"));
      } else if (longest > timing.period()) {
        report(Finding.of(Rule.CACHE_CONTROL, where, "Cache-Control: " + header + ": max-age "
            + longest + " s is longer than the probe period " + timing.period() + " s"));
      }
    }

    private void head(String path, Http.Answer get) {
      Location where = at(path, "HEAD");
      try {
        HeadRequest.Result head = HeadRequest.send(uri(path), options.requestTimeout());
        List<String> wrong = new ArrayList<>();
        if (head.status() != get.status()) {
          wrong.add("HEAD answered " + head.status() + ", GET " + get.status());
        }
        if (head.bodyBytes() > 0) {
          wrong.add("HEAD answer carried " + head.bodyBytes() + " bytes of body");
        }
        if (!wrong.isEmpty()) {
          report(Finding.of(Rule.HEAD_METHOD, where, String.join("; ", wrong)));
        }
      } catch (IOException e) {
        report(Finding.of(Rule.HEAD_METHOD, where, "HEAD got no answer: " + e.getMessage()));
      }
    }

    private void otherMethods(String path) {
      List<String> failed = new ArrayList<>();
      for (String method : OTHER_METHODS) {
        Http.Answer answer = ask(method, path, method, Map.of("User-Agent", Http.KUBELET_USER_AGENT));
        if (answer != null && answer.status() / 100 == 5) {
          failed.add(method + " " + answer.status());
        }
      }
      if (!failed.isEmpty()) {
        report(Finding.of(Rule.OTHER_METHODS, at(path, String.join(", ", OTHER_METHODS)),
            "answered " + String.join(", ", failed)));
      }
    }

    // ---- the detailed endpoint

    private void detailsEndpoint(String path) {
      Http.Answer anonymous = ask("GET", path, "GET, no Authorization", Map.of("Accept", "*/*"));
      boolean open = false; // details shown to anyone: a wrong token seeing them is the same leak
      if (anonymous != null && !redirect(path, "GET, no Authorization", anonymous)) {
        List<String> disclosed = Disclosure.of(anonymous.text(), Json.object(anonymous.text()), base.getHost());
        open = !disclosed.isEmpty();
        if (open) {
          report(Finding.of(Rule.ANONYMOUS_DISCLOSURE, at(path, "GET, no Authorization"),
              "an anonymous answer (" + anonymous.status() + ") shows " + String.join(", ", disclosed)));
        } else if (!rejected(anonymous)) {
          notes.accept("VL107: " + path + " answers anonymous callers " + anonymous.status()
              + " with the status only (acceptable: details need a token)");
        }
      }
      String context = "GET, Authorization: Bearer <wrong token>";
      Http.Answer wrong = ask("GET", path, context, Map.of("Accept", "*/*", "Authorization", "Bearer "
          + (WRONG_TOKEN.equals(options.token()) ? WRONG_TOKEN + "x" : WRONG_TOKEN)));
      if (wrong != null && !redirect(path, context, wrong)) {
        List<String> disclosed = Disclosure.of(wrong.text(), Json.object(wrong.text()), base.getHost());
        if (open) {
          notes.accept("VL107: " + path + " shows the details to anyone (VL106), a wrong token too");
        } else if (!disclosed.isEmpty()) {
          report(Finding.of(Rule.AUTH_REJECTION, at(path, context), "a wrong token got "
              + wrong.status() + " with " + String.join(", ", disclosed)));
        } else if (!rejected(wrong)) {
          notes.accept("VL107: " + path + " answers a wrong token " + wrong.status()
              + " with the status only, not 401 or 403");
        }
      }
      Http.Answer answer = authorised(path);
      if (answer != null && !redirect(path, "GET, with the token", answer)) {
        if (rejected(answer)) {
          notes.accept(path + " refused the token given (" + answer.status() + "): details not seen");
        } else if (Json.object(answer.text()) == null) {
          report(Finding.of(Rule.BODY_SCHEMA, at(path, "GET, with the token"),
              "the body is not a JSON object: " + excerpt(answer.text())));
        } else {
          mediaType(path, Map.of("with the token", answer), Map.of());
          schema(path, answer);
        }
      }
      otherMethods(path);
    }

    private boolean rejected(Http.Answer answer) {
      return answer.status() == 401 || answer.status() == 403;
    }

    // ---- liveness dependencies

    private void livenessDependencies(String live) {
      if (live == null || hung.contains(live)) {
        return;
      }
      Http.Answer answer = authorised(live);
      String context = "GET, with the token";
      if (answer == null || Json.object(answer.text()) == null) {
        answer = ask("GET", live, "GET, Accept: */*", probeHeaders());
        context = "GET, Accept: */*";
      }
      Map<String, Object> json = answer == null ? null : Json.object(answer.text());
      if (json == null) {
        return;
      }
      List<String> dependencies = HealthShape.dependencies(json);
      if (!dependencies.isEmpty()) {
        report(Finding.of(Rule.LIVENESS_DEPENDENCIES, at(live, context),
            "liveness reports " + String.join(", ", dependencies)));
      } else if (!json.containsKey("checks") && !json.containsKey("components")) {
        notes.accept("VL113: liveness shows no checks" + (options.token() == null
            ? " to anonymous callers; give --token to see them" : ""));
      }
    }

    // ---- load and amplification

    private ServiceFacts load(Endpoints endpoints, Map<String, Timing> probes) {
      CheckSeries before = metrics(endpoints);
      int sent = 0;
      List<String> loaded = new ArrayList<>();
      for (String path : new LinkedHashSet<>(Arrays.asList(endpoints.ready(), endpoints.live()))) {
        if (path == null || hung.contains(path)) {
          continue;
        }
        loaded.add(path);
        LoadTest.Result result = LoadTest.burst(http, uri(path), options.concurrency());
        sent += options.concurrency();
        latency(path, probes.get(path), result);
      }
      CheckSeries after = before == null ? null : metrics(endpoints);
      if (loaded.isEmpty()) {
        notes.accept("VL111, VL112: no liveness or readiness endpoint answered: no load test");
      } else if (after != null) {
        amplification(before, after, sent);
      } else if (endpoints.details() != null && authorised(endpoints.details()) != null) {
        checkTimes(endpoints.details(), loaded.get(0));
      } else {
        notes.accept("VL112: amplification not measurable: no check metrics or per-check times to read"
            + (options.token() == null ? " (a token may unlock them: --token)" : ""));
      }
      CheckSeries series = after != null ? after : before;
      if (series == null || series.deadlines().isEmpty()) {
        return ServiceFacts.NONE;
      }
      double longest = series.deadlines().values().stream().mapToDouble(Double::doubleValue).max().orElseThrow();
      Duration deadline = Duration.ofNanos(Math.round(longest * 1e9));
      notes.accept("longest check deadline " + deadline.toMillis() + " ms (vitals_check_timeout_seconds)");
      return new ServiceFacts(deadline, null, null, null);
    }

    private void latency(String path, Timing timing, LoadTest.Result result) {
      String figures = "p50 " + ms(result.percentile(50)) + ", p99 " + ms(result.percentile(99))
          + ", max " + ms(result.max()) + (result.unanswered() > 0 ? ", " + result.unanswered()
              + " unanswered within " + ms(options.requestTimeout()) : "");
      notes.accept("VL111: " + options.concurrency() + " concurrent GETs on " + path + ": " + figures
          + ", statuses " + result.statuses() + " (probe timeout " + timing.timeout() + " s)");
      String problem = result.problem(Duration.ofSeconds(timing.timeout()));
      if (problem != null) {
        report(Finding.of(Rule.LATENCY, at(path, options.concurrency() + " concurrent GETs"),
            figures + ": " + problem));
      }
    }

    /** The Vitals series of {@code <details>/metrics} (or {@code /health/metrics}), with the token; else null. */
    private CheckSeries metrics(Endpoints endpoints) {
      if (options.token() == null) {
        return null;
      }
      Set<String> paths = new LinkedHashSet<>();
      if (metricsPath != null) {
        paths.add(metricsPath);
      } else {
        if (endpoints.details() != null) {
          paths.add(endpoints.details() + "/metrics");
        }
        paths.add("/health/metrics");
      }
      for (String path : paths) {
        Http.Answer answer = ask("GET", path, "GET, with the token", Map.of("Authorization", "Bearer " + options.token()));
        CheckSeries series = answer == null || !answer.is2xx() ? null : CheckSeries.parse(answer.text());
        if (series != null && !series.executions().isEmpty()) {
          metricsPath = path;
          return series;
        }
      }
      return null;
    }

    private void amplification(CheckSeries before, CheckSeries after, int sent) {
      List<String> amplified = new ArrayList<>();
      double most = 0;
      for (Map.Entry<String, Double> check : after.executions().entrySet()) {
        double extra = check.getValue() - before.executions().getOrDefault(check.getKey(), 0.0);
        most = Math.max(most, extra);
        if (extra > HANDFUL) {
          amplified.add(check.getKey() + " ran " + Math.round(extra) + " times");
        }
      }
      String where = metricsPath;
      notes.accept("VL112: measured from " + where + ": at most " + Math.round(most)
          + " executions of a check during " + sent + " probes");
      if (!amplified.isEmpty()) {
        report(Finding.of(Rule.AMPLIFICATION, at(where, sent + " probes, " + options.concurrency()
            + " at a time"), String.join(", ", amplified) + " during " + sent + " probes"
            + " (vitals_check_duration_seconds_count)"));
      }
    }

    /**
     * Without metrics: bursts of N probes on {@code probed}, each followed by a reading of the
     * details; a check whose {@code time} moves after every burst seems to run per probe (or on
     * an interval shorter than the whole measurement, which the note names).
     */
    private void checkTimes(String details, String probed) {
      Function<Http.Answer, Map<String, String>> times = answer -> {
        Map<String, String> found = new LinkedHashMap<>();
        Map<String, Object> json = answer == null ? null : Json.object(answer.text());
        if (json != null && json.get("checks") instanceof Map<?, ?> checks) {
          checks.forEach((key, value) -> Json.list(value).stream()
              .filter(item -> item instanceof Map<?, ?> m && m.get("time") != null)
              .forEach(item -> found.merge(String.valueOf(key), String.valueOf(((Map<?, ?>) item).get("time")), String::concat)));
        }
        return found;
      };
      Map<String, String> previous = times.apply(authorised(details));
      if (previous.isEmpty()) {
        notes.accept("VL112: amplification not measurable: the details carry no check times");
        return;
      }
      Set<String> everyBurst = new LinkedHashSet<>(previous.keySet());
      long started = System.nanoTime();
      for (int round = 0; round < ROUNDS; round++) {
        LoadTest.burst(http, uri(probed), options.concurrency());
        Map<String, String> now = times.apply(ask("GET", details, "GET, with the token",
            Map.of("Accept", "*/*", "Authorization", "Bearer " + options.token())));
        Map<String, String> last = previous;
        everyBurst.removeIf(check -> now.get(check) == null || now.get(check).equals(last.get(check)));
        previous = now;
      }
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      notes.accept("VL112: measured from the check times in " + details + " around " + ROUNDS
          + " bursts of " + options.concurrency() + " probes on " + probed + " within " + ms(took));
      if (!everyBurst.isEmpty()) {
        // A check on an interval shorter than the measurement moves as well: a warning, not an error.
        report(new Finding(Rule.AMPLIFICATION, Severity.WARNING, at(details, "check times around "
            + ROUNDS + " bursts of " + options.concurrency() + " probes on " + probed),
            "the time of " + String.join(", ", everyBurst) + " moved after every burst within "
                + ms(took) + ": each probe seems to run the check"));
      }
    }

    // ---- asking

    private Map<String, String> probeHeaders() {
      return Map.of("Accept", "*/*", "User-Agent", Http.KUBELET_USER_AGENT);
    }

    /**
     * Sends {@code method path}; null if no answer came. A timeout is a VL111 finding, once per
     * path, and the path is not asked again; another failure is a note.
     */
    private Http.Answer ask(String method, String path, String context, Map<String, String> headers) {
      if (hung.contains(path)) {
        return null;
      }
      try {
        return http.send(method, uri(path), headers);
      } catch (HttpTimeoutException e) {
        hung.add(path);
        report(Finding.of(Rule.LATENCY, at(path, context), method + " got no answer within "
            + ms(options.requestTimeout()) + "; " + path + " not asked again"));
      } catch (IOException e) {
        notes.accept(method + " " + path + " (" + context + "): no answer: " + e);
      }
      return null;
    }

    /** Whether {@code answer} is a redirect, reported as VL105 (the Location's path only). */
    private boolean redirect(String path, String context, Http.Answer answer) {
      if (answer.status() / 100 != 3) {
        return false;
      }
      String shown = location(answer.header("location"));
      report(Finding.of(Rule.REDIRECT, at(path, context), context.split(",")[0] + " answered "
          + answer.status() + " to " + shown));
      return true;
    }

    /** The path of a Location header: where it sends, without a query that may carry a token. */
    private String location(String header) {
      if (header == null) {
        return "no Location";
      }
      try {
        String path = URI.create(header.strip()).getRawPath();
        return path == null || path.isEmpty() ? "/" : path;
      } catch (IllegalArgumentException e) {
        return "an unreadable Location";
      }
    }

    /** The base URL with {@code path} appended: a base with a path prefix keeps it. */
    private URI uri(String path) {
      return URI.create(base + path);
    }

    private Location at(String path, String context) {
      return Location.url(uri(path).toString(), context);
    }

    private void report(Finding finding) {
      findings.accept(finding);
    }
  }

  private static String listed(List<String> problems) {
    return problems.size() <= 4 ? String.join("; ", problems)
        : String.join("; ", problems.subList(0, 4)) + "; and " + (problems.size() - 4) + " more";
  }

  private static String excerpt(String text) {
    String line = text.strip().replaceAll("\\s+", " ");
    return line.isEmpty() ? "(empty)" : HealthJson.quote(line.length() > 40 ? line.substring(0, 40) + "…" : line);
  }

  private static String ms(Duration d) {
    return d.toMillis() >= 1000 ? String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0) : d.toMillis() + " ms";
  }
}
