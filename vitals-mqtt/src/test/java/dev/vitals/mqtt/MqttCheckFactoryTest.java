package dev.vitals.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vitals.CheckUris;
import dev.vitals.HealthCheck;
import dev.vitals.testing.UriAgreement;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Building MQTT checks from URIs: nothing here talks to a broker. */
class MqttCheckFactoryTest {
  private static final String SECRET = "pw-S3cret-x9";

  @Test
  void factoryPreconfiguresTheRegistration() {
    HealthCheck check =
        MqttCheck.of("mqtt", "mqtts://app:" + SECRET + "@broker.internal").build();

    assertThat(check.timeout()).as("the engine's default").isEqualTo(Duration.ofSeconds(1));
    assertThat(check.componentType()).isEqualTo("component");
    assertThat(check.componentId()).isEqualTo("broker.internal:8883");
    assertThat(check.check()).hasToString("MqttCheck{mqtts://broker.internal:8883}");
  }

  /** Each URI, what it makes through {@link MqttCheck#of(String, String)} and CheckUris alike. */
  @Test
  void everyUriReadsTheSameThroughTheFactoryAndCheckUris() {
    String[][] cases = {
      {"mqtt://u:50%off@h", "mqtt h:1883 MqttCheck{mqtt://h:1883}"},
      {"mqtts://[::1]:8884", "mqtt [::1]:8884 MqttCheck{mqtts://[::1]:8884}"},
      {"mqtt://a%40b:c%2Fd" + SECRET + "@broker_1.internal", "mqtt broker_1.internal:1883 MqttCheck{mqtt://broker_1.internal:1883}"},
      {"mqtt://u:p@ss" + SECRET + "@h:1884", "mqtt h:1884 MqttCheck{mqtt://h:1884}"},
      {"mqtt://u:" + SECRET + "@", "mqtt URI must have a host: mqtt[s]://[user[:password]@]host[:port]"},
      {"mqtt://b1,b2", "mqtt URI must have one host: mqtt[s]://[user[:password]@]host[:port]"},
      {"mqtt://:" + SECRET + "@h", "mqtt URI user info must be user or user:password"},
      {"mqtt://u:" + SECRET + "@h/topic", "mqtt URI must not have a path, query or fragment (percent-encode '/', '?' and '#' in a password)"},
      {"mqtt://u:" + SECRET + "@h?qos=1", "unknown parameter 'qos' in 'mqtt://u:****@h?qos=1'"},
      // Malformed: the one parser's message (CheckUriTest has the others).
      {"mqtt://u:pw/" + SECRET + "@h", "malformed check URI 'mqtt://u:****@h': percent-encode '/', '?', '#' and '@' in a user name or password"},
    };
    UriAgreement.assertEachReadsTheSame(uri -> MqttCheck.of("mqtt", uri), cases);
    assertThatThrownBy(() -> MqttCheck.of("mqtt", "tcp://u:" + SECRET + "@h"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("mqtt URI must start with mqtt:// or mqtts://");
  }

  @Test
  void policyParametersBelongToCheckUrisNotToTheFactory() {
    assertThatThrownBy(() -> MqttCheck.of("mqtt", "mqtt://h?name=broker"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("policy parameter 'name' is applied only by CheckUris.create; set it on the"
            + " HealthCheck.Builder instead: 'mqtt://h?name=broker'");
    assertThat(CheckUris.create("mqtt://h?name=broker").build().name()).isEqualTo("broker");
  }
}
