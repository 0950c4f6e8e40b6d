package dev.vitals.checks.internal;

import dev.vitals.HealthCheck;
import dev.vitals.checks.RedisCheck;
import dev.vitals.spi.CheckProvider;
import dev.vitals.spi.CheckUri;
import java.util.Set;

/**
 * {@code redis://[[user]:password@]host[:port][/db]} and {@code rediss://…} (TLS): see {@link
 * RedisCheck}. Port 6379 by default; no parameters but the policy ones. Default name {@code
 * redis}.
 */
public final class RedisProvider implements CheckProvider {
  @Override
  public Set<String> schemes() {
    return Set.of("redis", "rediss");
  }

  @Override
  public HealthCheck.Builder create(CheckUri uri) {
    return RedisCheck.of("redis", uri);
  }
}
