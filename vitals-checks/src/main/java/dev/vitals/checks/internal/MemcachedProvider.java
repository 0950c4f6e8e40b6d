package dev.vitals.checks.internal;

import dev.vitals.HealthCheck;
import dev.vitals.checks.MemcachedCheck;
import dev.vitals.spi.CheckProvider;
import dev.vitals.spi.CheckUri;
import java.util.Set;

/** {@code memcached://host[:port]}, port 11211 by default. Default name {@code memcached}. */
public final class MemcachedProvider implements CheckProvider {
  private static final String FORM = "memcached://host[:port]";

  @Override
  public Set<String> schemes() {
    return Set.of("memcached");
  }

  @Override
  public HealthCheck.Builder create(CheckUri uri) {
    String host = Uris.host(uri, FORM);
    Uris.noUserInfo(uri, "the text protocol has no authentication");
    Uris.noPath(uri, FORM);
    return MemcachedCheck.of("memcached", host, uri.port(MemcachedCheck.DEFAULT_PORT));
  }
}
