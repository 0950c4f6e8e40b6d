package dev.vitals.lint;

import java.util.List;

/**
 * The paths of a service's health endpoints, given or discovered; null where none was found.
 *
 * @param live liveness
 * @param ready readiness
 * @param startup startup
 * @param details the detailed view of every check
 */
public record Endpoints(String live, String ready, String startup, String details) {

  /** Where liveness is commonly served: Vitals, Kubernetes' own, Spring Boot, Quarkus, others. */
  public static final List<String> LIVE = List.of("/health/live", "/livez",
      "/actuator/health/liveness", "/q/health/live", "/health/liveness", "/healthz/live", "/live");
  /** Where readiness is commonly served. */
  public static final List<String> READY = List.of("/health/ready", "/readyz",
      "/actuator/health/readiness", "/q/health/ready", "/health/readiness", "/healthz/ready", "/ready");
  /** Where startup is commonly served. */
  public static final List<String> STARTUP = List.of("/health/startup", "/startupz",
      "/q/health/started", "/health/started", "/actuator/health/startup");
  /** Where the detailed view (or the one endpoint of a service with one) is commonly served. */
  public static final List<String> DETAILS = List.of("/health", "/healthz", "/actuator/health",
      "/q/health", "/status");

  /**
   * Whether an answer's status shows that something is served at a path, so that discovery stops
   * there: anything but 404, 405 and 410 (a redirect or a 401 is a finding, not an absence).
   */
  static boolean served(int status) {
    return status != 404 && status != 405 && status != 410;
  }

  /** The path an HTTP probe asks, or null for a probe of another kind (or none). */
  static String pathOf(ProbeSpec probe) {
    return probe != null && "httpGet".equals(probe.handler()) ? probe.path() : null;
  }
}
