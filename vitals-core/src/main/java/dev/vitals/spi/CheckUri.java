package dev.vitals.spi;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * One string that configures a check: {@code postgresql://app:secret@db:5432/notes?timeout=500ms},
 * {@code redis://cache:6379}, {@code kafka://k1:9092,k2:9092}, {@code disk:/var/lib}. For
 * configuration files, environment variables and the command line.
 *
 * <p>The scheme picks the {@link CheckProvider}; the query carries the check's policy ({@link
 * #POLICY}: {@code name}, {@code timeout}, {@code interval}, {@code recoveryInterval}, {@code
 * ttl}, {@code critical}, {@code probe}, {@code failureThreshold}, {@code successThreshold},
 * {@code staleAfter}) and any parameters the provider understands. {@code jdbc:} URLs are kept whole after the scheme.
 *
 * <p><b>The one parser.</b> Every module builds its checks from this parsed value, never by
 * parsing {@link #raw()} again, so that a URI means the same everywhere. The syntax is RFC 3986's
 * with three liberties taken for configuration written by hand: a {@code %} that starts no
 * escape is a percent sign ({@code redis://:50%off@cache}, {@code disk:/var?warn=80%}); the user
 * info runs to the authority's last {@code @}, so a raw {@code @} in a password works; and the
 * host may be a comma-separated list ({@link #hosts(int)}), each entry a name, an IPv4 address
 * or an IPv6 literal in brackets, with an optional port. Host names take letters, digits, {@code
 * .}, {@code -} and {@code _}. A fragment ({@code #}) is rejected, as no check reads one.
 * Anything malformed is an {@link IllegalArgumentException} saying what, with the URI shown
 * masked: {@code malformed check URI 'redis://:****@cache:99999': port must be 1-65535: 99999}.
 *
 * <p>The password never leaves this object except through {@link #password()} and {@link
 * #raw()}: {@link #toString()} and every error message show {@code ****} instead (see {@link
 * Outputs} for the mask).
 */
public final class CheckUri {
  /** The query parameters that set the check's policy rather than its target. */
  public static final Set<String> POLICY =
      Set.of("name", "timeout", "interval", "recoveryInterval", "ttl", "critical", "probe", "failureThreshold",
          "successThreshold", "staleAfter");

  private static final Pattern LONE_PERCENT = Pattern.compile("%(?![0-9A-Fa-f]{2})");
  private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*");
  // RFC 3986's characters for each part, '%' for escapes; '@' in the user info as said above.
  private static final Pattern USER_INFO = Pattern.compile("[A-Za-z0-9._~%!$&'()*+,;=:@-]*");
  private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9._-]+");
  private static final Pattern IPV6 =
      Pattern.compile("\\[[0-9A-Fa-f.]*:[0-9A-Fa-f:.]*(?:%25[A-Za-z0-9._~-]+)?]");
  private static final Pattern PATH = Pattern.compile("[A-Za-z0-9._~%!$&'()*+,;=:@/-]*");
  private static final Pattern QUERY = Pattern.compile("[A-Za-z0-9._~%!$&'()*+,;=:@/?-]*");
  private static final String ENCODE_CREDENTIALS =
      "percent-encode '/', '?', '#' and '@' in a user name or password";

  private final String raw;
  private final String scheme;
  private final String authority; // without user info; null when there is none
  private final List<Host> hosts;
  private final String user;
  private final String password;
  private final String rawPath;
  private final String rawQuery; // null when there is none
  private final Map<String, String> parameters;

  private CheckUri(String raw, String scheme, String authority, List<Host> hosts, String user,
      String password, String rawPath, String rawQuery, Map<String, String> parameters) {
    this.raw = raw;
    this.scheme = scheme;
    this.authority = authority;
    this.hosts = hosts;
    this.user = user;
    this.password = password;
    this.rawPath = rawPath;
    this.rawQuery = rawQuery;
    this.parameters = parameters;
  }

  /** One entry of the authority's host list. */
  private static final class Host {
    final String name; // an IPv6 literal keeps its brackets
    final int port; // -1: none given

    Host(String name, int port) {
      this.name = name;
      this.port = port;
    }
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
    if (colon <= 0 || !SCHEME.matcher(s.substring(0, colon)).matches()) {
      throw new IllegalArgumentException(
          "check URI must start with a scheme such as postgresql:, redis: or tcp: '" + mask(s) + "'");
    }
    String scheme = s.substring(0, colon).toLowerCase(Locale.ROOT);
    int question = s.indexOf('?');
    String rawQuery = question < 0 ? null : s.substring(question + 1);
    Map<String, String> parameters = rawQuery == null ? Map.of() : query(rawQuery, s);
    if (scheme.equals("jdbc")) {
      return new CheckUri(s, scheme, null, List.of(), null, null, "", rawQuery, parameters);
    }
    if (s.indexOf('#') >= 0) {
      throw malformed(s, "a '#' would start a fragment, which no check reads (percent-encode"
          + " '#' in a password as %23)");
    }
    String rest = s.substring(colon + 1, question < 0 ? s.length() : question);
    String authority = null;
    List<Host> hosts = List.of();
    String user = null;
    String password = null;
    String rawPath = rest;
    if (rest.startsWith("//")) {
      int slash = rest.indexOf('/', 2);
      String whole = slash < 0 ? rest.substring(2) : rest.substring(2, slash);
      rawPath = slash < 0 ? "" : rest.substring(slash);
      int at = whole.lastIndexOf('@');
      if (at >= 0) {
        String info = whole.substring(0, at);
        if (!USER_INFO.matcher(info).matches()) {
          throw malformed(s, "the user info has a character that must be percent-encoded");
        }
        int split = info.indexOf(':');
        user = decode(split < 0 ? info : info.substring(0, split), s);
        user = user.isEmpty() ? null : user;
        password = split < 0 ? null : decode(info.substring(split + 1), s);
      }
      authority = whole.substring(at + 1);
      // An '@' after the authority means a '/' or '?' in the credentials ended it early.
      boolean cut = at < 0 && s.indexOf('@', colon + 3 + whole.length()) >= 0;
      hosts = hosts(authority, s, cut);
    }
    if (!PATH.matcher(rawPath).matches()) {
      throw malformed(s, "the path has a character that must be percent-encoded");
    }
    if (rawQuery != null && !QUERY.matcher(rawQuery).matches()) {
      throw malformed(s, "the query has a character that must be percent-encoded");
    }
    return new CheckUri(s, scheme, authority, hosts, user, password, rawPath, rawQuery, parameters);
  }

  /** The comma-separated hosts of {@code authority}; {@code cut}: it ended inside the user info. */
  private static List<Host> hosts(String authority, String whole, boolean cut) {
    if (authority.isEmpty()) {
      return List.of();
    }
    List<Host> hosts = new ArrayList<>();
    for (String entry : authority.split(",", -1)) {
      String name = entry;
      String port = null;
      if (entry.startsWith("[")) {
        int close = entry.indexOf(']');
        name = close < 0 ? entry : entry.substring(0, close + 1);
        String after = close < 0 ? "" : entry.substring(close + 1);
        if (!IPV6.matcher(name).matches() || !(after.isEmpty() || after.startsWith(":"))) {
          throw malformed(whole, cut ? ENCODE_CREDENTIALS : "malformed IPv6 host");
        }
        port = after.isEmpty() ? null : after.substring(1);
      } else if (entry.indexOf(':') >= 0) {
        name = entry.substring(0, entry.indexOf(':'));
        port = entry.substring(entry.indexOf(':') + 1);
      }
      if (name.isEmpty() || !(name.startsWith("[") || HOST_NAME.matcher(name).matches())) {
        throw malformed(whole, cut ? ENCODE_CREDENTIALS
            : name.isEmpty() ? "a host is missing" + (entry.isEmpty() ? " from the list" : "")
            : "the host has a character that is not allowed");
      }
      if (port != null && !port.isEmpty() && !port.matches("[0-9]{1,9}")) {
        throw malformed(whole, cut ? ENCODE_CREDENTIALS : "a port must be a number");
      }
      int number = port == null || port.isEmpty() ? -1 : Integer.parseInt(port);
      if (number == 0 || number > 65_535) {
        throw malformed(whole, "port must be 1-65535: " + number);
      }
      hosts.add(new Host(name, number));
    }
    return Collections.unmodifiableList(hosts);
  }

  private static IllegalArgumentException malformed(String whole, String reason) {
    return new IllegalArgumentException("malformed check URI '" + mask(whole) + "': " + reason);
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

  /** The URI safe to show: the one user-info mask, for a whole check URI, then the usual. */
  private static String mask(String s) {
    return Outputs.sanitize(Outputs.maskUserInfo(s, true));
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
   * included: what a driver that takes a URL should see (a {@code jdbc:} URL).
   */
  public String rawWithoutPolicy() {
    if (rawQuery == null) {
      return raw;
    }
    String kept = targetQuery(Set.of());
    return raw.substring(0, raw.indexOf('?')) + (kept.isEmpty() ? "" : "?" + kept);
  }

  /** The query as given, still percent-encoded, without the {@code ?}; null when there is none. */
  public String rawQuery() {
    return rawQuery;
  }

  /**
   * The query as given (still percent-encoded, without the {@code ?}) less the policy parameters
   * and {@code ours}, the provider's own: what the target should see, such as an HTTP server or
   * a JDBC driver. Empty when nothing is left.
   */
  public String targetQuery(Set<String> ours) {
    if (rawQuery == null) {
      return "";
    }
    StringBuilder kept = new StringBuilder();
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq), raw);
      if (!pair.isEmpty() && !POLICY.contains(name) && !ours.contains(name)) {
        kept.append(kept.length() == 0 ? "" : "&").append(pair);
      }
    }
    return kept.toString();
  }

  /**
   * The authority without credentials: {@code host:port}, or a list such as {@code
   * k1:9092,k2:9092}; null when there is none (an empty one, as in {@code redis:///}, is empty).
   */
  public String authority() {
    return authority;
  }

  /**
   * The host, IPv6 literals in brackets ({@code [::1]}); null for {@code jdbc:} URLs, host lists
   * and URIs without one.
   */
  public String host() {
    return hosts.size() == 1 ? hosts.get(0).name : null;
  }

  /** The port, or {@code defaultPort} when the URI has none (or has a host list). */
  public int port(int defaultPort) {
    return hosts.size() == 1 && hosts.get(0).port > 0 ? hosts.get(0).port : defaultPort;
  }

  /**
   * Every host of the authority as {@code host:port}, {@code defaultPort} where none is given,
   * IPv6 literals in brackets: {@code [k1:9092, k2:9093]} for {@code kafka://k1,k2:9093}, one
   * entry for one host, none when the URI has no host.
   */
  public List<String> hosts(int defaultPort) {
    List<String> out = new ArrayList<>(hosts.size());
    for (Host host : hosts) {
      out.add(hostAndPort(host.name, host.port > 0 ? host.port : defaultPort));
    }
    return Collections.unmodifiableList(out);
  }

  /** The decoded user name, or null (none, or empty as in {@code redis://:password@cache}). */
  public String user() {
    return user;
  }

  /** The decoded password, or null when the user info has no {@code :}. Never log it. */
  public String password() {
    return password;
  }

  /** The decoded path ({@code /notes}, {@code /var/lib}), or an empty string. */
  public String path() {
    return decode(rawPath, raw);
  }

  /**
   * The path as given, still percent-encoded ({@code /a%2Fb} stays one segment), or an empty
   * string.
   */
  public String rawPath() {
    return rawPath;
  }

  /** Every query parameter, decoded, in order; policy parameters included. */
  public Map<String, String> parameters() {
    return parameters;
  }

  /** A query parameter's decoded value, or null. */
  public String parameter(String name) {
    return parameters.get(name);
  }

  /**
   * This URI, if every parameter is a policy parameter or one {@code accepted}; otherwise an
   * {@link IllegalArgumentException}: {@code unknown parameter 'db' in 'redis://cache?db=1'}. The
   * check {@link dev.vitals.CheckUris} makes with a provider's {@link CheckProvider#accepts}, for
   * factories that take a {@code CheckUri} to make too.
   */
  public CheckUri requireKnownParameters(Predicate<String> accepted) {
    for (String name : parameters.keySet()) {
      if (!POLICY.contains(name) && !accepted.test(name)) {
        throw new IllegalArgumentException(
            "unknown parameter '" + Outputs.sanitize(name) + "' in '" + this + "'");
      }
    }
    return this;
  }

  /**
   * This URI, if it has no policy parameter; otherwise an {@link IllegalArgumentException} naming
   * it. For a check factory given a URI string ({@code RedisCheck.of("cache", "redis://…")}):
   * policy belongs to the registration, which only {@link dev.vitals.CheckUris} builds from a
   * URI; the factory's caller sets it on the {@link dev.vitals.HealthCheck.Builder}.
   */
  public CheckUri requireNoPolicy() {
    for (String name : parameters.keySet()) {
      if (POLICY.contains(name)) {
        throw new IllegalArgumentException("policy parameter '" + name + "' is applied only by"
            + " CheckUris.create; set it on the HealthCheck.Builder instead: '" + this + "'");
      }
    }
    return this;
  }

  /**
   * {@code host:port} for componentIds and default names, without credentials; null without a
   * single host.
   */
  public String hostAndPort(int defaultPort) {
    String host = host();
    return host == null ? null : hostAndPort(host, port(defaultPort));
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
