package dev.vitals;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The health endpoints as plain request-to-response logic, shared by every server adapter:
 * routing, methods, who may see details, and rendering.
 *
 * <table>
 *   <caption>Routes (base path {@code /health} by default)</caption>
 *   <tr><th>Path</th><th>Answers</th></tr>
 *   <tr><td>{@code /health/live}, {@code /livez}</td><td>liveness</td></tr>
 *   <tr><td>{@code /health/ready}, {@code /readyz}</td><td>readiness</td></tr>
 *   <tr><td>{@code /health/startup}</td><td>startup</td></tr>
 *   <tr><td>{@code /health}, {@code /healthz}</td><td>every check (details only)</td></tr>
 *   <tr><td>{@code /health/metrics}</td><td>the series of {@code docs/metrics.md} (details
 *       only), in OpenMetrics or Prometheus text by {@code Accept}: {@link MetricsText}</td></tr>
 * </table>
 *
 * <p>Probe endpoints answer anyone with {@code {"status":"…"}} only; callers presenting the
 * bearer token or coming from an allowed network also get checks, outputs and version. The
 * detailed and metrics endpoints answer 401 to anyone else (the series name every check); the
 * metrics endpoint answers 406 to an {@code Accept} that allows neither of its formats. {@code GET} and {@code HEAD} only (405 otherwise),
 * 404 for unknown paths, {@code Cache-Control: no-store} everywhere; pass and warn are 200, fail is
 * 503.
 *
 * <pre>{@code
 * HealthEndpoints endpoints = HealthEndpoints.builder(vitals)
 *     .bearerToken(System.getenv("VITALS_TOKEN"))   // null or blank: no token
 *     .allowNetwork("10.0.0.0/8")
 *     .build();
 * }</pre>
 */
public final class HealthEndpoints {
  private static final Pattern BASE_PATH = Pattern.compile("(/[A-Za-z0-9._~-]+)+");
  private static final byte[] NOT_FOUND = bytes("not found\n");
  private static final byte[] NOT_ALLOWED = bytes("method not allowed: use GET or HEAD\n");
  private static final byte[] UNAUTHORIZED =
      bytes("details need a bearer token or an allowed source network\n");
  private static final byte[] NOT_ACCEPTABLE =
      bytes("not acceptable: metrics are application/openmetrics-text or text/plain\n");
  private static final String TEXT = "text/plain; charset=utf-8";

  private final Vitals vitals;
  private final String basePath;
  private final Map<String, Probe> routes; // value null: the detailed view
  private final String metricsPath;
  private final MetricsText metrics;
  private final List<String> paths;
  private final Set<String> waiting; // routes that read on-demand checks
  private final byte[] tokenDigest; // null: no token configured
  private final List<Cidr> networks;
  private final List<Cidr> proxies;

  private HealthEndpoints(Builder b) {
    this.vitals = b.vitals;
    this.basePath = b.basePath;
    Map<String, Probe> r = new LinkedHashMap<>();
    r.put(basePath + "/live", Probe.LIVENESS);
    r.put(basePath + "/ready", Probe.READINESS);
    r.put(basePath + "/startup", Probe.STARTUP);
    r.put(basePath, null);
    if (b.aliases) {
      r.put("/livez", Probe.LIVENESS);
      r.put("/readyz", Probe.READINESS);
      r.put("/healthz", null);
    }
    this.routes = r;
    this.metricsPath = basePath + "/metrics";
    this.metrics = MetricsText.of(vitals);
    List<String> p = new ArrayList<>(r.keySet());
    p.add(4, metricsPath); // after the base path's four; never waits, so never in `waiting`
    this.paths = List.copyOf(p);
    Set<String> w = new HashSet<>();
    for (Map.Entry<String, Probe> route : r.entrySet()) {
      if (vitals.mayWait(route.getValue())) {
        w.add(route.getKey());
      }
    }
    this.waiting = Set.copyOf(w);
    this.tokenDigest = b.token == null ? null : sha256(b.token);
    this.networks = List.copyOf(b.networks);
    this.proxies = List.copyOf(b.proxies);
  }

  /** Starts a builder for the endpoints of {@code vitals}. */
  public static Builder builder(Vitals vitals) {
    return new Builder(vitals);
  }

  /** The engine these endpoints answer for. */
  public Vitals vitals() {
    return vitals;
  }

  /** The base path, e.g. {@code /health}. */
  public String basePath() {
    return basePath;
  }

  /** Every path answered, for adapters that register routes one by one. */
  public List<String> paths() {
    return paths;
  }

  /**
   * True when answering {@code request} may block the calling thread while on-demand checks run
   * (at most their timeout); false when the answer comes from verdicts already held, in
   * nanoseconds. An adapter on an event loop answers the latter on the loop and hands the former
   * to a thread that may wait. Unknown paths answer at once.
   */
  public boolean mayWait(HealthRequest request) {
    return waiting.contains(request.path());
  }

  /**
   * Answers one request: never throws for any input, and blocks only when {@link
   * #mayWait(HealthRequest)} says so, at most the largest timeout of the on-demand checks read.
   */
  public HealthResponse handle(HealthRequest request) {
    String route = request.path();
    String method = request.method();
    boolean head = "HEAD".equals(method);
    boolean metricsRoute = route.equals(metricsPath);
    if (!metricsRoute && !routes.containsKey(route)) {
      return plain(404, NOT_FOUND, head);
    }
    if (!head && !"GET".equals(method)) {
      return plain(405, NOT_ALLOWED, false, "Allow", "GET, HEAD");
    }
    Probe probe = routes.get(route);
    String authorization = request.authorization();
    boolean details =
        mayDetail(authorization, client(request.forwardedFor(), request.remote()));
    if (metricsRoute) {
      if (!details) {
        return unauthorized(authorization, head);
      }
      MetricsText.Format format = MetricsText.negotiate(request.accept());
      if (format == null) {
        return plain(406, NOT_ACCEPTABLE, head, "Vary", "Accept");
      }
      return respond(200, format.mediaType(), metrics.write(format), head, "Vary", "Accept");
    }
    if (probe == null) {
      if (!details) {
        return unauthorized(authorization, head);
      }
      return json(vitals.details(), head);
    }
    if (details) {
      return json(vitals.report(probe), head);
    }
    Status status = vitals.status(probe);
    return respond(status.httpStatus(), HealthJson.MEDIA_TYPE, HealthJson.statusOnly(status), head);
  }

  private static HealthResponse unauthorized(String authorization, boolean head) {
    String challenge =
        authorization == null
            ? "Bearer realm=\"vitals\""
            : "Bearer realm=\"vitals\", error=\"invalid_token\"";
    return plain(401, UNAUTHORIZED, head, "WWW-Authenticate", challenge);
  }

  /**
   * The caller's address: {@code remote}, unless it is a trusted proxy, in which case the
   * right-most address in {@code X-Forwarded-For} that is not itself a trusted proxy. A header
   * entry that is not an IP literal ends the walk with no address (so no network-based details).
   */
  InetAddress client(String forwardedFor, InetAddress remote) {
    if (forwardedFor == null || proxies.isEmpty() || !within(proxies, remote)) {
      return remote;
    }
    String[] hops = forwardedFor.split(",");
    for (int i = hops.length - 1; i >= 0; i--) {
      InetAddress hop = Cidr.literal(hops[i].strip());
      if (hop == null) {
        return null;
      }
      if (!within(proxies, hop)) {
        return hop;
      }
    }
    return null;
  }

  private static boolean within(List<Cidr> list, InetAddress address) {
    for (Cidr network : list) {
      if (network.contains(address)) {
        return true;
      }
    }
    return false;
  }

  /** True when this caller may see checks, outputs and version. */
  boolean mayDetail(String authorization, InetAddress remote) {
    if (tokenDigest != null && authorization != null && authorization.length() > 7
        && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      // Digests make the comparison constant-time and independent of the token's length.
      if (MessageDigest.isEqual(tokenDigest, sha256(authorization.substring(7).strip()))) {
        return true;
      }
    }
    return within(networks, remote);
  }

  private static HealthResponse json(HealthReport report, boolean head) {
    return respond(report.status().httpStatus(), HealthJson.MEDIA_TYPE, HealthJson.write(report), head);
  }

  private static HealthResponse plain(int status, byte[] body, boolean head, String... extra) {
    return respond(status, TEXT, body, head, extra);
  }

  private static HealthResponse respond(
      int status, String contentType, byte[] body, boolean head, String... extra) {
    List<Map.Entry<String, String>> headers = new ArrayList<>(3 + extra.length / 2);
    headers.add(Map.entry("Content-Type", contentType));
    headers.add(Map.entry("Cache-Control", "no-store"));
    headers.add(Map.entry("X-Content-Type-Options", "nosniff"));
    for (int i = 0; i < extra.length; i += 2) {
      headers.add(Map.entry(extra[i], extra[i + 1]));
    }
    return new HealthResponse(status, headers, head ? new byte[0] : body, body.length);
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Configures the endpoints. Setters validate at once and name the field they reject. */
  public static final class Builder {
    private final Vitals vitals;
    private String basePath = "/health";
    private boolean aliases = true;
    private String token;
    private final List<Cidr> networks = new ArrayList<>();
    private final List<Cidr> proxies = new ArrayList<>();

    private Builder(Vitals vitals) {
      this.vitals = Objects.requireNonNull(vitals, "vitals");
    }

    /**
     * The base path of the endpoints: the probes, the detailed view and {@code
     * <basePath>/metrics}. Default {@code /health}.
     */
    public Builder basePath(String basePath) {
      if (basePath == null || !BASE_PATH.matcher(basePath).matches()) {
        throw new IllegalArgumentException(
            "basePath must be one or more /segments of letters, digits, '.', '_', '~' or '-': "
                + (basePath == null ? "null" : "'" + basePath + "'"));
      }
      this.basePath = basePath;
      return this;
    }

    /** Whether {@code /livez}, {@code /readyz} and {@code /healthz} answer too. Default true. */
    public Builder aliases(boolean aliases) {
      this.aliases = aliases;
      return this;
    }

    /**
     * The bearer token that unlocks details ({@code Authorization: Bearer <token>}). Null or blank
     * means no token, so that {@code bearerToken(System.getenv("VITALS_TOKEN"))} just works; a set
     * token must be at least 16 characters.
     */
    public Builder bearerToken(String token) {
      if (token == null || token.isBlank()) {
        this.token = null;
        return this;
      }
      if (token.strip().length() < 16) {
        throw new IllegalArgumentException("bearerToken must be at least 16 characters");
      }
      this.token = token.strip();
      return this;
    }

    /** Allows details to callers from a network, e.g. {@code 10.0.0.0/8} or {@code ::1}. */
    public Builder allowNetwork(String cidr) {
      networks.add(cidr("allowNetwork", cidr));
      return this;
    }

    private static Cidr cidr(String field, String cidr) {
      if (cidr == null) {
        throw new IllegalArgumentException(field + " must not be null");
      }
      try {
        return Cidr.parse(cidr);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(field + ": " + e.getMessage(), e);
      }
    }

    /**
     * Trusts proxies in this network to report the client's address in {@code
     * X-Forwarded-For}, which is otherwise ignored (anyone can send it). Only matters for
     * {@link #allowNetwork}.
     */
    public Builder trustProxy(String cidr) {
      proxies.add(cidr("trustProxy", cidr));
      return this;
    }

    public HealthEndpoints build() {
      return new HealthEndpoints(this);
    }
  }
}
