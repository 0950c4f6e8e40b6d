package dev.vitals.checks.internal;

import dev.vitals.HealthCheck;
import dev.vitals.checks.HttpCheck;
import dev.vitals.spi.CheckProvider;
import dev.vitals.spi.CheckUri;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code http[s]://host[:port][/path][?query]}: a GET that must answer a status in {@code
 * expect} ({@code 200-299} by default; {@code 204}, {@code 200-399} or {@code 2xx} style).
 * {@code followRedirects=true} follows redirects (default false: a 3xx is reported as it is).
 * Every other parameter but the policy ones stays in the URL for the server. Default name
 * {@code http}.
 */
public final class HttpProvider implements CheckProvider {
  private static final Set<String> OURS = Set.of("expect", "followRedirects");
  private static final Pattern RANGE = Pattern.compile("([1-5][0-9][0-9])(?:-([1-5][0-9][0-9]))?");
  private static final Pattern CLASS = Pattern.compile("([1-5])xx");

  @Override
  public Set<String> schemes() {
    return Set.of("http", "https");
  }

  @Override
  public boolean accepts(String parameter) {
    return true;
  }

  @Override
  public HealthCheck.Builder create(CheckUri uri) {
    Uris.host(uri, "http[s]://host[:port][/path]");
    String query = Uris.query(uri, OURS);
    HttpCheck check = HttpCheck.create(Uris.withoutQuery(uri.raw())
        + (query.isEmpty() ? "" : "?" + query));
    String expect = uri.parameter("expect");
    if (expect != null) {
      Matcher range = RANGE.matcher(expect);
      Matcher kind = CLASS.matcher(expect);
      if (range.matches()) {
        int min = Integer.parseInt(range.group(1));
        check = check.expectStatus(min, range.group(2) == null ? min : Integer.parseInt(range.group(2)));
      } else if (kind.matches()) {
        int hundreds = Integer.parseInt(kind.group(1)) * 100;
        check = check.expectStatus(hundreds, hundreds + 99);
      } else {
        throw new IllegalArgumentException(
            "expect must be a status, a range or a class such as 200, 200-399 or 2xx, got '"
                + expect + "'");
      }
    }
    String follow = uri.parameter("followRedirects");
    if (follow != null) {
      if (!follow.equals("true") && !follow.equals("false")) {
        throw new IllegalArgumentException(
            "followRedirects must be true or false, got '" + follow + "'");
      }
      check = check.followRedirects(Boolean.parseBoolean(follow));
    }
    return check.healthCheck("http");
  }
}
