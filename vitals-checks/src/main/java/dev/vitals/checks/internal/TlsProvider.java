package dev.vitals.checks.internal;

import dev.vitals.HealthCheck;
import dev.vitals.checks.TlsCertificateCheck;
import dev.vitals.spi.CheckProvider;
import dev.vitals.spi.CheckUri;
import java.util.Set;

/**
 * {@code tls://host[:port][?warnDays=14]}: certificate expiry of a remote endpoint, port 443 by
 * default. Default name {@code tls}.
 */
public final class TlsProvider implements CheckProvider {
  private static final String FORM = "tls://host[:port]";

  @Override
  public Set<String> schemes() {
    return Set.of("tls");
  }

  @Override
  public boolean accepts(String parameter) {
    return parameter.equals("warnDays");
  }

  @Override
  public HealthCheck.Builder create(CheckUri uri) {
    String host = Uris.host(uri, FORM);
    Uris.noUserInfo(uri, FORM);
    Uris.noPath(uri, FORM);
    TlsCertificateCheck check = TlsCertificateCheck.create(host, uri.port(443));
    String warnDays = uri.parameter("warnDays");
    if (warnDays != null) {
      if (!warnDays.matches("[0-9]{1,4}")) {
        throw new IllegalArgumentException(
            "warnDays must be a whole number of days, got '" + warnDays + "'");
      }
      check = check.warnDays(Integer.parseInt(warnDays));
    }
    return check.healthCheck("tls");
  }
}
