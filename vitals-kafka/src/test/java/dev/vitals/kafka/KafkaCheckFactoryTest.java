package dev.vitals.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vitals.CheckUris;
import dev.vitals.HealthCheck;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Building checks and parsing URIs: nothing here talks to a broker. */
class KafkaCheckFactoryTest {
  private static final String SECRET = "pw-S3cret-x9";

  @Test
  void uriFactoryPreconfiguresTheRegistration() {
    HealthCheck check =
        KafkaCheck.of("events", "kafka://app:" + SECRET + "@k1.internal,k2.internal:9093/?minBrokers=2")
            .build();

    assertThat(check.name()).isEqualTo("events");
    assertThat(check.timeout()).as("the engine's default").isEqualTo(Duration.ofSeconds(1));
    assertThat(check.componentType()).isEqualTo("component");
    assertThat(check.componentId()).isEqualTo("k1.internal:9092,k2.internal:9093");
    assertThat(check.check())
        .hasToString("KafkaCheck{kafka k1.internal:9092,k2.internal:9093, minBrokers=2}");
    assertThat(KafkaCheck.of("k", "kafka://[::1]").build().componentId()).isEqualTo("[::1]:9092");
  }

  @Test
  void uriBecomesAdminProperties() {
    Map<String, Object> plain = KafkaUri.parse("kafka://k1:9092,k2").adminConfig();
    Map<String, Object> sasl =
        KafkaUri.parse("kafka://app:a%22b%5Cc%2Bd+e@k1?tls=true&mechanism=scram-sha-512").adminConfig();
    Map<String, Object> tls = KafkaUri.parse("kafka://k1?tls=true").adminConfig();

    assertThat(plain).containsExactly(Map.entry("bootstrap.servers", "k1:9092,k2:9092"));
    assertThat(tls).containsEntry("security.protocol", "SSL").doesNotContainKey("sasl.mechanism");
    assertThat(sasl)
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
        .containsEntry("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required"
            + " username=\"app\" password=\"a\\\"b\\\\c+d+e\";");
  }

  @Test
  void propertiesFactoryKeepsTheConfigurationAndShowsOnlyTheServers() {
    KafkaCheck check = KafkaCheck.create(
        Map.of("bootstrap.servers", "k1:9092, k2:9092", "sasl.jaas.config", "x password=\"" + SECRET + "\";"));

    assertThat(check.healthCheck("kafka").build().componentId()).isEqualTo("k1:9092,k2:9092");
    assertThat(check.minBrokers()).isEqualTo(1);
    assertThat(check.minBrokers(3).minBrokers()).isEqualTo(3);
    assertThat(check.toString()).doesNotContain(SECRET);
    assertThat(KafkaCheck.create(Map.of("bootstrap.servers", List.of("k1:9092", "k2:9092")))
        .healthCheck("kafka").build().componentId()).isEqualTo("k1:9092,k2:9092");
    assertThatThrownBy(() -> KafkaCheck.create(Map.of("client.id", "x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("adminConfig must set bootstrap.servers");
  }

  @Test
  void badArgumentsAreRejectedNamingTheField() {
    assertThatThrownBy(() -> KafkaCheck.create("kafka://h").minBrokers(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("minBrokers must be at least 1: 0");
  }

  @Test
  void badUrisAreRejectedWithoutEchoingThePassword() {
    String[][] cases = {
      {"redis://app:" + SECRET + "@h", "kafka URI must start with kafka://"},
      {"kafka://app:" + SECRET + "@", "kafka URI must have a host: kafka://[user:password@]host[:port][,host[:port]...]"},
      {"kafka://" + SECRET + "@h", "kafka URI user info must be user:password"},
      {"kafka://:" + SECRET + "@h", "kafka URI user info must be user:password"},
      {"kafka://app:@h", "kafka URI password must not be empty"},
      {"kafka://app:pw/" + SECRET + "@h", "kafka URI must not have a path (percent-encode '/' in a password)"},
      {"kafka://app:pw#" + SECRET + "@h", "kafka URI must not have a fragment (percent-encode '#' in a password)"},
      {"kafka://app:" + SECRET + "@h:99999", "kafka URI ports must be 1-65535"},
      {"kafka://app:" + SECRET + "@h:90:92", "kafka URI ports must be 1-65535"},
      {"kafka://app:" + SECRET + "@h,", "kafka URI must have a valid host in every entry: kafka://[user:password@]host[:port][,host[:port]...]"},
      {"kafka://app:" + SECRET + " x@h", "kafka URI user info has a character that must be percent-encoded"},
      {"kafka://app:" + SECRET + "@h x", "kafka URI must have a valid host in every entry: kafka://[user:password@]host[:port][,host[:port]...]"},
      {"kafka://app:pw?" + SECRET + "@h", "unknown kafka URI parameter '…'; known: mechanism, minBrokers, tls"},
      {"kafka://app:%zz" + SECRET + "@h", "kafka URI has a bad %-escape in the password"},
      {"kafka://h?timeout=1s", "unknown kafka URI parameter 'timeout'; known: mechanism, minBrokers, tls"},
      {"kafka://h?minBrokers=0", "kafka URI minBrokers must be a whole number, at least 1, got '0'"},
      {"kafka://h?minBrokers=1&minBrokers=2", "kafka URI repeats parameter 'minBrokers'"},
      {"kafka://h?tls=yes", "kafka URI tls must be true or false, got 'yes'"},
      {"kafka://h?mechanism=PLAIN", "kafka URI parameter mechanism needs user:password"},
      {"kafka://app:" + SECRET + "@h?mechanism=GSSAPI", "kafka URI mechanism must be PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512"},
    };
    for (String[] c : cases) {
      assertThatThrownBy(() -> KafkaCheck.of("kafka", c[0]))
          .as(c[0].replace(SECRET, "****"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(c[1])
          .hasNoCause();
    }
  }

  @Test
  void providerIsFoundForTheKafkaScheme() {
    CheckUris uris = CheckUris.loaded();

    HealthCheck check = uris.builder("kafka://app:" + SECRET + "@k1:9092?minBrokers=2&critical=false").build();

    assertThat(uris.schemes()).contains("kafka");
    assertThat(check.name()).isEqualTo("kafka");
    assertThat(check.critical()).isFalse();
    assertThat(check.timeout()).isEqualTo(CheckUris.DEFAULT_TIMEOUT);
    assertThat(check.componentId()).isEqualTo("k1:9092");
    assertThat(((KafkaCheck) check.check()).minBrokers()).isEqualTo(2);
    assertThatThrownBy(() -> uris.builder("kafka://app:" + SECRET + "@k1?retries=3"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown parameter 'retries' in 'kafka://app:****@k1?retries=3'");
  }
}
