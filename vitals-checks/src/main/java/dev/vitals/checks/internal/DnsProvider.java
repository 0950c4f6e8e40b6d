package dev.vitals.checks.internal;

import dev.vitals.HealthCheck;
import dev.vitals.checks.DnsCheck;
import dev.vitals.spi.CheckProvider;
import dev.vitals.spi.CheckUri;
import java.util.Set;

/** {@code dns://name}: the name must resolve. Default name {@code dns}. */
public final class DnsProvider implements CheckProvider {
  private static final String FORM = "dns://name";

  @Override
  public Set<String> schemes() {
    return Set.of("dns");
  }

  @Override
  public HealthCheck.Builder create(CheckUri uri) {
    String host = uri.host();
    if (host == null || host.isEmpty()) {
      throw new IllegalArgumentException("dns URI needs a name: " + FORM);
    }
    if (uri.port(-1) >= 0 || uri.user() != null) {
      throw new IllegalArgumentException("dns URI must be only a name: " + FORM);
    }
    Uris.noPath(uri, FORM);
    return DnsCheck.of("dns", host);
  }
}
