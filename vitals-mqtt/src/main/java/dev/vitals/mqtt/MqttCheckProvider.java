package dev.vitals.mqtt;

import dev.vitals.HealthCheck;
import dev.vitals.spi.CheckProvider;
import dev.vitals.spi.CheckUri;
import java.util.Set;

/**
 * Makes {@link MqttCheck}s from {@code mqtt://} and {@code mqtts://} check URIs, named {@code
 * mqtt} unless the URI's {@code name} parameter says otherwise. Found by {@link java.util.ServiceLoader}; applications
 * never call it.
 */
public final class MqttCheckProvider implements CheckProvider {
  @Override
  public Set<String> schemes() {
    return Set.of("mqtt", "mqtts");
  }

  @Override
  public HealthCheck.Builder create(CheckUri uri) {
    return MqttCheck.of("mqtt", uri);
  }
}
