package dev.vitals.spi;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One string that configures a check: {@code postgresql://app:secret@db:5432/notes?timeout=500ms},
 * {@code redis://cache:6379}, {@code tcp://broker:9092?critical=false}, {@code disk:/var/lib}.
 * For configuration files, environment variables and the command line.
 *
 * <p>The scheme picks the {@link CheckProvider}; the query carries the check's policy ({@link
 * #POLICY}: {@code name}, {@code timeout}, {@code interval}, {@code ttl}, {@code critical}, {@code
 * probe}, {@code failureThreshold}, {@code successThreshold}, {@code staleAfter}) and any
 * parameters the provider understands. {@code jdbc:} URLs are kept whole after the scheme.
 *
 * <p>The password never leaves this object except through {@link #password()} and {@link
 * #raw()}: {@link #toString()} and every error message show {@code ****} instead.
 */
public final class CheckUri {
  /** The query parameters that set the check's policy rather than its target. */
  public static final Set<String> POLICY =
      Set.of("name", "timeout", "interval", "ttl", "critical", "probe", "failureThreshold",
          "successThreshold", "staleAfter");

  private static final Pattern LONE_PERCENT = Pattern.compile("%(?![0-9A-Fa-f]{2})");

  private final String raw;
  private final String scheme;
  private final URI uri; // null for jdbc: URLs
  private final String user;
  private final String password;
  private final Map<String, String> parameters;

  private CheckUri(String raw, String scheme, URI uri, String user, String password,
      Map<String, String> parameters) {
    this.raw = raw;
    this.scheme = scheme;
    this.uri = uri;
    this.user = user;
    this.password = password;
    this.parameters = parameters;
  }

  /**
   * Parses {@code text}. A malformed URI is an {@link IllegalArgumentException} whose message
   * shows the URI with its password masked.
   */
  public static CheckUri parse(String text) {
    Objects.requireNonNull(text, "uri");
    // A '%' that starts no escape is a percent sign, as in disk:/var?warn=80%.
    String s = LONE_PERCENT.matcher(text.strip()).replaceAll("%25");
    int colon = s.indexOf(':');
    if (colon <= 0 || !s.substring(0, colon).matches("[A-Za-z][A-Za-z0-9+.-]*")) {
      throw new IllegalArgumentException(
          "check URI must start with a scheme such as postgresql:, redis: or tcp: '" + mask(s) + "'");
    }
    String scheme = s.substring(0, colon).toLowerCase(Locale.ROOT);
    int question = s.indexOf('?');
    Map<String, String> parameters =
        question < 0 ? Map.of() : query(s.substring(question + 1), s);
    if (scheme.equals("jdbc")) {
      return new CheckUri(s, scheme, null, null, null, parameters);
    }
    URI uri;
    try {
      uri = new URI(s);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "malformed check URI '" + mask(s) + "': " + e.getReason() + " at index " + e.getIndex());
    }
    String user = null;
    String password = null;
    String userInfo = uri.getUserInfo();
    String rawAuthority = uri.getRawAuthority();
    if (userInfo == null && rawAuthority != null && rawAuthority.lastIndexOf('@') > 0) {
      // A host list is not a server authority to java.net.URI: read its user info by hand.
      userInfo = decode(rawAuthority.substring(0, rawAuthority.lastIndexOf('@')), s);
    }
    if (userInfo != null) {
      int split = userInfo.indexOf(':');
      user = split < 0 ? userInfo : userInfo.substring(0, split);
      password = split < 0 ? null : userInfo.substring(split + 1);
      user = user.isEmpty() ? null : user;
    }
    if (uri.getRawAuthority() != null && uri.getHost() == null && !uri.getRawAuthority().contains(",")) {
      throw new IllegalArgumentException(
          "check URI has an authority but no valid host: '" + mask(s) + "'");
    }
    return new CheckUri(s, scheme, uri, user, password, parameters);
  }

  private static Map<String, String> query(String query, String whole) {
    Map<String, String> parameters = new LinkedHashMap<>();
    for (String pair : query.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq), whole);
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1), whole);
      if (parameters.putIfAbsent(name, value) != null) {
        throw new IllegalArgumentException(
            "check URI repeats parameter '" + name + "': '" + mask(whole) + "'");
      }
    }
    return Collections.unmodifiableMap(parameters);
  }

  private static String decode(String s, String whole) {
    try {
      // RFC 3986 percent-decoding: unlike a form, a URI's '+' is a plus sign.
      return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("check URI has a bad %-escape: '" + mask(whole) + "'");
    }
  }

  /**
   * The URI safe to show. Unlike free text, a URI's user info is known to be a credential even
   * when it holds a space or other characters that make the URI malformed: everything between
   * "scheme://" and the last '@' of the authority is masked but the user name (a lone token,
   * {@code nats://token@host}, is masked whole). Then the usual sanitising applies.
   */
  private static String mask(String s) {
    int slashes = s.indexOf("://");
    if (slashes > 0) {
      int start = slashes + 3;
      int end = start;
      while (end < s.length() && "/?#".indexOf(s.charAt(end)) < 0) {
        end++;
      }
      int at = s.lastIndexOf('@', end - 1);
      if (at >= start) {
        int colon = s.indexOf(':', start);
        int keep = colon >= 0 && colon < at ? colon + 1 : start;
        s = s.substring(0, keep) + "****" + s.substring(at);
      }
    }
    return Outputs.sanitize(s);
  }

  /** The scheme, in lower case: {@code postgresql}, {@code redis}, {@code jdbc}… */
  public String scheme() {
    return scheme;
  }

  /** The URI as given, password included: for handing to a driver, never for showing. */
  public String raw() {
    return raw;
  }

  /**
   * The URI as given without the policy parameters ({@code timeout}, {@code name}…), password
   * included: what a driver should see.
   */
  public String rawWithoutPolicy() {
    int question = raw.indexOf('?');
    if (question < 0) {
      return raw;
    }
    StringBuilder kept = new StringBuilder();
    for (String pair : raw.substring(question + 1).split("&")) {
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq), raw);
      if (!pair.isEmpty() && !POLICY.contains(name)) {
        kept.append(kept.length() == 0 ? "" : "&").append(pair);
      }
    }
    return raw.substring(0, question) + (kept.length() == 0 ? "" : "?" + kept);
  }

  /**
   * The authority without credentials: {@code host:port}, or a list such as {@code
   * k1:9092,k2:9092} for schemes that take several hosts; null when there is none.
   */
  public String authority() {
    String authority = uri == null ? null : uri.getRawAuthority();
    if (authority == null) {
      return null;
    }
    int at = authority.lastIndexOf('@');
    return at < 0 ? authority : authority.substring(at + 1);
  }

  /** The host, or null (for {@code jdbc:} URLs, host lists and URIs without one). */
  public String host() {
    return uri == null ? null : uri.getHost();
  }

  /** The port, or {@code defaultPort} when the URI has none. */
  public int port(int defaultPort) {
    return uri == null || uri.getPort() < 0 ? defaultPort : uri.getPort();
  }

  /** The decoded user name, or null. */
  public String user() {
    return user;
  }

  /** The decoded password, or null. Never log it. */
  public String password() {
    return password;
  }

  /** The decoded path ({@code /notes}, {@code /var/lib}), or an empty string. */
  public String path() {
    if (uri == null) {
      return "";
    }
    String path = uri.isOpaque() ? uri.getSchemeSpecificPart() : uri.getPath();
    if (path == null) {
      return "";
    }
    int question = path.indexOf('?');
    return question < 0 ? path : path.substring(0, question);
  }

  /** Every query parameter, decoded, in order; policy parameters included. */
  public Map<String, String> parameters() {
    return parameters;
  }

  /** A query parameter's decoded value, or null. */
  public String parameter(String name) {
    return parameters.get(name);
  }

  /** {@code host:port} for componentIds and default names, without credentials. */
  public String hostAndPort(int defaultPort) {
    String host = host();
    if (host == null) {
      return null;
    }
    return host + ":" + port(defaultPort);
  }

  /**
   * {@code host:port} for componentIds and outputs, with an IPv6 literal put in brackets ({@code
   * [::1]:6379}); a host already in brackets is kept as it is. For checks that get their host
   * from an argument or a client library rather than from a {@link CheckUri}.
   */
  public static String hostAndPort(String host, int port) {
    return (host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
  }

  /**
   * Returns {@code port} if it is a TCP port a check can connect to, 1 to 65535.
   *
   * @throws IllegalArgumentException otherwise: {@code port must be 1-65535: 0}
   */
  public static int requirePort(int port) {
    if (port < 1 || port > 65_535) {
      throw new IllegalArgumentException("port must be 1-65535: " + port);
    }
    return port;
  }

  /** The URI with its password masked. */
  @Override
  public String toString() {
    return mask(raw);
  }
}
