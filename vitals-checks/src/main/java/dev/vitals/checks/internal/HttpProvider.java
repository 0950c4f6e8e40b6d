package dev.vitals.checks.internal;

import dev.vitals.HealthCheck;
import dev.vitals.checks.HttpCheck;
import dev.vitals.spi.CheckProvider;
import dev.vitals.spi.CheckUri;
import java.util.Set;

/**
 * {@code http[s]://host[:port][/path][?query]}: a GET that must answer a status in {@code
 * expect} ({@code 200-299} by default; {@code 204}, {@code 200-399} or {@code 2xx} style).
 * {@code followRedirects=true} follows redirects (default false: a 3xx is reported as it is).
 * Every other parameter but the policy ones stays in the URL for the server (see {@link
 * HttpCheck#of(String, CheckUri)}). Default name {@code http}.
 */
public final class HttpProvider implements CheckProvider {
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
    return HttpCheck.of("http", uri);
  }
}
