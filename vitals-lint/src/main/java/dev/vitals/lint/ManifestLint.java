package dev.vitals.lint;

import dev.vitals.Durations;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The static rules (VL2xx) on the containers read by {@link Manifests}, with what the live or
 * lifecycle pass measured ({@link ServiceFacts}) where a rule can use it. Each container is
 * checked on its own; a finding points at the probe it is about, or at the container's {@code
 * name} line for what the container lacks.
 *
 * <p>Decisions a reader of a report should know:
 *
 * <ul>
 *   <li>A container with no ports and no probes is taken for a sidecar (a log shipper, a proxy
 *       injected by hand): it gets a note and no rule, since it serves nothing a probe could ask.
 *   <li>VL204 checks {@code httpGet} paths only (query and trailing slash ignored); a note names
 *       the probes that use exec, tcpSocket or grpc. A path in {@link Endpoints#READY}, in {@link
 *       Endpoints#DETAILS}, or the one this container's readinessProbe asks is an error, except
 *       {@code /healthz}: Vitals serves it as an alias of the detailed view and Kubernetes' own
 *       components as the all-checks view, but many services answer it from the process alone,
 *       so it is a warning.
 *   <li>VL206: with {@link ServiceFacts#startupTime()}, a start-up longer than the startup probe
 *       (or, without one, liveness) tolerates is an error; otherwise no startup probe and a
 *       liveness {@code initialDelaySeconds} of 30 or more is a warning. One finding at most.
 *   <li>VL207 applies to every probe but tcpSocket, which never waits for a check.
 *   <li>VL208: the grace period must be above preStop sleep + the exit after SIGTERM, where the
 *       exit is {@link ServiceFacts#exitTime()} when measured, else the drain delay ({@code
 *       VITALS_DRAIN_DELAY}) plus the shutdown budget (the longer of {@code
 *       VITALS_SHUTDOWN_TIMEOUT}, the Spring binding of {@code vitals.shutdown-timeout}, and
 *       {@code SPRING_LIFECYCLE_TIMEOUT_PER_SHUTDOWN_PHASE}), each counted only when set in the
 *       manifest: defaults are not assumed, since lint cannot tell what runs in the container.
 *       The preStop sleep and the drain add up because the kubelet sends SIGTERM only after the
 *       hook. With none of them known the rule is not applied, and a note says so.
 *   <li>VL209: the drain is preStop sleep + the time readiness failed before exit (measured:
 *       exit time − readiness drop) or, unmeasured, the drain delay; it must be at least the
 *       readiness {@code periodSeconds}. Without a readiness probe VL201 speaks instead.
 * </ul>
 */
public final class ManifestLint {
  /** Header names that carry credentials, lower case. */
  private static final Set<String> CREDENTIAL_HEADERS = Set.of("authorization",
      "proxy-authorization", "cookie", "x-api-key", "api-key", "x-auth-token");
  private static final Pattern CREDENTIAL_VALUE = Pattern.compile("(?i)\\s*(?:bearer|basic)\\s+\\S.*");
  /** A liveness initialDelaySeconds this long means a slow start handled the old way. */
  static final int SLOW_INITIAL_DELAY = 30;
  private static final String CLASSIC_LIVENESS = "/healthz";

  private final Workload w;
  private final ServiceFacts facts;
  private final List<Finding> findings;
  private final Consumer<String> notes;
  private final Part preStop;
  private final Part drainDelay;
  private final Part shutdown;

  private ManifestLint(Workload w, ServiceFacts facts, List<Finding> findings, Consumer<String> notes) {
    this.w = w;
    this.facts = facts;
    this.findings = findings;
    this.notes = notes;
    this.preStop = w.preStopSleepSeconds() > 0
        ? new Part("preStop sleep", Duration.ofSeconds(w.preStopSleepSeconds())) : null;
    this.drainDelay = env("VITALS_DRAIN_DELAY", "VITALS_DRAINDELAY");
    Part vitals = env("VITALS_SHUTDOWN_TIMEOUT", "VITALS_SHUTDOWNTIMEOUT");
    Part spring = env("SPRING_LIFECYCLE_TIMEOUT_PER_SHUTDOWN_PHASE",
        "SPRING_LIFECYCLE_TIMEOUTPERSHUTDOWNPHASE");
    this.shutdown = vitals == null || (spring != null && spring.value.compareTo(vitals.value) > 0)
        ? spring : vitals;
  }

  /**
   * The findings of the static rules on {@code workloads}, using what {@code facts} know; {@code
   * notes} hears what was skipped and why.
   */
  public static List<Finding> check(List<Workload> workloads, ServiceFacts facts, Consumer<String> notes) {
    List<Finding> findings = new ArrayList<>();
    for (Workload w : workloads) {
      if (w.probes().isEmpty() && w.ports().isEmpty()) {
        notes.accept(w.describe() + ": no ports and no probes, taken for a sidecar; static rules not applied");
      } else {
        new ManifestLint(w, facts, findings, notes).run();
      }
    }
    return findings;
  }

  private void run() {
    Map<String, ProbeSpec> probes = probes();
    String other = probes.entrySet().stream().filter(e -> !e.getValue().handler().equals("httpGet"))
        .map(e -> e.getKey() + " (" + e.getValue().handler() + ")").collect(Collectors.joining(", "));
    if (!other.isEmpty()) {
      notes.accept(w.describe() + ": " + other + " not httpGet; only httpGet paths are checked");
    }
    if (w.readiness() == null) {
      report(Rule.READINESS_MISSING, w.line(), null, "no readinessProbe");
    }
    if (w.liveness() == null) {
      report(Rule.LIVENESS_MISSING, w.line(), null, "no livenessProbe");
    }
    boolean identical = w.liveness() != null && w.readiness() != null
        && w.liveness().sameTarget(w.readiness());
    if (identical) {
      report(Rule.IDENTICAL_PROBES, w.liveness().line(), "livenessProbe",
          "livenessProbe and readinessProbe both " + target(w.liveness()));
    }
    livenessPath(identical);
    probes.forEach(this::credentials);
    startup();
    if (facts.checkDeadline() != null) {
      probes.forEach(this::timeout);
    }
    grace();
    drain();
  }

  private void livenessPath(boolean identical) {
    ProbeSpec liveness = w.liveness();
    if (liveness == null || !liveness.handler().equals("httpGet")) {
      return;
    }
    String path = normalise(liveness.path());
    String what;
    if (Endpoints.READY.contains(path)) {
      what = ", a readiness endpoint";
    } else if (path.equals(CLASSIC_LIVENESS)) {
      findings.add(new Finding(Rule.LIVENESS_ON_READINESS, Severity.WARNING,
          at(liveness.line(), "livenessProbe"), "livenessProbe GETs " + path
              + ", the all-checks view in Vitals and in Kubernetes' own components"));
      return;
    } else if (Endpoints.DETAILS.contains(path)) {
      what = ", a detailed (all-checks) endpoint";
    } else if (!identical && w.readiness() != null && w.readiness().handler().equals("httpGet")
        && path.equals(normalise(w.readiness().path()))) {
      what = ", the path of the readinessProbe";
    } else {
      return;
    }
    report(Rule.LIVENESS_ON_READINESS, liveness.line(), "livenessProbe", "livenessProbe GETs " + path + what);
  }

  private void credentials(String field, ProbeSpec probe) {
    String names = probe.headers().stream()
        .filter(h -> CREDENTIAL_HEADERS.contains(h.getKey().toLowerCase(Locale.ROOT))
            || CREDENTIAL_VALUE.matcher(h.getValue()).matches())
        .map(Map.Entry::getKey).distinct().collect(Collectors.joining(", "));
    if (!names.isEmpty()) {
      // The header names only: the values are the secret.
      report(Rule.PROBE_CREDENTIALS, probe.line(), field, field + " sends credentials in header " + names);
    }
  }

  private void startup() {
    String field = w.startup() != null ? "startupProbe" : "livenessProbe";
    ProbeSpec killer = w.startup() != null ? w.startup() : w.liveness();
    if (killer == null) {
      return; // nothing restarts a slow start
    }
    Duration took = facts.startupTime();
    if (took != null && took.compareTo(Duration.ofSeconds(killer.toleranceSeconds())) > 0) {
      findings.add(new Finding(Rule.STARTUP_PROBE, Severity.ERROR, at(killer.line(), field),
          "start-up took " + seconds(took) + "; " + field + " tolerates " + killer.toleranceSeconds()
              + " s (initialDelaySeconds " + killer.initialDelaySeconds() + " + failureThreshold "
              + killer.failureThreshold() + " × periodSeconds " + killer.periodSeconds() + ")"));
    } else if (w.startup() == null && killer.initialDelaySeconds() >= SLOW_INITIAL_DELAY) {
      report(Rule.STARTUP_PROBE, killer.line(), field, "no startupProbe; livenessProbe waits"
          + " initialDelaySeconds " + killer.initialDelaySeconds() + " before its first check");
    }
  }

  private void timeout(String field, ProbeSpec probe) {
    if (!probe.handler().equals("tcpSocket")
        && Duration.ofSeconds(probe.timeoutSeconds()).compareTo(facts.checkDeadline()) <= 0) {
      report(Rule.PROBE_TIMEOUT, probe.line(), field, field + " timeoutSeconds " + probe.timeoutSeconds()
          + " is not above the service's check deadline of " + seconds(facts.checkDeadline()));
    }
  }

  private void grace() {
    List<Part> parts = new ArrayList<>();
    add(parts, preStop);
    if (facts.exitTime() != null) {
      parts.add(new Part("exit after SIGTERM (measured)", facts.exitTime()));
    } else {
      add(parts, drainDelay);
      add(parts, shutdown);
    }
    if (parts.isEmpty()) {
      notes.accept(w.describe() + ": " + Rule.GRACE_PERIOD.id() + " not checked: no preStop sleep,"
          + " VITALS_DRAIN_DELAY, shutdown timeout or measured exit");
      return;
    }
    Duration needed = sum(parts);
    int grace = w.terminationGracePeriodSeconds();
    if (Duration.ofSeconds(grace).compareTo(needed) <= 0) {
      report(Rule.GRACE_PERIOD, w.line(), "terminationGracePeriodSeconds",
          "terminationGracePeriodSeconds " + grace + " is not above " + join(parts)
              + (parts.size() > 1 ? " = " + seconds(needed) : ""));
    }
  }

  private void drain() {
    ProbeSpec readiness = w.readiness();
    if (readiness == null) {
      return;
    }
    List<Part> parts = new ArrayList<>();
    add(parts, preStop);
    if (facts.exitTime() != null && facts.readinessDrop() != null) {
      Duration measured = facts.exitTime().minus(facts.readinessDrop());
      parts.add(new Part("readiness failing before exit (measured)", measured.isNegative() ? Duration.ZERO : measured));
    } else {
      add(parts, drainDelay);
    }
    int period = readiness.periodSeconds();
    if (sum(parts).compareTo(Duration.ofSeconds(period)) < 0) {
      report(Rule.DRAIN, w.line(), "drain", (parts.isEmpty() ? "no preStop sleep and no VITALS_DRAIN_DELAY;"
          : join(parts) + " is shorter than the") + " readinessProbe periodSeconds " + period);
    }
  }

  /** The named Duration setting of the container's env, the first of {@code names} set; else null. */
  private Part env(String... names) {
    for (String name : names) {
      String value = w.env().get(name);
      if (value == null) {
        continue;
      }
      try {
        // Spring reads a bare number as milliseconds; Vitals refuses one (units are never guessed).
        return new Part(name, name.startsWith("SPRING_") && value.strip().matches("\\d{1,18}")
            ? Duration.ofMillis(Long.parseLong(value.strip())) : Durations.parse(name, value));
      } catch (IllegalArgumentException e) {
        notes.accept(w.describe() + ": " + e.getMessage() + "; not counted");
        return null;
      }
    }
    return null;
  }

  private Map<String, ProbeSpec> probes() {
    Map<String, ProbeSpec> probes = new LinkedHashMap<>();
    if (w.liveness() != null) {
      probes.put("livenessProbe", w.liveness());
    }
    if (w.readiness() != null) {
      probes.put("readinessProbe", w.readiness());
    }
    if (w.startup() != null) {
      probes.put("startupProbe", w.startup());
    }
    return probes;
  }

  private void report(Rule rule, int line, String field, String observed) {
    findings.add(Finding.of(rule, at(line, field), observed));
  }

  private Location at(int line, String field) {
    return Location.file(w.file(), line, field == null ? w.describe() : w.describe() + ", " + field);
  }

  /** What a probe asks, e.g. {@code GET /health on port 8080}. */
  static String target(ProbeSpec p) {
    return switch (p.handler()) {
      case "httpGet" -> ("HTTPS".equalsIgnoreCase(p.scheme()) ? "HTTPS " : "") + "GET " + p.path()
          + " on port " + p.port();
      case "exec" -> "exec " + String.join(" ", p.command());
      default -> p.handler() + " on port " + p.port();
    };
  }

  /** A path as the rules compare it: no query, no trailing slash. */
  static String normalise(String path) {
    int query = path.indexOf('?');
    String p = query < 0 ? path : path.substring(0, query);
    return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
  }

  /** {@code 5 s}, {@code 1.5 s}. */
  static String seconds(Duration d) {
    long millis = d.toMillis();
    return (millis % 1000 == 0 ? Long.toString(millis / 1000)
        : BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString()) + " s";
  }

  private static void add(List<Part> parts, Part part) {
    if (part != null) {
      parts.add(part);
    }
  }

  private static Duration sum(List<Part> parts) {
    return parts.stream().map(Part::value).reduce(Duration.ZERO, Duration::plus);
  }

  private static String join(List<Part> parts) {
    return parts.stream().map(Part::toString).collect(Collectors.joining(" + "));
  }

  /** One term of a time budget, e.g. {@code VITALS_DRAIN_DELAY 5 s}. */
  private record Part(String label, Duration value) {
    @Override
    public String toString() {
      return label + " " + seconds(value);
    }
  }
}
