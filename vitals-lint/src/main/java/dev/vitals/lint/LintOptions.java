package dev.vitals.lint;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What to lint and how; built with {@link #builder()}. Every path left null is discovered among
 * the common ones (see {@link Endpoints}).
 *
 * @param baseUrl the running service, e.g. {@code http://127.0.0.1:8080}; null for manifests only
 * @param livePath the liveness path, or null to discover it
 * @param readyPath the readiness path, or null
 * @param startupPath the startup path, or null
 * @param detailsPath the detailed (all checks) path, or null
 * @param token a bearer token that unlocks the detailed view, or null
 * @param manifests Kubernetes manifests to read
 * @param concurrency N, the probes sent at once by the load rules (VL111, VL112)
 * @param requestTimeout how long lint waits for any one answer
 * @param run a shell command that starts the service (lifecycle mode), or null
 * @param port the port the started service listens on (lifecycle mode)
 * @param startTimeout how long lint waits for the started service to pass startup
 */
public record LintOptions(URI baseUrl, String livePath, String readyPath, String startupPath,
    String detailsPath, String token, List<Path> manifests, int concurrency, Duration requestTimeout,
    String run, int port, Duration startTimeout) {

  public LintOptions {
    manifests = List.copyOf(manifests);
    if (baseUrl == null && manifests.isEmpty() && run == null) {
      throw new IllegalArgumentException("give a base URL, --k8s manifests or --run, or several");
    }
    if (concurrency < 1 || concurrency > 1000) {
      throw new IllegalArgumentException("--concurrency must be between 1 and 1000, got " + concurrency);
    }
    if (run != null && (port < 1 || port > 65535)) {
      throw new IllegalArgumentException("--run needs --port, the port the service listens on (1-65535)");
    }
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    Objects.requireNonNull(startTimeout, "startTimeout");
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The base URL to probe: the given one, or the started service's on 127.0.0.1. */
  public URI target() {
    if (baseUrl != null) {
      return baseUrl;
    }
    return run == null ? null : URI.create("http://127.0.0.1:" + port);
  }

  /** The port {@link #target()} is reached on (the scheme's default if it names none); 0 without one. */
  public int targetPort() {
    URI target = target();
    if (target == null) {
      return 0;
    }
    return target.getPort() > 0 ? target.getPort() : "https".equals(target.getScheme()) ? 443 : 80;
  }

  /** A builder with the defaults: N = 20, 5 s per request, 120 s to start. */
  public static final class Builder {
    private URI baseUrl;
    private String livePath;
    private String readyPath;
    private String startupPath;
    private String detailsPath;
    private String token;
    private final List<Path> manifests = new ArrayList<>();
    private int concurrency = 20;
    private Duration requestTimeout = Duration.ofSeconds(5);
    private String run;
    private int port;
    private Duration startTimeout = Duration.ofSeconds(120);

    private Builder() {}

    /** The running service; must be http or https with a host. */
    public Builder baseUrl(String url) {
      URI uri;
      try {
        uri = URI.create(url);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("bad base URL '" + url + "': " + e.getMessage());
      }
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
        throw new IllegalArgumentException("base URL must be http:// or https:// with a host, got '" + url + "'");
      }
      String s = uri.toString();
      this.baseUrl = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
      return this;
    }

    public Builder livePath(String path) {
      this.livePath = path(path, "--live");
      return this;
    }

    public Builder readyPath(String path) {
      this.readyPath = path(path, "--ready");
      return this;
    }

    public Builder startupPath(String path) {
      this.startupPath = path(path, "--startup");
      return this;
    }

    public Builder detailsPath(String path) {
      this.detailsPath = path(path, "--details");
      return this;
    }

    public Builder token(String token) {
      this.token = token;
      return this;
    }

    public Builder manifest(Path manifest) {
      manifests.add(manifest);
      return this;
    }

    public Builder concurrency(int n) {
      this.concurrency = n;
      return this;
    }

    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = timeout;
      return this;
    }

    /** Lifecycle mode: {@code command} (run by {@code sh -c}) starts the service on {@code port}. */
    public Builder run(String command, int port) {
      this.run = command;
      this.port = port;
      return this;
    }

    public Builder startTimeout(Duration timeout) {
      this.startTimeout = timeout;
      return this;
    }

    public LintOptions build() {
      return new LintOptions(baseUrl, livePath, readyPath, startupPath, detailsPath, token, manifests,
          concurrency, requestTimeout, run, port, startTimeout);
    }

    private static String path(String path, String option) {
      if (path == null) {
        return null;
      }
      if (!path.startsWith("/")) {
        throw new IllegalArgumentException(option + " must be a path starting with /, got '" + path + "'");
      }
      return path;
    }
  }
}
