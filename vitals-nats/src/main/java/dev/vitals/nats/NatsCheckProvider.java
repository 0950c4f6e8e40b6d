package dev.vitals.nats;

import dev.vitals.HealthCheck;
import dev.vitals.spi.CheckProvider;
import dev.vitals.spi.CheckUri;
import java.util.Set;

/**
 * Makes {@link NatsCheck}s from {@code nats://} check URIs, named {@code nats} unless the URI's
 * {@code name} parameter says otherwise. Found by {@link java.util.ServiceLoader}; applications
 * never call it.
 */
public final class NatsCheckProvider implements CheckProvider {
  @Override
  public Set<String> schemes() {
    return Set.of("nats");
  }

  @Override
  public HealthCheck.Builder create(CheckUri uri) {
    return NatsCheck.of("nats", uri.rawWithoutPolicy());
  }
}
