package dev.vitals.lint;

import dev.vitals.lint.Prober.Kind;
import dev.vitals.lint.Prober.Sample;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Lifecycle mode ({@code vitals lint --run 'COMMAND' --port N}): lint starts the service itself,
 * watches it start, lints it live, sends it SIGTERM and watches it stop.
 *
 * <ol>
 *   <li>Refuses to start when something already accepts connections on the port: lint would
 *       probe that process, not its own. Starts {@code sh -c COMMAND} ({@link ServiceProcess} says
 *       how it is signalled and cleaned up), then waits for the port to accept connections.
 *   <li>Endpoints: the paths given, else the manifests' probe paths, else the first of the common
 *       paths ({@link Endpoints}) that does not answer 404 once the port accepts.
 *   <li>Start-up: polls startup, readiness and liveness every 50 ms ({@link Prober}) until startup
 *       and readiness (those that exist; else liveness; else the open port) have answered 2xx; a
 *       service that exits first, or has not passed within the start timeout, is a {@link
 *       LintException} with its last output. {@code startupTime}: from the process start to the
 *       first request that startup (readiness, without a startup endpoint) answered 2xx. VL301 as
 *       {@link LifecycleRules#readyBeforeStarted} defines it.
 *   <li>The live rules ({@link LiveLint}) against the running service, not polled meanwhile so
 *       that lint's own requests do not skew the load rules.
 *   <li>Shutdown: polls readiness and liveness, sends SIGTERM, and waits for the process to exit
 *       within the grace period: the workloads' {@code terminationGracePeriodSeconds} less their
 *       preStop sleep (the kubelet counts the grace period from preStop, and signals after it),
 *       Kubernetes' 30 s without manifests. VL302 as {@link LifecycleRules#readinessOnSigterm} and
 *       {@link LifecycleRules#livenessOnSigterm} define it, with the workloads' readiness {@code
 *       periodSeconds} (Kubernetes' 10 s without); {@code readinessDrop}: from SIGTERM to the
 *       first readiness request not answered 2xx. VL303: the process (the shell and every process
 *       of its tree) has not exited at the end of the grace period; lint then kills it, as the
 *       kubelet would. {@code exitTime}: from SIGTERM until all of it has exited, unless killed.
 * </ol>
 *
 * <p>Workloads are those whose container ports or probe ports include N, else all of them; where
 * several disagree, the shortest period and grace are used. Times are when the request was sent,
 * from the start of the process, so they are as precise as the 50 ms between polls. The service's
 * output is kept in a temporary file when anything failed, and named in the report; deleted
 * otherwise.
 */
public final class LifecycleLint {
  private final LintOptions options;
  private final List<Workload> workloads;

  public LifecycleLint(LintOptions options, List<Workload> workloads) {
    this.options = options;
    this.workloads = workloads;
  }

  /** Starts {@code options.run()}, applies the lifecycle and live rules, and stops it. */
  public ServiceFacts run(Consumer<Finding> findings, Consumer<String> notes) {
    int port = options.port();
    if (accepts(port)) {
      throw new LintException("port " + port + " already accepts connections before lint has"
          + " started anything: lint would probe that process; stop it or choose another --port");
    }
    Http http = new Http(options.requestTimeout());
    List<Finding> lifecycle = new ArrayList<>();
    Consumer<Finding> collect = f -> {
      lifecycle.add(f);
      findings.accept(f);
    };
    try (ServiceProcess service = ServiceProcess.start(options.run())) {
      Map<Kind, String> paths = new EnumMap<>(Kind.class);
      ServiceFacts facts = start(service, http, paths, collect, notes);
      facts = facts.and(new LiveLint(withPaths(paths), workloads).run(findings, notes));
      if (!service.alive()) {
        notes.accept("the service exited with status " + service.exitStatus() + " before SIGTERM: "
            + Rule.SIGTERM_READINESS.id() + " and " + Rule.SIGTERM_EXIT.id() + " not checked; its"
            + " output: " + service.log());
        return facts;
      }
      facts = stop(service, http, paths, collect, notes).and(facts);
      if (lifecycle.isEmpty()) {
        service.discardLog();
      } else {
        notes.accept("the started service's output: " + service.log());
      }
      return facts;
    }
  }

  /** Steps 1–3: returns the facts with {@code startupTime}; fills {@code paths}. */
  private ServiceFacts start(ServiceProcess service, Http http, Map<Kind, String> paths,
      Consumer<Finding> findings, Consumer<String> notes) {
    Prober prober = new Prober(http, options.target(), service.origin());
    Duration listening;
    try (prober) {
      await(service, () -> accepts(options.port()),
          () -> "port " + options.port() + " to accept connections");
      listening = Prober.since(service.origin());
      List<String> found = new ArrayList<>();
      for (Kind kind : Kind.values()) {
        String path = kind.given(options);
        String how = "given";
        if (path == null) {
          path = fromManifests(kind);
          how = "from the manifests";
        }
        if (path == null) {
          path = discover(prober, kind);
          how = "found";
        }
        if (path == null) {
          found.add("no " + kind.label() + " endpoint");
        } else {
          found.add(kind.label() + " " + path + " (" + how + ")");
          paths.put(kind, path);
          prober.poll(kind, path);
        }
      }
      notes.accept("lifecycle endpoints: " + String.join(", ", found));

      List<Kind> gates = new ArrayList<>(List.of(Kind.STARTUP, Kind.READINESS));
      gates.retainAll(paths.keySet());
      if (gates.isEmpty() && paths.containsKey(Kind.LIVENESS)) {
        gates.add(Kind.LIVENESS);
      }
      await(service, () -> gates.stream().allMatch(k -> firstPass(prober.samples(k)) != null),
          () -> gates.stream().filter(k -> firstPass(prober.samples(k)) == null).findFirst()
              .map(k -> k.label() + " (" + paths.get(k) + ") to answer 2xx").orElse("start-up"));
    }

    StringBuilder timeline = new StringBuilder("start-up: port " + options.port()
        + " accepted connections after " + seconds(listening));
    for (Kind kind : paths.keySet()) {
      Sample pass = firstPass(prober.samples(kind));
      timeline.append(", ").append(kind.label())
          .append(pass == null ? " not 2xx yet" : " 2xx after " + seconds(pass.sent()));
    }
    notes.accept(timeline.toString());

    if (!paths.containsKey(Kind.READINESS)) {
      notes.accept(Rule.READY_BEFORE_STARTED.id() + " not checked: there is no readiness endpoint");
    } else if (!paths.containsKey(Kind.STARTUP)) {
      notes.accept(Rule.READY_BEFORE_STARTED.id() + " not checked: without a startup endpoint there"
          + " is nothing to hold readiness against; start-up time is readiness's first 2xx");
    } else {
      String observed = LifecycleRules.readyBeforeStarted(
          prober.samples(Kind.STARTUP), prober.samples(Kind.READINESS));
      if (observed != null) {
        findings.accept(Finding.of(Rule.READY_BEFORE_STARTED,
            Location.url(url(paths.get(Kind.READINESS)), "GET during start-up"), observed));
      }
    }
    Sample started = firstPass(prober.samples(
        paths.containsKey(Kind.STARTUP) ? Kind.STARTUP : Kind.READINESS));
    return new ServiceFacts(null, started == null ? null : started.sent(), null, null);
  }

  /** Step 5: returns the facts with {@code readinessDrop} and {@code exitTime}. */
  private ServiceFacts stop(ServiceProcess service, Http http, Map<Kind, String> paths,
      Consumer<Finding> findings, Consumer<String> notes) {
    List<Workload> serving = serving();
    Duration period = Duration.ofSeconds(serving.stream().map(Workload::readiness)
        .filter(Objects::nonNull).mapToInt(ProbeSpec::periodSeconds).min()
        .orElse(ProbeSpec.DEFAULT_PERIOD));
    Duration grace = Duration.ofSeconds(serving.stream()
        .mapToInt(w -> Math.max(0, w.terminationGracePeriodSeconds() - w.preStopSleepSeconds()))
        .min().orElse(Workload.DEFAULT_GRACE_PERIOD));
    notes.accept("shutdown: readiness period " + seconds(period) + ", grace period after SIGTERM "
        + seconds(grace) + (workloads.isEmpty()
            ? " (Kubernetes' defaults; give the manifests for yours)" : " (from the manifests)"));

    Prober prober = new Prober(http, options.target(), service.origin());
    Sample before;
    Duration sigterm;
    boolean exited;
    Duration end;
    try (prober) {
      before = paths.containsKey(Kind.READINESS) ? prober.probe(paths.get(Kind.READINESS)) : null;
      for (Kind kind : List.of(Kind.READINESS, Kind.LIVENESS)) {
        if (paths.containsKey(kind)) {
          prober.poll(kind, paths.get(kind));
        }
      }
      sigterm = service.sigterm();
      exited = service.awaitExit(grace);
      end = Prober.since(service.origin());
      if (!exited) {
        service.kill();
      }
    }
    // The shutdown ends at the exit, or at lint's SIGKILL: what lint saw after is no part of it.
    // An exited process answers nothing, even if it went between two polls.
    List<Sample> readiness = new ArrayList<>(upTo(prober.samples(Kind.READINESS), end));
    if (exited) {
      readiness.add(new Sample(end, end, Sample.NO_ANSWER));
    }
    List<Sample> liveness = upTo(prober.samples(Kind.LIVENESS), end);
    end = end.minus(sigterm);

    StringBuilder timeline = new StringBuilder("SIGTERM to " + service.signalled() + " after "
        + seconds(sigterm) + ":");
    Sample drop = LifecycleRules.firstFailure(readiness, sigterm);
    if (before == null || !before.passed()) {
      notes.accept(Rule.SIGTERM_READINESS.id() + " not checked: " + (before == null
          ? "there is no readiness endpoint"
          : "readiness answered " + before.describe() + " just before SIGTERM"));
    } else {
      reportIf(findings, Rule.SIGTERM_READINESS, paths.get(Kind.READINESS),
          LifecycleRules.readinessOnSigterm(readiness, sigterm, period));
      timeline.append(drop == null ? " readiness 2xx to the end"
          : " readiness " + drop.describe() + " after " + seconds(drop.sent().minus(sigterm)));
    }
    if (paths.containsKey(Kind.LIVENESS)) {
      String observed = LifecycleRules.livenessOnSigterm(liveness, sigterm);
      reportIf(findings, Rule.SIGTERM_READINESS, paths.get(Kind.LIVENESS), observed);
      timeline.append(observed == null ? ", liveness 2xx throughout" : ", " + observed);
    }
    if (exited) {
      timeline.append(", exited after ").append(seconds(end))
          .append(" with status ").append(service.exitStatus());
    } else {
      reportIf(findings, Rule.SIGTERM_EXIT, "", "still running " + seconds(end) + " after SIGTERM,"
          + " at the end of the grace period (" + seconds(grace) + "): lint killed it with SIGKILL,"
          + " as the kubelet would");
      timeline.append(", still running after ").append(seconds(end)).append(": killed");
    }
    notes.accept(timeline.toString());
    return new ServiceFacts(null, null, drop == null ? null : drop.sent().minus(sigterm),
        exited ? end : null);
  }

  /** The live pass sees the endpoints lint used, so both audit the same ones. */
  private LintOptions withPaths(Map<Kind, String> paths) {
    return new LintOptions(options.baseUrl(), paths.get(Kind.LIVENESS), paths.get(Kind.READINESS),
        paths.get(Kind.STARTUP), options.detailsPath(), options.token(), options.manifests(),
        options.concurrency(), options.requestTimeout(), options.run(), options.port(),
        options.startTimeout());
  }

  /** Waits for {@code condition}; {@link LintException} if the service exits or the start timeout passes. */
  private void await(ServiceProcess service, BooleanSupplier condition, Supplier<String> waitingFor) {
    long deadline = service.origin() + options.startTimeout().toNanos();
    while (!condition.getAsBoolean()) {
      if (!service.alive()) {
        throw new LintException("the service exited with status " + service.exitStatus()
            + " while lint waited for " + waitingFor.get() + service.output());
      }
      if (System.nanoTime() - deadline > 0) {
        throw new LintException("lint waited " + seconds(options.startTimeout())
            + " (the start timeout) for " + waitingFor.get() + service.output());
      }
      Prober.pause();
    }
  }

  /** The first common path for {@code kind} that is {@link Endpoints#served}; the answer is recorded. */
  private static String discover(Prober prober, Kind kind) {
    for (String path : kind.candidates()) {
      Sample answer = prober.probe(path);
      if (answer.answered() && Endpoints.served(answer.status())) {
        prober.record(kind, answer);
        return path;
      }
    }
    return null;
  }

  /** The path of the serving workloads' HTTP probe of {@code kind}, or null. */
  private String fromManifests(Kind kind) {
    return serving().stream().map(w -> Endpoints.pathOf(kind.spec(w)))
        .filter(path -> path != null).findFirst().orElse(null);
  }

  private List<Workload> serving() {
    return Workload.serving(workloads, options.port());
  }

  /** A finding at {@code path} of the service, after SIGTERM, unless {@code observed} is null. */
  private void reportIf(Consumer<Finding> findings, Rule rule, String path, String observed) {
    if (observed != null) {
      findings.accept(Finding.of(rule, Location.url(url(path), "after SIGTERM"), observed));
    }
  }

  private static List<Sample> upTo(List<Sample> samples, Duration end) {
    return samples.stream().filter(s -> s.sent().compareTo(end) < 0).toList();
  }

  private static Sample firstPass(List<Sample> samples) {
    return samples.stream().filter(Sample::passed).findFirst().orElse(null);
  }

  private String url(String path) {
    return options.target().toString() + path;
  }

  private static String seconds(Duration d) {
    return LifecycleRules.seconds(d);
  }

  /** Whether something accepts TCP connections on 127.0.0.1:{@code port} within 1 s. */
  private static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
