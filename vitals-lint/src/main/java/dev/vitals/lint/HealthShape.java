package dev.vitals.lint;

import dev.vitals.HealthJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What lint reads in a health answer's JSON: its status (aliases such as Spring's {@code UP}
 * mapped), the problems of its shape against draft-inadarei-api-health-check (VL102), and the
 * checks that name an external dependency (VL113).
 */
final class HealthShape {
  private static final Set<String> STATUSES = Set.of("pass", "warn", "fail");
  /** What other frameworks write instead, lower-cased, with the draft's word each stands for. */
  private static final Map<String, String> ALIASES = Map.of("ok", "pass", "up", "pass",
      "down", "fail", "error", "fail", "out_of_service", "fail");
  /**
   * Words in a check's name that mean something outside the process: datastores, brokers, HTTP
   * services. Matched against the words of the name, so {@code dbPool} and {@code redis-cache}
   * count, {@code diskSpace} and {@code deadlock} do not.
   */
  private static final Set<String> DEPENDENCY_WORDS = Set.of("database", "db", "datasource",
      "datastore", "jdbc", "sql", "postgres", "postgresql", "mysql", "mariadb", "oracle", "mssql",
      "sqlserver", "h2", "redis", "memcached", "mongo", "mongodb", "cassandra", "couchbase",
      "elasticsearch", "opensearch", "solr", "neo4j", "dynamodb", "kafka", "rabbit", "rabbitmq",
      "amqp", "jms", "mqtt", "nats", "broker", "sqs", "sns", "pubsub", "http", "https", "api",
      "upstream", "downstream", "s3", "blob", "ldap", "smtp", "mail", "vault", "consul",
      "zookeeper", "etcd", "grpc");

  private HealthShape() {}

  /** A parsed answer with the words its problems are described in. */
  record Problems(List<String> errors, List<String> aliases) {}

  /** {@code pass}, {@code warn} or {@code fail} for the answer's status, aliases mapped; else null. */
  static String status(Map<String, Object> answer) {
    return answer.get("status") instanceof String s ? normalize(s) : null;
  }

  private static String normalize(String status) {
    String lower = status.toLowerCase(Locale.ROOT);
    return STATUSES.contains(lower) ? lower : ALIASES.get(lower);
  }

  /** The answer's departures from the draft; aliases apart, as they are only a note. */
  static Problems problems(Map<String, Object> answer) {
    List<String> errors = new ArrayList<>();
    List<String> aliases = new ArrayList<>();
    statusProblem(answer.get("status"), "status", true, errors, aliases);
    if ("pass".equals(status(answer)) && answer.containsKey("output")) {
      errors.add("output present although status is pass");
    }
    if (answer.containsKey("checks")) {
      if (!(answer.get("checks") instanceof Map<?, ?> checks)) {
        errors.add("checks is not an object");
      } else {
        checks.forEach((key, value) -> check(String.valueOf(key), value, errors, aliases));
      }
    }
    return new Problems(errors, aliases);
  }

  private static void check(String key, Object value, List<String> errors, List<String> aliases) {
    if (!(value instanceof List<?> items)) {
      errors.add("checks." + key + " is not an array");
      return;
    }
    for (int i = 0; i < items.size(); i++) {
      String at = "checks." + key + "[" + i + "]";
      if (!(items.get(i) instanceof Map<?, ?> item)) {
        errors.add(at + " is not an object");
        continue;
      }
      if (item.containsKey("observedUnit") && !item.containsKey("observedValue")) {
        errors.add(at + " has observedUnit without observedValue");
      }
      if (item.containsKey("status")) {
        statusProblem(item.get("status"), at + ".status", false, errors, aliases);
        if (item.get("status") instanceof String s && "pass".equals(normalize(s))
            && item.containsKey("output")) {
          errors.add(at + " has output although its status is pass");
        }
      }
    }
  }

  private static void statusProblem(Object value, String at, boolean required, List<String> errors,
      List<String> aliases) {
    if (value == null) {
      if (required) {
        errors.add(at + " missing");
      }
    } else if (!(value instanceof String s) || normalize(s) == null) {
      errors.add(at + " is " + shown(value) + ", not pass, warn or fail");
    } else if (!STATUSES.contains(s)) {
      aliases.add(at + " is \"" + s + "\" for " + normalize(s));
    }
  }

  /**
   * The checks of the answer that name an external dependency: {@code componentType} datastore,
   * or a dependency word in the check's name; Spring Actuator's {@code components} by name.
   */
  static List<String> dependencies(Map<String, Object> answer) {
    List<String> found = new ArrayList<>();
    if (answer.get("checks") instanceof Map<?, ?> checks) {
      checks.forEach((key, value) -> {
        boolean datastore = Json.list(value).stream().anyMatch(item -> item instanceof Map<?, ?> m
            && "datastore".equals(m.get("componentType")));
        String name = String.valueOf(key);
        if (datastore || external(name.contains(":") ? name.substring(0, name.indexOf(':')) : name)) {
          found.add(name);
        }
      });
    }
    if (answer.get("components") instanceof Map<?, ?> components) {
      components.keySet().stream().map(String::valueOf).filter(HealthShape::external)
          .forEach(found::add);
    }
    return found;
  }

  private static boolean external(String name) {
    // dbPool → db pool, redis-cache → redis cache
    String words = name.replaceAll("([a-z0-9])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
    for (String word : words.split("[^a-z0-9]+")) {
      if (DEPENDENCY_WORDS.contains(word)) {
        return true;
      }
    }
    return DEPENDENCY_WORDS.contains(name.toLowerCase(Locale.ROOT));
  }

  static String shown(Object value) {
    return value instanceof String s ? HealthJson.quote(s) : String.valueOf(value);
  }
}
