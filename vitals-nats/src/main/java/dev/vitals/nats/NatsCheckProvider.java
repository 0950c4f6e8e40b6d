package dev.vitals.nats;

import dev.vitals.CheckProvider;
import dev.vitals.CheckUri;
import dev.vitals.HealthCheck;
import java.time.Duration;
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
  public HealthCheck.Builder create(CheckUri uri, Duration timeout) {
    return NatsCheck.of("nats", uri.rawWithoutPolicy(), timeout);
  }
}
