package dev.vitals.checks.internal;

import dev.vitals.HealthCheck;
import dev.vitals.checks.TcpCheck;
import dev.vitals.spi.CheckProvider;
import dev.vitals.spi.CheckUri;
import java.util.Set;

/** {@code tcp://host:port}: the port is required. Default name {@code tcp}. */
public final class TcpProvider implements CheckProvider {
  private static final String FORM = "tcp://host:port";

  @Override
  public Set<String> schemes() {
    return Set.of("tcp");
  }

  @Override
  public HealthCheck.Builder create(CheckUri uri) {
    String host = Uris.host(uri, FORM);
    int port = Uris.port(uri, FORM);
    Uris.noUserInfo(uri, FORM);
    Uris.noPath(uri, FORM);
    return TcpCheck.of("tcp", host, port);
  }
}
