package dev.vitals;

import java.net.InetAddress;
import java.util.Objects;

/**
 * One request to the health endpoints, as every server adapter hands it to {@link
 * HealthEndpoints#handle(HealthRequest)}: the method, the path and query, the {@code
 * Authorization}, {@code X-Forwarded-For} and {@code Accept} headers, and the peer's address.
 * Immutable.
 *
 * <pre>{@code
 * HealthRequest request = HealthRequest.builder(exchange.getRequestMethod(), rawPathAndQuery)
 *     .authorization(headers.getFirst("Authorization"))
 *     .forwardedFor(headers.getFirst("X-Forwarded-For"))
 *     .accept(headers.getFirst("Accept"))
 *     .remote(peer.getAddress())
 *     .build();
 * HealthResponse response = endpoints.handle(request);
 * }</pre>
 *
 * <p>An adapter copies what its framework received and decides nothing: which callers may see
 * details, which proxies are trusted and what each path answers are the endpoints' business.
 * {@link #toString()} never shows the {@code Authorization} value.
 */
public final class HealthRequest {
  private final String method;
  private final String path;
  private final String query;
  private final String authorization;
  private final String forwardedFor;
  private final String accept;
  private final InetAddress remote;

  private HealthRequest(Builder b) {
    this.method = b.method;
    this.path = b.path;
    this.query = b.query;
    this.authorization = b.authorization;
    this.forwardedFor = b.forwardedFor;
    this.accept = b.accept;
    this.remote = b.remote;
  }

  /**
   * Starts a request.
   *
   * @param method the request method as received, e.g. {@code GET} (case-sensitive, as in HTTP)
   * @param target the raw (not percent-decoded) path, optionally followed by {@code ?query}
   */
  public static Builder builder(String method, String target) {
    return new Builder(method, target);
  }

  /** An anonymous {@code GET} of {@code target} from an unknown address: for tests and tools. */
  public static HealthRequest get(String target) {
    return builder("GET", target).build();
  }

  /** The request method, e.g. {@code GET}. */
  public String method() {
    return method;
  }

  /** The raw path, without the query: {@code /health/ready}. */
  public String path() {
    return path;
  }

  /** The raw query without its {@code ?}, or null when the target had none. */
  public String query() {
    return query;
  }

  /** The {@code Authorization} header, or null. */
  public String authorization() {
    return authorization;
  }

  /** The {@code X-Forwarded-For} header (several headers joined with commas), or null. */
  public String forwardedFor() {
    return forwardedFor;
  }

  /**
   * The {@code Accept} header (several fields joined with commas), or null: it picks the format
   * of {@code /health/metrics} ({@link MetricsText#negotiate}); the health+json routes ignore it.
   */
  public String accept() {
    return accept;
  }

  /** The peer's address, or null when the server does not know it. */
  public InetAddress remote() {
    return remote;
  }

  @Override
  public String toString() {
    return "HealthRequest{" + method + " " + path + (query == null ? "" : "?" + query)
        + (authorization == null ? "" : ", authorization=****")
        + (forwardedFor == null ? "" : ", forwardedFor=" + forwardedFor)
        + (remote == null ? "" : ", remote=" + remote.getHostAddress()) + "}";
  }

  /** Builds a {@link HealthRequest}. Headers default to absent, the address to unknown. */
  public static final class Builder {
    private final String method;
    private final String path;
    private final String query;
    private String authorization;
    private String forwardedFor;
    private String accept;
    private InetAddress remote;

    private Builder(String method, String target) {
      this.method = Objects.requireNonNull(method, "method");
      Objects.requireNonNull(target, "target");
      int question = target.indexOf('?');
      this.path = question < 0 ? target : target.substring(0, question);
      this.query = question < 0 ? null : target.substring(question + 1);
    }

    /** The {@code Authorization} header, or null when absent. */
    public Builder authorization(String authorization) {
      this.authorization = authorization;
      return this;
    }

    /**
     * The {@code X-Forwarded-For} header, or null when absent; read only when the peer is a
     * {@linkplain HealthEndpoints.Builder#trustProxy trusted proxy}.
     */
    public Builder forwardedFor(String forwardedFor) {
      this.forwardedFor = forwardedFor;
      return this;
    }

    /**
     * The {@code Accept} header, or null when absent. An adapter joins repeated fields in order
     * with {@code ", "}, as for {@code X-Forwarded-For}.
     */
    public Builder accept(String accept) {
      this.accept = accept;
      return this;
    }

    /** The peer's address, or null when unknown (then no network is allowed details). */
    public Builder remote(InetAddress remote) {
      this.remote = remote;
      return this;
    }

    /**
     * The peer's address as a server gives it in text ({@code 127.0.0.1}, {@code
     * 0:0:0:0:0:0:0:1}, {@code [::1]}, {@code fe80::1%eth0}); anything that is not an IP literal
     * (null, a host name) leaves the address unknown. Never resolves a name.
     */
    public Builder remoteAddress(String address) {
      this.remote = Cidr.literal(address);
      return this;
    }

    public HealthRequest build() {
      return new HealthRequest(this);
    }
  }
}
