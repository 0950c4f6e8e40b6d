package dev.vitals.lint;

/**
 * Every rule {@code vitals lint} applies. Ids are stable: a rule may be retired, never renumbered.
 * {@code docs/lint-rules.md} documents each one with the source that motivates it ({@code
 * LintRulesDocTest} holds the two together).
 */
public enum Rule {
  // Live rules: a running service, asked as the kubelet, a load balancer and a stranger would.
  MEDIA_TYPE("VL101", "health-media-type", Severity.WARNING, Kind.LIVE,
      "Health answers are application/health+json, also for Accept: */*",
      "Monitors, dashboards and `vitals` read health+json; the kubelet sends `Accept: */*`, so the"
          + " type must not depend on the client asking for it.",
      "Answer `Content-Type: application/health+json` for any Accept that allows it.",
      "draft-inadarei-api-health-check §3; Kubernetes probe defaults (kubelet sends Accept: */*)"),
  BODY_SCHEMA("VL102", "health-body-schema", Severity.ERROR, Kind.LIVE,
      "The body is valid health+json",
      "A client that parses the answer must find `status` as pass, warn or fail, `checks` as an"
          + " object of arrays, `observedValue` wherever `observedUnit` is, and no `output` on pass.",
      "Emit the draft's shape; spell the status pass, warn or fail (aliases such as UP are a note).",
      "draft-inadarei-api-health-check §3–4"),
  BODY_SIZE("VL103", "body-size", Severity.WARNING, Kind.LIVE,
      "Probe answers fit in the 10 KiB the kubelet reads",
      "The kubelet reads at most 10 KiB of a probe's body; what is beyond it is lost from events,"
          + " and a large body on every probe costs the service for nothing.",
      "Answer probes with the status only; keep details behind authentication.",
      "kubernetes/kubernetes pkg/probe/http (maxRespBodyLength = 10 KiB)"),
  STATUS_CODE("VL104", "status-code", Severity.ERROR, Kind.LIVE,
      "pass and warn answer 2xx, fail answers 5xx (503 preferred)",
      "The kubelet and load balancers read only the status code. A fail with 200 keeps traffic on"
          + " a broken instance; a pass with 5xx takes a healthy one out.",
      "Map pass and warn to 200 and fail to 503 Service Unavailable.",
      "draft-inadarei-api-health-check §3 (status); Vitals DESIGN rule 1 and HTTP answers"),
  REDIRECT("VL105", "redirect", Severity.ERROR, Kind.LIVE,
      "Health endpoints never redirect",
      "The kubelet counts a 3xx as success (it follows redirects only to the same host), so a"
          + " redirect to a login page hides any failure behind it.",
      "Serve the endpoint where it is probed; exempt it from authentication redirects.",
      "Kubernetes: Configure Liveness, Readiness and Startup Probes (HTTP probes: 200–399 is success)"),
  ANONYMOUS_DISCLOSURE("VL106", "anonymous-disclosure", Severity.ERROR, Kind.LIVE,
      "Anonymous answers disclose no checks, outputs, versions, host names, addresses or errors",
      "Probe endpoints are reachable by more people than the API; dependency names, versions,"
          + " internal addresses and exception text map the system for an attacker.",
      "Answer anonymous callers with the status only; details behind a token or an allowed network.",
      "Vitals DESIGN rule 10 and Who sees what; OWASP API Security Top 10 (excessive data exposure)"),
  AUTH_REJECTION("VL107", "auth-rejection", Severity.ERROR, Kind.LIVE,
      "A missing or wrong token on the detailed endpoint gets 401 or 403, without details",
      "A detailed view that answers a wrong token with details leaks everything VL106 protects"
          + " (details shown with no token at all are VL106's finding); the status alone is no leak.",
      "Compare the token in constant time; answer a missing or wrong one 401 (or 403) with no details.",
      "Vitals DESIGN Who sees what; RFC 6750 §3 (Bearer token errors)"),
  CACHE_CONTROL("VL108", "cache-control", Severity.WARNING, Kind.LIVE,
      "Probe answers are not cached longer than the probe period",
      "A cache between the prober and the service (a CDN, a proxy, a client library) can replay a"
          + " pass long after the service failed.",
      "Send `Cache-Control: no-store` (or a max-age no longer than the probe period).",
      "RFC 9111 §5.2.2 (no-store); Vitals DESIGN HTTP answers"),
  HEAD_METHOD("VL109", "head-method", Severity.WARNING, Kind.LIVE,
      "HEAD answers the probe's status with no body",
      "Load balancers and monitors often probe with HEAD; a HEAD that answers 405, 404 or another"
          + " status than GET makes them see an outage that is not there, or miss one that is.",
      "Answer HEAD exactly as GET, without the body.",
      "RFC 9110 §9.3.2 (HEAD)"),
  OTHER_METHODS("VL110", "other-methods", Severity.ERROR, Kind.LIVE,
      "Other methods are refused with a 4xx, never a 5xx",
      "A 5xx for a method the endpoint does not support looks like an outage to monitors and"
          + " error-rate alerts, and often means an unhandled exception.",
      "Answer 405 Method Not Allowed with an Allow header.",
      "RFC 9110 §15.5.6 (405)"),
  LATENCY("VL111", "latency-under-load", Severity.ERROR, Kind.LIVE,
      "Concurrent probes answer within the probe timeout",
      "Several kubelets, load balancers and monitors probe at once; an answer past the probe's"
          + " timeout counts as a failure, so slow probes restart or unroute healthy instances.",
      "Answer probes from verdicts held in memory, never by asking dependencies on the request.",
      "Vitals DESIGN rule 1 (bounded answer time) and rule 3 (background by default)"),
  AMPLIFICATION("VL112", "probe-amplification", Severity.ERROR, Kind.LIVE,
      "N probes do not cause N dependency checks",
      "A service whose probes each ask the database multiplies its load by the number of probers,"
          + " and in an outage piles probes on the dependency that is already struggling.",
      "Run checks in the background on an interval, single flight; probes read the last verdict.",
      "Vitals DESIGN rule 2 (single flight) and rule 3 (background by default)"),
  LIVENESS_DEPENDENCIES("VL113", "liveness-dependencies", Severity.ERROR, Kind.LIVE,
      "Liveness reports no external dependency",
      "Liveness failing restarts the container. A database outage then restarts every instance at"
          + " once, which fixes nothing and adds a cold start to the outage.",
      "Check datastores, brokers and HTTP services in readiness only; keep liveness internal.",
      "Vitals DESIGN rule 7 (liveness is internal); Kubernetes probe documentation (liveness)"),
  ENDPOINT_MISSING("VL114", "endpoint-missing", Severity.WARNING, Kind.LIVE,
      "Liveness and readiness endpoints are found",
      "Without separate endpoints the kubelet cannot tell \"restart me\" from \"do not send me"
          + " traffic\"; without any, lint has nothing to audit.",
      "Serve liveness and readiness apart (Vitals: /health/live, /health/ready), or name the paths"
          + " with --live and --ready.",
      "Vitals DESIGN Routes; Kubernetes probe documentation"),

  // Static rules: Kubernetes manifests, and the live answers when both are given.
  READINESS_MISSING("VL201", "readiness-probe-missing", Severity.ERROR, Kind.STATIC,
      "Every serving container has a readiness probe",
      "Without one a pod receives traffic as soon as its process starts, and keeps receiving it"
          + " while its dependencies are down.",
      "Add a readinessProbe on the service's readiness endpoint.",
      "Kubernetes probe documentation; kube-score container-probes"),
  LIVENESS_MISSING("VL202", "liveness-probe-missing", Severity.WARNING, Kind.STATIC,
      "Every serving container has a liveness probe",
      "A process that deadlocks keeps its pod forever without one.",
      "Add a livenessProbe on an endpoint that checks only the process itself.",
      "Kubernetes probe documentation"),
  IDENTICAL_PROBES("VL203", "identical-probes", Severity.ERROR, Kind.STATIC,
      "Liveness and readiness probes differ",
      "The same probe for both means a dependency outage (readiness) also restarts the container"
          + " (liveness).",
      "Point liveness at the liveness endpoint and readiness at the readiness endpoint.",
      "kube-score container-probes-identical; Vitals DESIGN rule 7"),
  LIVENESS_ON_READINESS("VL204", "liveness-on-readiness-endpoint", Severity.ERROR, Kind.STATIC,
      "Liveness does not probe the readiness or detailed endpoint",
      "Readiness and the detailed view include dependencies; a liveness probe there restarts every"
          + " pod when a dependency fails.",
      "Probe /health/live (or your framework's liveness group) for liveness.",
      "Vitals DESIGN rule 7 (liveness is internal)"),
  PROBE_CREDENTIALS("VL205", "probe-credentials", Severity.ERROR, Kind.STATIC,
      "No credentials in probe headers",
      "Probe headers are stored in plain text in the pod spec, readable by anyone who can read"
          + " pods, and are often copied into logs and tickets.",
      "Answer probes anonymously with the status only; keep tokens for the detailed view, in Secrets.",
      "Kubernetes Secrets good practices; Vitals DESIGN Who sees what"),
  STARTUP_PROBE("VL206", "startup-probe", Severity.WARNING, Kind.STATIC,
      "A startup probe where start-up is slower than liveness tolerates",
      "Liveness tolerates initialDelaySeconds + failureThreshold × periodSeconds; a start-up that"
          + " takes longer is killed and restarted forever, and a long initialDelaySeconds delays"
          + " every restart's first liveness check instead.",
      "Add a startupProbe (failureThreshold × periodSeconds above the slowest start) and keep"
          + " liveness's initialDelaySeconds short.",
      "Kubernetes: Protect slow starting containers with startup probes"),
  PROBE_TIMEOUT("VL207", "probe-timeout", Severity.ERROR, Kind.STATIC,
      "timeoutSeconds is above the service's own check deadline",
      "A probe that may wait for a check must be given longer than the check's deadline, or the"
          + " kubelet gives up first and counts a slow dependency as a dead process.",
      "Raise timeoutSeconds above the longest check timeout (or answer from verdicts, VL111).",
      "Kubernetes probe fields (timeoutSeconds, default 1); Vitals DESIGN rule 1"),
  GRACE_PERIOD("VL208", "termination-grace", Severity.ERROR, Kind.STATIC,
      "terminationGracePeriodSeconds covers the drain delay and the shutdown",
      "At the end of the grace period the kubelet sends SIGKILL: requests in flight are cut and"
          + " shutdown hooks never finish.",
      "Set terminationGracePeriodSeconds above preStop sleep, drain delay and shutdown time together"
          + " (the kubelet sends SIGTERM only after the preStop hook).",
      "Kubernetes: Pod lifecycle, termination of Pods"),
  DRAIN("VL209", "drain", Severity.WARNING, Kind.STATIC,
      "A drain at least one readiness period long",
      "Endpoints are removed from Services asynchronously; a pod that stops at SIGTERM still gets"
          + " new connections for up to a readiness period and answers them with errors.",
      "Add a preStop sleep, or let readiness fail on SIGTERM for at least one readiness period"
          + " (Vitals' drain delay) before the server stops.",
      "Vitals DESIGN rule 9 (drain on shutdown); Kubernetes: Pod lifecycle, termination of Pods"),

  // Lifecycle rules: lint starts the service itself (--run).
  READY_BEFORE_STARTED("VL301", "ready-before-started", Severity.ERROR, Kind.LIFECYCLE,
      "Startup and readiness fail until the service is ready",
      "Traffic sent before start-up has finished meets a service whose pools, caches or schema"
          + " are not there yet.",
      "Gate readiness on startup: fail readiness until start-up has completed.",
      "Vitals DESIGN rule 8 (startup gates readiness)"),
  SIGTERM_READINESS("VL302", "sigterm-readiness", Severity.ERROR, Kind.LIFECYCLE,
      "On SIGTERM readiness turns 503 within one probe period while liveness stays 200",
      "Readiness failing first takes the pod out of load balancing before the server stops;"
          + " liveness failing during the drain would make the kubelet kill it early.",
      "On SIGTERM fail readiness, keep liveness passing, wait a drain delay, then stop the server.",
      "Vitals DESIGN rule 9 (drain on shutdown)"),
  SIGTERM_EXIT("VL303", "sigterm-exit", Severity.ERROR, Kind.LIFECYCLE,
      "The process exits within the grace period after SIGTERM",
      "A process still running at the end of terminationGracePeriodSeconds is killed with"
          + " SIGKILL, mid-request.",
      "Bound the drain delay and the shutdown so that together they end within the grace period.",
      "Kubernetes: Pod lifecycle, termination of Pods");

  /** Where a rule looks. */
  public enum Kind {
    /** A running service's answers. */
    LIVE,
    /** Kubernetes manifests (with live answers when given). */
    STATIC,
    /** The service started, probed and stopped by lint itself. */
    LIFECYCLE
  }

  private final String id;
  private final String slug;
  private final Severity severity;
  private final Kind kind;
  private final String title;
  private final String why;
  private final String fix;
  private final String source;

  Rule(String id, String slug, Severity severity, Kind kind, String title, String why, String fix,
      String source) {
    this.id = id;
    this.slug = slug;
    this.severity = severity;
    this.kind = kind;
    this.title = title;
    this.why = why;
    this.fix = fix;
    this.source = source;
  }

  /** The stable id, e.g. {@code VL105}. */
  public String id() {
    return id;
  }

  /** The stable name, e.g. {@code redirect}. */
  public String slug() {
    return slug;
  }

  /** The severity of its findings unless a finding says otherwise. */
  public Severity severity() {
    return severity;
  }

  public Kind kind() {
    return kind;
  }

  /** What the rule expects, in one line. */
  public String title() {
    return title;
  }

  /** Why it matters. */
  public String why() {
    return why;
  }

  /** How to fix a finding. */
  public String fix() {
    return fix;
  }

  /** The source that motivates it. */
  public String source() {
    return source;
  }

  /** The anchor of its section in {@code docs/lint-rules.md}, e.g. {@code vl105-redirect}. */
  public String anchor() {
    return id.toLowerCase(java.util.Locale.ROOT) + "-" + slug;
  }
}
