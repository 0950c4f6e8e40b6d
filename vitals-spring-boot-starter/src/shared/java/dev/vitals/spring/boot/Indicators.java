package dev.vitals.spring.boot;

import dev.vitals.HealthCheck;
import dev.vitals.HealthReport;
import dev.vitals.Probe;
import dev.vitals.Result;
import dev.vitals.Status;
import dev.vitals.Vitals;
import dev.vitals.spi.Outputs;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * Spring Boot Actuator's health indicators as checks, and Actuator's contributors answered from
 * verdicts, independent of the Boot line: each starter's {@code Actuator} class reads the
 * indicators and swaps the contributors in Actuator's registries, in its Boot's own types.
 *
 * <p>An indicator becomes an ordinary registration: the engine runs it in the background, under
 * its deadline, one execution at a time (rules 1–3); this class only translates its status code
 * and details into a {@link Result}.
 */
final class Indicators {
  private static final System.Logger LOG = System.getLogger("dev.vitals.spring");

  /** What an indicator said, or what a verdict says in Actuator's terms. */
  record Reading(String status, Map<String, ?> details) {}

  /**
   * One indicator bean under the contributor name Actuator gives it; {@code health} calls it on
   * the calling thread (a reactive one is subscribed there and blocked within the deadline).
   */
  record Indicator(String name, Callable<Reading> health) {}

  /** Boot's own contributors that a Vitals check covers: contributor name to check name. */
  static final Map<String, String> COVERED =
      Map.of("db", "database", "diskSpace", "disk", "redis", "redis", "rabbit", "rabbitmq");

  /** Boot's ping: always UP, covered by every probe answering at all. */
  static final String PING = "ping";

  /**
   * Boot's availability contributors: never checks (they would read Vitals' own readiness back),
   * answered from the readiness and liveness probes.
   */
  static final Map<String, Probe> AVAILABILITY =
      Map.of("readinessState", Probe.READINESS, "livenessState", Probe.LIVENESS);

  private static final Map<String, Status> DEFAULT_MAPPING = Map.of(
      "UP", Status.PASS, "DOWN", Status.FAIL, "OUTOFSERVICE", Status.FAIL, "UNKNOWN", Status.WARN);

  private final VitalsProperties.Actuator settings;
  private final Map<String, Status> mapping;

  /**
   * @throws IllegalArgumentException for a status mapping that is not pass, warn or fail, naming
   *     the property
   */
  Indicators(VitalsProperties.Actuator settings) {
    this.settings = settings;
    Map<String, Status> m = new HashMap<>(DEFAULT_MAPPING);
    settings.statusMapping().forEach((code, to) -> {
      Status status = switch (to == null ? "" : to.strip().toLowerCase(Locale.ROOT)) {
        case "pass" -> Status.PASS;
        case "warn" -> Status.WARN;
        case "fail" -> Status.FAIL;
        default -> throw new IllegalArgumentException("vitals.actuator.status-mapping." + code
            + ": expected pass, warn or fail, got '" + to + "'");
      };
      m.put(uniform(code), status);
    });
    this.mapping = Map.copyOf(m);
  }

  /** Status codes compared as Actuator does: letters and digits only, upper case. */
  static String uniform(String code) {
    StringBuilder b = new StringBuilder(code.length());
    for (int i = 0; i < code.length(); i++) {
      char c = code.charAt(i);
      if (Character.isLetterOrDigit(c)) {
        b.append(Character.toUpperCase(c));
      }
    }
    return b.toString();
  }

  /** The check status of an indicator's status code; a code mapped nowhere reads warn. */
  Status status(String code) {
    return mapping.getOrDefault(code == null ? "" : uniform(code), Status.WARN);
  }

  /**
   * The registrations for {@code found}, leaving out the excluded ones, the availability
   * contributors, and (with {@code skip-covered}) those a check in {@code on} covers.
   *
   * @param on the names of the other checks that are enabled
   */
  List<HealthCheck> checks(List<Indicator> found, Set<String> on) {
    List<HealthCheck> checks = new ArrayList<>();
    for (Indicator indicator : found) {
      String name = indicator.name();
      if (settings.exclude().contains(name) || AVAILABILITY.containsKey(name)) {
        continue;
      }
      if (settings.skipCovered()
          && (PING.equals(name) || on.contains(COVERED.getOrDefault(name, "")))) {
        continue;
      }
      HealthCheck.Builder check;
      try {
        check = HealthCheck.builder(name, () -> result(indicator.health().call()));
      } catch (IllegalArgumentException e) {
        LOG.log(Level.WARNING, "health indicator ''{0}'' stays Actuator''s own, not a check: {1}",
            Outputs.sanitize(name), e.getMessage());
        continue;
      }
      checks.add(Settings.built(check.componentType("actuator")));
    }
    return checks;
  }

  /** The result of an indicator's reading: the mapped status, with the status code and details. */
  Result result(Reading reading) {
    if (reading == null || reading.status() == null) {
      return Result.fail("the indicator returned no health");
    }
    return Result.of(status(reading.status()), output(reading));
  }

  /** One line: {@code DOWN: error=java.io.IOException: refused, database=PostgreSQL}, sanitized. */
  static String output(Reading reading) {
    StringBuilder line = new StringBuilder(reading.status());
    String sep = ": ";
    for (Map.Entry<String, ?> e : reading.details().entrySet()) {
      line.append(sep).append(e.getKey()).append('=').append(e.getValue());
      sep = ", ";
      if (line.length() > Outputs.MAX_LENGTH) {
        break;
      }
    }
    return Outputs.sanitize(line.toString());
  }

  /**
   * How Actuator's contributor {@code name} answers from verdicts, or null when it stays
   * Actuator's own: the availability contributors from the probes, an indicator that became a
   * check from its verdict, db and diskSpace from the database and disk verdicts.
   */
  static Supplier<Reading> served(Vitals vitals, String name) {
    Probe probe = AVAILABILITY.get(name);
    if (probe != null) {
      return () -> {
        HealthReport report = vitals.report(probe);
        return reading(report.status(), report.output(), null);
      };
    }
    Set<String> checks = new HashSet<>();
    vitals.checks().forEach(c -> checks.add(c.name()));
    String check = checks.contains(name) ? name
        : checks.contains(COVERED.getOrDefault(name, "")) ? COVERED.get(name) : null;
    if (check == null) {
      return null;
    }
    return () -> {
      HealthReport.Entry entry = vitals.details().check(check);
      return entry == null ? reading(Status.FAIL, "no verdict", check)
          : reading(entry.status(), entry.output(), check);
    };
  }

  /** A verdict in Actuator's terms: pass and warn are UP (200), fail is DOWN (503). */
  static Reading reading(Status status, String output, String check) {
    Map<String, Object> details = new LinkedHashMap<>();
    if (check != null) {
      details.put("check", check);
    }
    details.put("status", status.wireName());
    if (output != null) {
      details.put("output", output);
    }
    return new Reading(status == Status.FAIL ? "DOWN" : "UP", details);
  }
}
