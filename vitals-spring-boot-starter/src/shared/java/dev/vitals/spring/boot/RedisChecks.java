package dev.vitals.spring.boot;

import dev.vitals.HealthCheck;
import dev.vitals.Result;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * Checks through the application's Spring Data Redis connection factories: a {@code PING} on a
 * connection from the factory, so the check goes the way the application's own commands go (its
 * pool, its client, its credentials). The registration's deadline bounds it: the engine
 * interrupts the check at its timeout, which ends a Lettuce command's wait.
 */
final class RedisChecks {
  private RedisChecks() {}

  /** {@code redis} for the only factory, else one per bean name. */
  static List<HealthCheck.Builder> of(Map<String, RedisConnectionFactory> factories) {
    return BeanNames.named("redis", factories).entrySet().stream()
        .map(e -> ping(e.getKey(), e.getValue()))
        .collect(Collectors.toList());
  }

  static HealthCheck.Builder ping(String name, RedisConnectionFactory factory) {
    return HealthCheck.builder(name, () -> {
      try (RedisConnection connection = factory.getConnection()) {
        String reply = connection.ping();
        return "PONG".equalsIgnoreCase(reply) ? Result.pass()
            : Result.fail("PING answered " + reply);
      }
    }).componentType("datastore");
  }
}
