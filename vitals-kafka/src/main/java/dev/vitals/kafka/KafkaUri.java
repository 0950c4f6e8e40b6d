package dev.vitals.kafka;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A parsed {@code kafka://[user:password@]host[:port][,host[:port]…][?parameters]}, turned into
 * Admin client properties.
 *
 * <p>Parsed by hand: {@link java.net.URI} cannot hold a comma-separated host list. No message
 * quotes the input, so a password cannot leak through an error, however malformed the URI.
 */
final class KafkaUri {
  static final int DEFAULT_PORT = 9092;
  /** The query parameters a kafka URI understands. */
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

  static KafkaUri parse(String uri) {
    String s = uri.strip();
    if (!s.regionMatches(true, 0, "kafka://", 0, 8)) {
      throw new IllegalArgumentException("kafka URI must start with kafka://");
    }
    s = s.substring(8);
    if (s.indexOf('#') >= 0) {
      throw new IllegalArgumentException(
          "kafka URI must not have a fragment (percent-encode '#' in a password)");
    }
    Map<String, String> parameters = Map.of();
    int question = s.indexOf('?');
    if (question >= 0) {
      parameters = query(s.substring(question + 1));
      s = s.substring(0, question);
    }
    int slash = s.indexOf('/');
    if (slash >= 0) {
      if (slash != s.length() - 1) {
        throw new IllegalArgumentException(
            "kafka URI must not have a path (percent-encode '/' in a password)");
      }
      s = s.substring(0, slash);
    }
    String user = null;
    String password = null;
    int at = s.lastIndexOf('@');
    if (at >= 0) {
      String userInfo = s.substring(0, at);
      s = s.substring(at + 1);
      if (!userInfo.matches("[A-Za-z0-9._~%!$&'()*+,;=:-]*")) {
        throw new IllegalArgumentException(
            "kafka URI user info has a character that must be percent-encoded");
      }
      int colon = userInfo.indexOf(':');
      if (colon <= 0) {
        throw new IllegalArgumentException("kafka URI user info must be user:password");
      }
      user = decode(userInfo.substring(0, colon), "user");
      password = decode(userInfo.substring(colon + 1), "password");
      if (password.isEmpty()) {
        throw new IllegalArgumentException("kafka URI password must not be empty");
      }
    }
    String servers = servers(s);

    Map<String, Object> config = new LinkedHashMap<>();
    config.put("bootstrap.servers", servers);
    boolean tls = bool(parameters.get("tls"));
    String mechanism = parameters.get("mechanism");
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
    return new KafkaUri(servers, Collections.unmodifiableMap(config), minBrokers(parameters));
  }

  /** Validates {@code host[:port],…} and returns it with default ports filled in. */
  private static String servers(String list) {
    if (list.isEmpty()) {
      throw new IllegalArgumentException("kafka URI must have a host: " + SYNTAX);
    }
    List<String> out = new ArrayList<>();
    for (String server : list.split(",", -1)) {
      String host;
      String port = null;
      if (server.startsWith("[")) {
        int close = server.indexOf(']');
        if (close < 0 || !server.substring(1, close).matches("[0-9A-Fa-f:.]+")) {
          throw new IllegalArgumentException("kafka URI has a malformed IPv6 host: " + SYNTAX);
        }
        host = server.substring(0, close + 1);
        String rest = server.substring(close + 1);
        if (!rest.isEmpty()) {
          if (!rest.startsWith(":")) {
            throw new IllegalArgumentException("kafka URI has a malformed IPv6 host: " + SYNTAX);
          }
          port = rest.substring(1);
        }
      } else {
        int colon = server.indexOf(':');
        host = colon < 0 ? server : server.substring(0, colon);
        port = colon < 0 ? null : server.substring(colon + 1);
      }
      if (host.isEmpty() || !(host.startsWith("[") || host.matches("[A-Za-z0-9._-]+"))) {
        throw new IllegalArgumentException("kafka URI must have a valid host in every entry: " + SYNTAX);
      }
      out.add(host + ":" + port(port));
    }
    return String.join(",", out);
  }

  private static int port(String port) {
    if (port == null) {
      return DEFAULT_PORT;
    }
    if (!port.matches("[0-9]{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65_535) {
      // A port is not a secret, but a mangled password may land here: name the rule, not the text.
      throw new IllegalArgumentException("kafka URI ports must be 1-65535");
    }
    return Integer.parseInt(port);
  }

  private static Map<String, String> query(String query) {
    Map<String, String> parameters = new LinkedHashMap<>();
    for (String pair : query.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq), "parameter");
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1), "parameter");
      if (!PARAMETERS.contains(name)) {
        throw new IllegalArgumentException(
            "unknown kafka URI parameter '" + safeName(name) + "'; known: mechanism, minBrokers, tls");
      }
      if (parameters.putIfAbsent(name, value) != null) {
        throw new IllegalArgumentException("kafka URI repeats parameter '" + name + "'");
      }
    }
    return parameters;
  }

  private static int minBrokers(Map<String, String> parameters) {
    String value = parameters.get("minBrokers");
    if (value == null) {
      return 1;
    }
    if (!value.matches("[0-9]{1,6}") || Integer.parseInt(value) < 1) {
      throw new IllegalArgumentException(
          "kafka URI minBrokers must be a whole number, at least 1, got '" + safeName(value) + "'");
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
        "kafka URI tls must be true or false, got '" + safeName(value) + "'");
  }

  /** Parameter names and values are echoed only when short and plain. */
  private static String safeName(String s) {
    return s.matches("[A-Za-z0-9._-]{1,40}") ? s : "…";
  }

  private static String decode(String s, String what) {
    try {
      return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("kafka URI has a bad %-escape in the " + what);
    }
  }

  /** Quotes a value for a JAAS configuration string: backslash and double quote escaped. */
  static String jaasQuote(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"");
  }
}
