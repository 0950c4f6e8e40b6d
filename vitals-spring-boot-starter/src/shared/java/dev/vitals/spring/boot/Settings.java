package dev.vitals.spring.boot;

import dev.vitals.Durations;
import dev.vitals.HealthCheck;
import dev.vitals.HealthEndpoints;
import dev.vitals.Vitals;
import dev.vitals.server.HealthServer;
import dev.vitals.spring.CheckPolicy;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns {@link VitalsProperties} into the engine, endpoints and server through their own
 * builders, whose validation stays the only one (rule 12): each error is rethrown with the
 * property's name in front, e.g. {@code vitals.endpoints.bearer-token: bearerToken must be at
 * least 16 characters}.
 */
final class Settings {
  /**
   * Checks that are off unless switched on: {@code vitals.checks.kafka.enabled=true} is itself
   * the switch, so {@code vitals.checks.kafka.*} names no unknown check when there is none (Spring
   * Kafka absent, the check off, or several KafkaAdmins whose checks take their bean names).
   */
  static final Set<String> OPT_IN = Set.of("kafka");

  private Settings() {}

  static HealthCheck built(HealthCheck.Builder check) {
    try {
      return check.build();
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new IllegalArgumentException("a check from the application's beans: " + e.getMessage(), e);
    }
  }

  static Vitals vitals(VitalsProperties p, String applicationName, List<HealthCheck> found) {
    Vitals.Builder b = Vitals.builder().shutdownHook(false); // Spring owns shutdown
    String serviceId = p.serviceId() != null ? p.serviceId() : applicationName;
    if (serviceId != null) {
      set("vitals.service-id", () -> b.serviceId(serviceId));
    }
    if (p.version() != null) {
      set("vitals.version", () -> b.version(p.version()));
    }
    if (p.description() != null) {
      set("vitals.description", () -> b.description(p.description()));
    }
    set("vitals.drain-delay", () -> b.drainDelay(Durations.parse("vitals.drain-delay", p.drainDelay())));
    set("vitals.shutdown-timeout",
        () -> b.shutdownTimeout(Durations.parse("vitals.shutdown-timeout", p.shutdownTimeout())));
    if (p.checkThreads() != null) {
      set("vitals.check-threads", () -> b.checkThreads(p.checkThreads()));
    }
    Set<String> names = new LinkedHashSet<>();
    for (HealthCheck check : found) {
      String name = check.name();
      if (!names.add(name)) {
        throw new IllegalArgumentException("vitals.checks." + name + ": two checks from the"
            + " application's beans are named '" + name + "'");
      }
      CheckPolicy policy = p.checks().getOrDefault(name, CheckPolicy.DEFAULTS);
      if (policy.isEnabled()) {
        b.check(policy.applyTo("vitals.checks." + name, check));
      }
    }
    for (String configured : p.checks().keySet()) {
      if (!names.contains(configured) && !OPT_IN.contains(configured)) {
        throw new IllegalArgumentException("vitals.checks." + configured + ": no check is named '"
            + configured + "'; the checks are " + String.join(", ", names));
      }
    }
    return b.build();
  }

  static HealthEndpoints endpoints(Vitals vitals, VitalsProperties.Endpoints p) {
    HealthEndpoints.Builder b = HealthEndpoints.builder(vitals);
    set("vitals.endpoints.base-path", () -> b.basePath(p.basePath()));
    b.aliases(p.aliases());
    set("vitals.endpoints.bearer-token", () -> b.bearerToken(p.bearerToken()));
    List<String> networks = p.allowNetworks();
    for (int i = 0; i < networks.size(); i++) {
      String network = networks.get(i);
      set("vitals.endpoints.allow-networks[" + i + "]", () -> b.allowNetwork(network));
    }
    List<String> proxies = p.trustProxies();
    for (int i = 0; i < proxies.size(); i++) {
      String proxy = proxies.get(i);
      set("vitals.endpoints.trust-proxies[" + i + "]", () -> b.trustProxy(proxy));
    }
    return b.build();
  }

  static HealthServer server(HealthEndpoints endpoints, VitalsProperties.Server p) {
    // Closed as a bean after the web server stops, not as an engine task after the drain:
    // probes keep answering throughout Spring's shutdown.
    HealthServer.Builder b = HealthServer.builder(endpoints).stopOnShutdown(false);
    set("vitals.server.host", () -> b.host(p.host()));
    set("vitals.server.port", () -> b.port(p.port()));
    return b.start();
  }

  /**
   * Whether the drain fits in Spring's wait for the highest lifecycle phase: Spring waits at most
   * {@code spring.lifecycle.timeout-per-shutdown-phase} for {@code VitalsLifecycle}, which releases
   * it after the drain delay and the engine's shutdown tasks before it (at most the shutdown
   * timeout). Past that, Spring's timeout wins: it stops the web server while the drain runs.
   *
   * @return a warning when the drain delay fits but drain delay + shutdown timeout does not, else
   *     null
   * @throws IllegalArgumentException when the drain delay alone does not fit, naming both
   *     properties
   */
  static String shutdownBudget(Duration drainDelay, Duration shutdownTimeout, Duration phase) {
    if (drainDelay.compareTo(phase) >= 0) {
      throw new IllegalArgumentException("vitals.drain-delay (" + drainDelay.toMillis()
          + " ms) must be shorter than spring.lifecycle.timeout-per-shutdown-phase ("
          + phase.toMillis() + " ms): Spring would stop waiting for the drain and stop the web"
          + " server while a balancer may still send traffic; lengthen the phase or shorten the"
          + " drain");
    }
    if (drainDelay.plus(shutdownTimeout).compareTo(phase) > 0) {
      return "vitals.drain-delay (" + drainDelay.toMillis() + " ms) + vitals.shutdown-timeout ("
          + shutdownTimeout.toMillis() + " ms) exceed spring.lifecycle.timeout-per-shutdown-phase ("
          + phase.toMillis() + " ms): if the engine's shutdown tasks run that long, Spring's"
          + " timeout wins and it stops the web server before they end (the drain itself fits)";
    }
    return null;
  }

  private static void set(String property, Runnable setter) {
    try {
      setter.run();
    } catch (IllegalArgumentException | IllegalStateException e) {
      String message = e.getMessage();
      throw new IllegalArgumentException(
          message.startsWith(property + ":") ? message : property + ": " + message, e);
    }
  }
}
