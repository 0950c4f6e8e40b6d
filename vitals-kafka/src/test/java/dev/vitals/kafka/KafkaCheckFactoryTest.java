package dev.vitals.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vitals.CheckUris;
import dev.vitals.HealthCheck;
import dev.vitals.spi.CheckUri;
import dev.vitals.testing.UriAgreement;
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
    Map<String, Object> plain = adminConfig("kafka://k1:9092,k2");
    Map<String, Object> sasl =
        adminConfig("kafka://app:a%22b%5Cc%2Bd+e@k1?tls=true&mechanism=scram-sha-512");
    Map<String, Object> tls = adminConfig("kafka://k1?tls=true");
    Map<String, Object> ipv6 = adminConfig("kafka://[::1]:9093,[fe80::1%25eth0],k3_b");

    assertThat(plain).containsExactly(Map.entry("bootstrap.servers", "k1:9092,k2:9092"));
    assertThat(ipv6).containsExactly(
        Map.entry("bootstrap.servers", "[::1]:9093,[fe80::1%25eth0]:9092,k3_b:9092"));
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

  /** Each URI, what it makes through {@link KafkaCheck#of(String, String)} and CheckUris alike. */
  @Test
  void everyUriReadsTheSameThroughTheFactoryAndCheckUris() {
    String[][] cases = {
      {"kafka://k1:9092,k2:9093", "kafka k1:9092,k2:9093 KafkaCheck{kafka k1:9092,k2:9093, minBrokers=1}"},
      {"kafka://[::1],[::2]:9093,k3_b.internal", "kafka [::1]:9092,[::2]:9093,k3_b.internal:9092"
          + " KafkaCheck{kafka [::1]:9092,[::2]:9093,k3_b.internal:9092, minBrokers=1}"},
      {"kafka://app:a%40b%2Fc" + SECRET + "@k1,k2?minBrokers=2&tls=true", "kafka k1:9092,k2:9092 KafkaCheck{kafka k1:9092,k2:9092, minBrokers=2}"},
      {"kafka://app:50%off@k1?mechanism=scram-sha-256", "kafka k1:9092 KafkaCheck{kafka k1:9092, minBrokers=1}"},
      {"kafka://app:p@ss" + SECRET + "@k1", "kafka k1:9092 KafkaCheck{kafka k1:9092, minBrokers=1}"},
      {"kafka://app:" + SECRET + "@", "kafka URI must have a host: kafka://[user:password@]host[:port][,host[:port]...]"},
      {"kafka://" + SECRET + "@h", "kafka URI user info must be user:password"},
      {"kafka://:" + SECRET + "@h", "kafka URI user info must be user:password"},
      {"kafka://app:@h", "kafka URI password must not be empty"},
      {"kafka://app:" + SECRET + "@h/x", "kafka URI must not have a path (percent-encode '/' in a password)"},
      {"kafka://h?minBrokers=0", "kafka URI minBrokers must be a whole number, at least 1, got '0'"},
      {"kafka://h?tls=yes", "kafka URI tls must be true or false, got 'yes'"},
      {"kafka://h?mechanism=PLAIN", "kafka URI parameter mechanism needs user:password"},
      {"kafka://app:" + SECRET + "@h?mechanism=GSSAPI", "kafka URI mechanism must be PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512"},
      {"kafka://app:" + SECRET + "@h?retries=3", "unknown parameter 'retries' in 'kafka://app:****@h?retries=3'"},
      // Malformed: the one parser's messages.
      {"kafka://h?minBrokers=1&minBrokers=2", "check URI repeats parameter 'minBrokers': 'kafka://h?minBrokers=1&minBrokers=2'"},
      {"kafka://app:pw/" + SECRET + "@h", "malformed check URI 'kafka://app:****@h': percent-encode '/', '?', '#' and '@' in a user name or password"},
      {"kafka://app:pw?" + SECRET + "@h", "malformed check URI 'kafka://app:****@h': percent-encode '/', '?', '#' and '@' in a user name or password"},
      {"kafka://app:pw#" + SECRET + "@h", "malformed check URI 'kafka://app:****@h': a '#' would start a fragment, which no check reads (percent-encode '#' in a password as %23)"},
      {"kafka://app:" + SECRET + "@h:99999", "malformed check URI 'kafka://app:****@h:99999': port must be 1-65535: 99999"},
      {"kafka://app:" + SECRET + "@h:90:92", "malformed check URI 'kafka://app:****@h:90:92': a port must be a number"},
      {"kafka://app:" + SECRET + "@h,", "malformed check URI 'kafka://app:****@h,': a host is missing from the list"},
      {"kafka://app:" + SECRET + " x@h", "malformed check URI 'kafka://app:****@h': the user info has a character that must be percent-encoded"},
      {"kafka://app:" + SECRET + "@h x", "malformed check URI 'kafka://app:****@h x': the host has a character that is not allowed"},
      {"kafka://[::1:9092", "malformed check URI 'kafka://[::1:9092': malformed IPv6 host"},
    };
    UriAgreement.assertEachReadsTheSame(uri -> KafkaCheck.of("kafka", uri), cases);
    assertThatThrownBy(() -> KafkaCheck.of("kafka", "redis://app:" + SECRET + "@h"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("kafka URI must start with kafka://");
    assertThat(adminConfig("kafka://app:50%off@k1"))
        .containsEntry("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule"
            + " required username=\"app\" password=\"50%off\";");
  }

  @Test
  void policyParametersBelongToCheckUrisNotToTheFactory() {
    assertThatThrownBy(() -> KafkaCheck.of("kafka", "kafka://h?timeout=1s"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("policy parameter 'timeout' is applied only by CheckUris.create; set it on the"
            + " HealthCheck.Builder instead: 'kafka://h?timeout=1s'");
  }

  private static Map<String, Object> adminConfig(String uri) {
    return KafkaUri.of(CheckUri.parse(uri)).adminConfig();
  }


  @Test
  void providerIsFoundForTheKafkaScheme() {
    CheckUris uris = CheckUris.loaded();

    HealthCheck check = uris.builder("kafka://app:" + SECRET + "@k1:9092?minBrokers=2&critical=false").build();

    assertThat(uris.schemes()).contains("kafka");
    assertThat(check.name()).isEqualTo("kafka");
    assertThat(check.critical()).isFalse();
    assertThat(check.timeout()).isEqualTo(HealthCheck.DEFAULT_TIMEOUT);
    assertThat(check.componentId()).isEqualTo("k1:9092");
    assertThat(((KafkaCheck) check.check()).minBrokers()).isEqualTo(2);
    assertThatThrownBy(() -> uris.builder("kafka://app:" + SECRET + "@k1?retries=3"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown parameter 'retries' in 'kafka://app:****@k1?retries=3'");
  }
}
