package dev.vitals.spring.boot;

import com.rabbitmq.client.Channel;
import dev.vitals.HealthCheck;
import dev.vitals.Result;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.amqp.rabbit.connection.Connection;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;

/**
 * Checks through the application's Spring AMQP connection factories: a channel opened and closed
 * on the factory's connection (for a {@code CachingConnectionFactory}, its shared one), so the
 * check proves what the application's own publishing needs. The registration's deadline bounds it
 * (the engine interrupts the check at its timeout).
 */
final class RabbitChecks {
  private RabbitChecks() {}

  /** {@code rabbitmq} for the only factory, else one per bean name. */
  static List<HealthCheck.Builder> of(Map<String, ConnectionFactory> factories) {
    return BeanNames.named("rabbitmq", factories).entrySet().stream()
        .map(e -> channel(e.getKey(), e.getValue()))
        .collect(Collectors.toList());
  }

  static HealthCheck.Builder channel(String name, ConnectionFactory factory) {
    return HealthCheck.builder(name, () -> {
      Connection connection = factory.createConnection();
      try (Channel channel = connection.createChannel(false)) {
        return channel.isOpen() ? Result.pass() : Result.fail("the channel closed at once");
      }
    }).componentType("messaging");
  }
}
