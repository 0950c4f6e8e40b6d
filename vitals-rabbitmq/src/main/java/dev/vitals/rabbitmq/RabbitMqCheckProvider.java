package dev.vitals.rabbitmq;

import dev.vitals.CheckProvider;
import dev.vitals.CheckUri;
import dev.vitals.HealthCheck;
import java.time.Duration;
import java.util.Set;

/**
 * Makes {@link RabbitMqCheck}s from {@code amqp://} and {@code amqps://} check URIs, named
 * {@code rabbitmq} unless the URI's {@code name} parameter says otherwise. Found by {@link
 * java.util.ServiceLoader}; applications never call it.
 */
public final class RabbitMqCheckProvider implements CheckProvider {
  @Override
  public Set<String> schemes() {
    return Set.of("amqp", "amqps");
  }

  @Override
  public HealthCheck.Builder create(CheckUri uri, Duration timeout) {
    return RabbitMqCheck.of("rabbitmq", uri.rawWithoutPolicy(), timeout);
  }
}
