package dev.vitals.kafka;

import dev.vitals.HealthCheck;
import dev.vitals.spi.CheckProvider;
import dev.vitals.spi.CheckUri;
import java.util.Set;

/**
 * Makes {@link KafkaCheck}s from {@code kafka://} check URIs, default name {@code kafka}:
 * {@code kafka://app:s3cret@k1:9092?minBrokers=3&timeout=2s}. Besides the policy parameters it
 * understands {@code minBrokers}, {@code tls} and {@code mechanism} (see {@link KafkaCheck}).
 * Found by {@link java.util.ServiceLoader} through {@code META-INF/services}; applications do not
 * use it directly.
 */
public final class KafkaCheckProvider implements CheckProvider {

  /** For {@link java.util.ServiceLoader}. */
  public KafkaCheckProvider() {}

  @Override
  public Set<String> schemes() {
    return Set.of("kafka");
  }

  @Override
  public boolean accepts(String parameter) {
    return KafkaUri.PARAMETERS.contains(parameter);
  }

  @Override
  public HealthCheck.Builder create(CheckUri uri) {
    return KafkaCheck.of("kafka", uri);
  }
}
