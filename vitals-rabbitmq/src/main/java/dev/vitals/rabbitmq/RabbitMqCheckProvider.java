package dev.vitals.rabbitmq;

import dev.vitals.HealthCheck;
import dev.vitals.spi.CheckProvider;
import dev.vitals.spi.CheckUri;
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
  public HealthCheck.Builder create(CheckUri uri) {
    return RabbitMqCheck.of("rabbitmq", uri);
  }
}
