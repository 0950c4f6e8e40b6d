package dev.vitals.example;

import dev.vitals.Durations;
import java.time.Duration;
import java.util.Map;

/**
 * The example's settings, read from environment variables. A bad value fails at start with a
 * message naming the variable.
 *
 * @param port {@code PORT}: the port of the API, and of the health endpoints unless {@code
 *     MANAGEMENT_PORT} is set (default 8080; 0 picks a free port)
 * @param managementPort {@code MANAGEMENT_PORT}: a port of their own for the health endpoints,
 *     served by {@code HealthServer} (default: none, -1: they share the API's port; 0 picks a free
 *     port)
 * @param databaseUrl {@code DATABASE_URL}: a JDBC URL with credentials in it (default: embedded
 *     H2 in memory)
 * @param redisUrl {@code REDIS_URL}: {@code redis://} or {@code rediss://} URL, checked for
 *     readiness as a non-critical dependency (default: none)
 * @param token {@code VITALS_TOKEN}: bearer token that unlocks health details (default: none)
 * @param checkInterval {@code VITALS_CHECK_INTERVAL}: how often dependencies are checked (5s)
 * @param checkTimeout {@code VITALS_CHECK_TIMEOUT}: the deadline of each check (1s)
 * @param drainDelay {@code VITALS_DRAIN_DELAY}: how long readiness fails on SIGTERM before the
 *     server stops (5s)
 * @param shutdownTimeout {@code VITALS_SHUTDOWN_TIMEOUT}: the budget of the shutdown tasks after
 *     the drain (stopping the server, closing the pool), all together (10s)
 * @param shutdownHook whether SIGTERM drains (always true from the environment; tests that run
 *     the app in-process turn it off)
 */
public record Config(
    int port,
    int managementPort,
    String databaseUrl,
    String redisUrl,
    String token,
    Duration checkInterval,
    Duration checkTimeout,
    Duration drainDelay,
    Duration shutdownTimeout,
    boolean shutdownHook) {

  static final String DEFAULT_DATABASE_URL = "jdbc:h2:mem:notes;DB_CLOSE_DELAY=-1";

  public Config {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("PORT must be 0-65535, got " + port);
    }
    if (managementPort < -1 || managementPort > 65535) {
      throw new IllegalArgumentException("MANAGEMENT_PORT must be 0-65535, got " + managementPort);
    }
    if (managementPort > 0 && managementPort == port) {
      throw new IllegalArgumentException("MANAGEMENT_PORT must differ from PORT, both are " + port);
    }
    if (!databaseUrl.startsWith("jdbc:")) {
      throw new IllegalArgumentException(
          "DATABASE_URL must be a JDBC URL such as jdbc:postgresql://host:5432/db?user=app&password=...");
    }
    if (redisUrl != null && !redisUrl.startsWith("redis://") && !redisUrl.startsWith("rediss://")) {
      throw new IllegalArgumentException("REDIS_URL must start with redis:// or rediss://");
    }
    if (checkTimeout.compareTo(checkInterval) >= 0) {
      throw new IllegalArgumentException(
          "VITALS_CHECK_TIMEOUT (" + checkTimeout.toMillis() + " ms) must be shorter than "
              + "VITALS_CHECK_INTERVAL (" + checkInterval.toMillis() + " ms)");
    }
  }

  /** The defaults: port 8080 for both, H2 in memory, no Redis, no token, 5 s / 1 s / 5 s / 10 s. */
  public static Config defaults() {
    return fromEnv(Map.of());
  }

  /** Reads the settings from {@code env} (normally {@link System#getenv()}). */
  public static Config fromEnv(Map<String, String> env) {
    return new Config(
        port("PORT", env.get("PORT"), 8080),
        port("MANAGEMENT_PORT", env.get("MANAGEMENT_PORT"), -1),
        orDefault(env.get("DATABASE_URL"), DEFAULT_DATABASE_URL),
        blankToNull(env.get("REDIS_URL")),
        blankToNull(env.get("VITALS_TOKEN")),
        duration(env, "VITALS_CHECK_INTERVAL", "5s"),
        duration(env, "VITALS_CHECK_TIMEOUT", "1s"),
        duration(env, "VITALS_DRAIN_DELAY", "5s"),
        duration(env, "VITALS_SHUTDOWN_TIMEOUT", "10s"),
        true);
  }

  /** This configuration with another API port. */
  public Config withPort(int port) {
    return new Config(port, managementPort, databaseUrl, redisUrl, token, checkInterval,
        checkTimeout, drainDelay, shutdownTimeout, shutdownHook);
  }

  /** This configuration without the SIGTERM hook: for tests that run the app in-process. */
  public Config withoutShutdownHook() {
    return new Config(port, managementPort, databaseUrl, redisUrl, token, checkInterval,
        checkTimeout, drainDelay, shutdownTimeout, false);
  }

  /** This configuration with the health endpoints on a port of their own (0: a free one). */
  public Config withManagementPort(int managementPort) {
    return new Config(port, managementPort, databaseUrl, redisUrl, token, checkInterval,
        checkTimeout, drainDelay, shutdownTimeout, shutdownHook);
  }

  private static int port(String name, String value, int fallback) {
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a number, got '" + value + "'");
    }
  }

  private static Duration duration(Map<String, String> env, String name, String fallback) {
    return Durations.parse(name, orDefault(env.get(name), fallback));
  }

  private static String orDefault(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value.strip();
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }
}
