package dev.vitals.kafka;

import dev.vitals.spi.CheckUri;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A {@code kafka://[user:password@]host[:port][,host[:port]…][?parameters]} check URI, read from
 * its parsed {@link CheckUri} (host list, credentials, parameters) and turned into Admin client
 * properties. No message quotes the URI's credentials.
 */
final class KafkaUri {
  static final int DEFAULT_PORT = 9092;
  /** The query parameters a kafka URI understands besides the policy ones. */
  static final Set<String> PARAMETERS = Set.of("minBrokers", "tls", "mechanism");

  private static final Set<String> MECHANISMS = Set.of("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512");
  private static final String SYNTAX = "kafka://[user:password@]host[:port][,host[:port]...]";

  private final String servers;
  private final Map<String, Object> adminConfig;
  private final int minBrokers;

  private KafkaUri(String servers, Map<String, Object> adminConfig, int minBrokers) {
    this.servers = servers;
    this.adminConfig = adminConfig;
    this.minBrokers = minBrokers;
  }

  /** {@code host:port,host:port}, without credentials. */
  String servers() {
    return servers;
  }

  /** Admin properties for the URI: bootstrap servers and security; a fresh mutable copy. */
  Map<String, Object> adminConfig() {
    return new HashMap<>(adminConfig);
  }

  int minBrokers() {
    return minBrokers;
  }

  /** Reads {@code uri}; its policy parameters are left to the caller. */
  static KafkaUri of(CheckUri uri) {
    if (!uri.scheme().equals("kafka")) {
      throw new IllegalArgumentException("kafka URI must start with kafka://");
    }
    uri.requireKnownParameters(PARAMETERS::contains);
    if (uri.hosts(DEFAULT_PORT).isEmpty()) {
      throw new IllegalArgumentException("kafka URI must have a host: " + SYNTAX);
    }
    if (!uri.path().isEmpty() && !uri.path().equals("/")) {
      throw new IllegalArgumentException(
          "kafka URI must not have a path (percent-encode '/' in a password)");
    }
    String user = uri.user();
    String password = uri.password();
    if ((user == null) != (password == null)) {
      throw new IllegalArgumentException("kafka URI user info must be user:password");
    }
    if (password != null && password.isEmpty()) {
      throw new IllegalArgumentException("kafka URI password must not be empty");
    }
    String servers = String.join(",", uri.hosts(DEFAULT_PORT));

    Map<String, Object> config = new LinkedHashMap<>();
    config.put("bootstrap.servers", servers);
    boolean tls = bool(uri.parameter("tls"));
    String mechanism = uri.parameter("mechanism");
    if (user == null) {
      if (mechanism != null) {
        throw new IllegalArgumentException("kafka URI parameter mechanism needs user:password");
      }
      if (tls) {
        config.put("security.protocol", "SSL");
      }
    } else {
      mechanism = mechanism == null ? "PLAIN" : mechanism.toUpperCase(Locale.ROOT);
      if (!MECHANISMS.contains(mechanism)) {
        throw new IllegalArgumentException(
            "kafka URI mechanism must be PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512");
      }
      config.put("security.protocol", tls ? "SASL_SSL" : "SASL_PLAINTEXT");
      config.put("sasl.mechanism", mechanism);
      String module = mechanism.equals("PLAIN")
          ? "org.apache.kafka.common.security.plain.PlainLoginModule"
          : "org.apache.kafka.common.security.scram.ScramLoginModule";
      config.put("sasl.jaas.config", module + " required username=\"" + jaasQuote(user)
          + "\" password=\"" + jaasQuote(password) + "\";");
    }
    return new KafkaUri(servers, Collections.unmodifiableMap(config), minBrokers(uri));
  }

  private static int minBrokers(CheckUri uri) {
    String value = uri.parameter("minBrokers");
    if (value == null) {
      return 1;
    }
    if (!value.matches("[0-9]{1,6}") || Integer.parseInt(value) < 1) {
      throw new IllegalArgumentException(
          "kafka URI minBrokers must be a whole number, at least 1, got '" + safe(value) + "'");
    }
    return Integer.parseInt(value);
  }

  private static boolean bool(String value) {
    if (value == null || value.equals("false")) {
      return false;
    }
    if (value.equals("true")) {
      return true;
    }
    throw new IllegalArgumentException(
        "kafka URI tls must be true or false, got '" + safe(value) + "'");
  }

  /** Parameter values are echoed only when short and plain. */
  private static String safe(String s) {
    return s.matches("[A-Za-z0-9._-]{1,40}") ? s : "…";
  }

  /** Quotes a value for a JAAS configuration string: backslash and double quote escaped. */
  static String jaasQuote(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"");
  }
}
