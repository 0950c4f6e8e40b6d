package dev.vitals.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vitals.CheckUris;
import dev.vitals.HealthCheck;
import dev.vitals.testing.UriAgreement;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Building RabbitMQ checks from URIs: nothing here talks to a broker. */
class RabbitMqCheckFactoryTest {
  private static final String SECRET = "pw-S3cret-x9";

  @Test
  void factoryPreconfiguresTheRegistration() {
    HealthCheck check =
        RabbitMqCheck.of("events", "amqps://app:" + SECRET + "@mq.internal/orders").build();

    assertThat(check.timeout()).as("the engine's default").isEqualTo(Duration.ofSeconds(1));
    assertThat(check.componentType()).isEqualTo("component");
    assertThat(check.componentId()).isEqualTo("mq.internal:5671");
    assertThat(check.check())
        .hasToString("RabbitMqCheck{amqps://mq.internal:5671/orders}");
    assertThat(RabbitMqCheck.of("r", "amqp://h").build().check())
        .hasToString("RabbitMqCheck{amqp://h:5672/%2F}");
  }

  /** Each URI, what it makes through {@link RabbitMqCheck#of(String, String)} and CheckUris alike. */
  @Test
  void everyUriReadsTheSameThroughTheFactoryAndCheckUris() {
    String[][] cases = {
      {"amqp://guest:50%off@h", "rabbitmq h:5672 RabbitMqCheck{amqp://h:5672/%2F}"},
      {"amqps://app:" + SECRET + "@[::1]:5673/orders", "rabbitmq [::1]:5673 RabbitMqCheck{amqps://[::1]:5673/orders}"},
      {"amqp://a%40b:c%2Fd" + SECRET + "@mq_1.internal/%2F", "rabbitmq mq_1.internal:5672 RabbitMqCheck{amqp://mq_1.internal:5672/%2F}"},
      {"amqp://u:" + SECRET + "@h/a%2Fb", "rabbitmq h:5672 RabbitMqCheck{amqp://h:5672/a%2Fb}"},
      {"amqp://u:" + SECRET + "@", "amqp URI must have a host: amqp[s]://[user:password@]host[:port][/vhost]"},
      {"amqp://mq1,mq2", "amqp URI must have one host: amqp[s]://[user:password@]host[:port][/vhost]"},
      {"amqp://" + SECRET + "@h", "amqp URI user info must be user:password"},
      {"amqp://u:" + SECRET + "@h/a/b", "amqp URI path must be one vhost (percent-encode '/' in a vhost or password as %2F)"},
      {"amqp://u:" + SECRET + "@h?heartbeat=5", "unknown parameter 'heartbeat' in 'amqp://u:****@h?heartbeat=5'"},
      // Malformed: the one parser's message (CheckUriTest has the others).
      {"amqp://u:pw/" + SECRET + "@h", "malformed check URI 'amqp://u:****@h': percent-encode '/', '?', '#' and '@' in a user name or password"},
    };
    UriAgreement.assertEachReadsTheSame(uri -> RabbitMqCheck.of("rabbitmq", uri), cases);
    assertThatThrownBy(() -> RabbitMqCheck.of("rabbitmq", "http://u:" + SECRET + "@h"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("amqp URI must start with amqp:// or amqps://");
  }

  @Test
  void policyParametersBelongToCheckUrisNotToTheFactory() {
    assertThatThrownBy(() -> RabbitMqCheck.of("rabbitmq", "amqp://h?interval=5s"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("policy parameter 'interval' is applied only by CheckUris.create; set it on the"
            + " HealthCheck.Builder instead: 'amqp://h?interval=5s'");
    assertThat(CheckUris.create("amqp://h?interval=5s").build().interval())
        .isEqualTo(Duration.ofSeconds(5));
  }
}
