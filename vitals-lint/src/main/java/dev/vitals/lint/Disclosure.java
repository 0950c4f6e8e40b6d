package dev.vitals.lint;

import dev.vitals.HealthJson;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an answer discloses to a caller who showed no valid token (VL106, VL107): details fields
 * (checks, components, outputs, versions), host names, IP address literals and exception text.
 * The status, and Spring Actuator's {@code groups} (the names of the probe groups), are not
 * details. An address the caller itself dialled (the host of the base URL) is not a disclosure.
 */
final class Disclosure {
  /**
   * Fields of health+json and Spring Actuator that carry details; {@code serviceId} and {@code
   * description} only name the service and are left out.
   */
  private static final Set<String> DETAIL_FIELDS = Set.of("checks", "components", "details",
      "output", "version", "releaseid", "notes");
  private static final Pattern IPV4 =
      Pattern.compile("(?<![\\w.])(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})(?![\\w.])");
  /** Candidates only: each is confirmed by {@link InetAddress}, which parses a literal with a colon without DNS. */
  private static final Pattern IPV6 = Pattern.compile("(?<![\\w:.])[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(?![\\w:.])");
  /** A URL with a host, e.g. {@code jdbc:postgresql://db.internal:5432}. */
  private static final Pattern URL_HOST = Pattern.compile("\\b[a-zA-Z][\\w+.-]*://([^\\s\"'/:@]+@)?([^\\s\"'/:?#]+)");
  /** Java, Python, Go, .NET and JavaScript error text and stack frames. */
  private static final Pattern ERROR_TEXT = Pattern.compile("\\w*Exception\\b|Caused by:"
      + "|\\n\\s*at [\\w.$<>]+\\(|Traceback \\(most recent call last\\)|goroutine \\d+ \\[|\\bpanic: ");

  private Disclosure() {}

  /**
   * What {@code text} (an answer's body; {@code json} its parse, or null) discloses, each in a few
   * words; empty if nothing. {@code dialled} is the host lint asked, which is no disclosure.
   */
  static List<String> of(String text, Map<String, Object> json, String dialled) {
    List<String> found = new ArrayList<>();
    if (json != null) {
      json.forEach((key, value) -> {
        if (DETAIL_FIELDS.contains(key.toLowerCase(Locale.ROOT))) {
          // name what the checks are: "components (db, redis)" says more than "components"
          found.add(value instanceof Map<?, ?> named && !named.isEmpty()
              ? key + " (" + String.join(", ", named.keySet().stream().map(String::valueOf).toList()) + ")"
              : key);
        }
      });
      nestedFields(json, 0, found);
    }
    Matcher error = ERROR_TEXT.matcher(text);
    if (error.find()) {
      found.add("error text \"" + error.group().strip() + "\"");
    }
    Matcher url = URL_HOST.matcher(text);
    while (url.find()) {
      if (!url.group(2).equalsIgnoreCase(dialled)) {
        found.add("host " + url.group(2));
        break;
      }
    }
    String address = address(text, dialled);
    if (address != null) {
      found.add("address " + address);
    }
    return found;
  }

  /**
   * Fields anywhere in the document named like a host ({@code host}, {@code hostname}, {@code
   * node}, {@code pod}), and versions below the top level (a dependency's, e.g. Spring's {@code
   * redis.details.version}; the top level's is a detail field already).
   */
  private static void nestedFields(Object value, int depth, List<String> found) {
    if (value instanceof Map<?, ?> map) {
      map.forEach((key, inner) -> {
        String name = String.valueOf(key).toLowerCase(Locale.ROOT);
        if ((name.contains("host") || name.equals("node") || name.equals("pod")) && inner instanceof String) {
          found.add(key + " " + HealthJson.quote((String) inner));
        } else if (depth > 0 && name.equals("version") && (inner instanceof String || inner instanceof Number)) {
          found.add("version " + HealthJson.quote(String.valueOf(inner)));
        }
        nestedFields(inner, depth + 1, found);
      });
    } else if (value instanceof List<?> list) {
      list.forEach(inner -> nestedFields(inner, depth + 1, found));
    }
  }

  private static String address(String text, String dialled) {
    Matcher v4 = IPV4.matcher(text);
    while (v4.find()) {
      boolean octets = true;
      for (int i = 1; i <= 4; i++) {
        octets &= Integer.parseInt(v4.group(i)) <= 255;
      }
      if (octets && !v4.group().equals(dialled)) {
        return v4.group();
      }
    }
    Matcher v6 = IPV6.matcher(text);
    while (v6.find()) {
      String literal = v6.group();
      // "::" or eight groups: times such as 22:13:30 are neither
      boolean shaped = literal.contains("::") || literal.chars().filter(c -> c == ':').count() == 7;
      if (shaped && literal.chars().anyMatch(c -> Character.digit(c, 16) >= 0) && v6Literal(literal)
          && !sameHost(literal, dialled)) {
        return literal;
      }
    }
    return null;
  }

  private static boolean v6Literal(String literal) {
    try {
      InetAddress.getByName(literal);
      return true;
    } catch (UnknownHostException | IllegalArgumentException e) {
      return false;
    }
  }

  private static boolean sameHost(String literal, String dialled) {
    String host = dialled.startsWith("[") ? dialled.substring(1, dialled.length() - 1) : dialled;
    try {
      return host.contains(":") && InetAddress.getByName(literal).equals(InetAddress.getByName(host));
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
