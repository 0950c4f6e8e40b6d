package dev.vitals.spring.boot;

import dev.vitals.spring.CheckPolicy;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code vitals.*} properties, bound once at start and immutable. Durations are written
 * {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h} or {@code PT5S}; a bare number is rejected,
 * naming the property. Every property is listed, with its default, in the repository's {@code
 * docs/spring-boot.md}.
 */
@ConfigurationProperties("vitals")
public final class VitalsProperties {
  /** The service's id, shown to authorised callers. Defaults to spring.application.name. */
  private final String serviceId;

  /** The service's version, shown to authorised callers. */
  private final String version;

  /** A description of the service, shown to authorised callers. */
  private final String description;

  /**
   * How long readiness fails on shutdown before Spring stops the web server, e.g. 5s. Keep it
   * shorter than spring.lifecycle.timeout-per-shutdown-phase.
   */
  private final String drainDelay;

  /** Budget for the shutdown tasks registered with the engine, all together, e.g. 10s. */
  private final String shutdownTimeout;

  /**
   * Threads for readiness and startup checks. Default: one per check, at most 32. Liveness checks
   * have threads of their own.
   */
  private final Integer checkThreads;

  /** Where and to whom the endpoints answer. */
  private final Endpoints endpoints;

  /** A port of the endpoints' own (Vitals' HealthServer) instead of the application's port. */
  private final Server server;

  /**
   * Per-check settings by check name: enabled, timeout, interval, recovery-interval, critical,
   * probes, failure-threshold, success-threshold. A name that no check has fails the start.
   */
  private final Map<String, CheckPolicy> checks;

  /** Spring Boot Actuator's health indicators as checks, and /actuator/health from verdicts. */
  private final Actuator actuator;

  /** The Vitals series in the application's Micrometer registries, with vitals-micrometer. */
  private final Metrics metrics;

  /**
   * Bound by Spring Boot.
   *
   * @param serviceId the service's id
   * @param version the service's version
   * @param description a description of the service
   * @param drainDelay how long readiness fails before the web server stops
   * @param shutdownTimeout budget for the shutdown tasks
   * @param checkThreads threads for readiness and startup checks
   * @param endpoints where and to whom the endpoints answer
   * @param server a port of the endpoints' own
   * @param checks per-check settings by check name
   * @param actuator what becomes of Actuator's health indicators
   * @param metrics whether the Vitals series join the application's Micrometer registries
   */
  public VitalsProperties(String serviceId, String version, String description,
      @DefaultValue("5s") String drainDelay, @DefaultValue("10s") String shutdownTimeout,
      Integer checkThreads, @DefaultValue Endpoints endpoints, @DefaultValue Server server,
      Map<String, CheckPolicy> checks, @DefaultValue Actuator actuator,
      @DefaultValue Metrics metrics) {
    this.serviceId = serviceId;
    this.version = version;
    this.description = description;
    this.drainDelay = drainDelay;
    this.shutdownTimeout = shutdownTimeout;
    this.checkThreads = checkThreads;
    this.endpoints = endpoints;
    this.server = server;
    this.checks = checks == null ? Map.of() : Map.copyOf(checks);
    this.actuator = actuator;
    this.metrics = metrics;
  }

  /** The service's id, or null. */
  public String serviceId() {
    return serviceId;
  }

  /** The service's version, or null. */
  public String version() {
    return version;
  }

  /** The description, or null. */
  public String description() {
    return description;
  }

  /** The drain delay as written. */
  public String drainDelay() {
    return drainDelay;
  }

  /** The shutdown timeout as written. */
  public String shutdownTimeout() {
    return shutdownTimeout;
  }

  /** The number of check threads, or null for the engine's default. */
  public Integer checkThreads() {
    return checkThreads;
  }

  /** The endpoints' settings. */
  public Endpoints endpoints() {
    return endpoints;
  }

  /** The own port's settings. */
  public Server server() {
    return server;
  }

  /** Per-check settings by check name. */
  public Map<String, CheckPolicy> checks() {
    return checks;
  }

  /** What becomes of Actuator's health indicators. */
  public Actuator actuator() {
    return actuator;
  }

  /** Whether the Vitals series join the application's Micrometer registries. */
  public Metrics metrics() {
    return metrics;
  }

  /**
   * {@code vitals.metrics.*}: with Micrometer and vitals-micrometer present, the series of the
   * repository's {@code docs/metrics.md} in the application's registries (Actuator's
   * /actuator/prometheus among them) through vitals-micrometer's VitalsMetrics.
   */
  public static final class Metrics {
    /**
     * Whether the Vitals series (check status, durations, timeouts, probe status, lifecycle) join
     * the application's Micrometer registries. Needs vitals-micrometer on the class path.
     */
    private final boolean enabled;

    /**
     * Bound by Spring Boot.
     *
     * @param enabled whether the Vitals series join the application's registries
     */
    public Metrics(@DefaultValue("true") boolean enabled) {
      this.enabled = enabled;
    }

    /** Whether the Vitals series join the application's registries. */
    public boolean enabled() {
      return enabled;
    }
  }

  /**
   * {@code vitals.actuator.*}: with Spring Boot Actuator present, its health indicators become
   * checks, and /actuator/health answers from the verdicts.
   */
  public static final class Actuator {
    /** Whether every HealthIndicator and ReactiveHealthIndicator bean becomes a check. */
    private final boolean enabled;

    /**
     * Whether /actuator/health (and its readiness and liveness groups) answers from Vitals'
     * verdicts instead of calling the indicators on the request's thread.
     */
    private final boolean serveFromVerdicts;

    /**
     * Whether Boot's indicators that a Vitals check already covers stay out: db (while the
     * database check is on), diskSpace (disk), redis (redis), rabbit (rabbitmq) and ping. They
     * then answer /actuator/health from those checks' verdicts.
     */
    private final boolean skipCovered;

    /** Indicators (by contributor name, e.g. mail) that stay Actuator's own and are no check. */
    private final List<String> exclude;

    /**
     * Indicator status code to check status (pass, warn or fail), over the defaults UP=pass,
     * DOWN=fail, OUT_OF_SERVICE=fail, UNKNOWN=warn. A code mapped nowhere reads warn.
     */
    private final Map<String, String> statusMapping;

    /**
     * Bound by Spring Boot.
     *
     * @param enabled whether indicators become checks
     * @param serveFromVerdicts whether /actuator/health answers from verdicts
     * @param skipCovered whether indicators a Vitals check covers stay out
     * @param exclude indicators that stay Actuator's own
     * @param statusMapping indicator status code to pass, warn or fail
     */
    public Actuator(@DefaultValue("true") boolean enabled,
        @DefaultValue("true") boolean serveFromVerdicts, @DefaultValue("true") boolean skipCovered,
        List<String> exclude, Map<String, String> statusMapping) {
      this.enabled = enabled;
      this.serveFromVerdicts = serveFromVerdicts;
      this.skipCovered = skipCovered;
      this.exclude = exclude == null ? List.of() : List.copyOf(exclude);
      this.statusMapping = statusMapping == null ? Map.of() : Map.copyOf(statusMapping);
    }

    /** Whether indicators become checks. */
    public boolean enabled() {
      return enabled;
    }

    /** Whether /actuator/health answers from verdicts. */
    public boolean serveFromVerdicts() {
      return serveFromVerdicts;
    }

    /** Whether indicators a Vitals check covers stay out. */
    public boolean skipCovered() {
      return skipCovered;
    }

    /** Indicators that stay Actuator's own. */
    public List<String> exclude() {
      return exclude;
    }

    /** Status code to pass, warn or fail, as configured (over the defaults). */
    public Map<String, String> statusMapping() {
      return statusMapping;
    }
  }

  /** {@code vitals.endpoints.*}: where and to whom the endpoints answer. */
  public static final class Endpoints {
    /** The base of /live, /ready, /startup and the detailed view. */
    private final String basePath;

    /** Whether /livez, /readyz and /healthz answer too. */
    private final boolean aliases;

    /** The bearer token (16+ characters) that unlocks details. Blank: none. */
    private final String bearerToken;

    /** Source networks that see details, e.g. 10.0.0.0/8, fd00::/8 or 127.0.0.1. */
    private final List<String> allowNetworks;

    /** Proxies whose X-Forwarded-For names the client; otherwise the header is ignored. */
    private final List<String> trustProxies;

    /**
     * Bound by Spring Boot.
     *
     * @param basePath the base path
     * @param aliases whether the aliases answer
     * @param bearerToken the token that unlocks details
     * @param allowNetworks networks that see details
     * @param trustProxies trusted proxies
     */
    public Endpoints(@DefaultValue("/health") String basePath, @DefaultValue("true") boolean aliases,
        String bearerToken, List<String> allowNetworks, List<String> trustProxies) {
      this.basePath = basePath;
      this.aliases = aliases;
      this.bearerToken = bearerToken;
      this.allowNetworks = allowNetworks == null ? List.of() : List.copyOf(allowNetworks);
      this.trustProxies = trustProxies == null ? List.of() : List.copyOf(trustProxies);
    }

    /** The base path. */
    public String basePath() {
      return basePath;
    }

    /** Whether the aliases answer. */
    public boolean aliases() {
      return aliases;
    }

    /** The bearer token, or null. */
    public String bearerToken() {
      return bearerToken;
    }

    /** Networks that see details. */
    public List<String> allowNetworks() {
      return allowNetworks;
    }

    /** Trusted proxies. */
    public List<String> trustProxies() {
      return trustProxies;
    }
  }

  /** {@code vitals.server.*}: the endpoints on a port of their own. */
  public static final class Server {
    /**
     * The endpoints' own port (0 picks a free one). Set: Vitals' HealthServer serves them there
     * and the application's port has none. Unset: they answer on the application's port.
     */
    private final Integer port;

    /** The address HealthServer binds. */
    private final String host;

    /**
     * Bound by Spring Boot.
     *
     * @param port the endpoints' own port, or null
     * @param host the address to bind
     */
    public Server(Integer port, @DefaultValue("0.0.0.0") String host) {
      this.port = port;
      this.host = host;
    }

    /** The endpoints' own port, or null for the application's port. */
    public Integer port() {
      return port;
    }

    /** The address to bind. */
    public String host() {
      return host;
    }
  }
}
