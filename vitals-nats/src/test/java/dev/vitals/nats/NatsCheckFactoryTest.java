package dev.vitals.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vitals.CheckUris;
import dev.vitals.HealthCheck;
import dev.vitals.testing.UriAgreement;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Building NATS checks from URIs: nothing here talks to a server. */
class NatsCheckFactoryTest {
  private static final String SECRET = "pw-S3cret-x9";

  @Test
  void factoryPreconfiguresTheRegistration() {
    HealthCheck check = NatsCheck.of("nats", "nats://app:" + SECRET + "@nats.internal").build();

    assertThat(check.timeout()).as("the engine's default").isEqualTo(Duration.ofSeconds(1));
    assertThat(check.componentType()).isEqualTo("component");
    assertThat(check.componentId()).isEqualTo("nats.internal:4222");
    assertThat(check.check()).hasToString("NatsCheck{nats://nats.internal:4222}");
    assertThat(NatsCheck.of("n", "nats://" + SECRET + "@h:4333").build().check().toString())
        .isEqualTo("NatsCheck{nats://h:4333}");
  }

  /** Each URI, what it makes through {@link NatsCheck#of(String, String)} and CheckUris alike. */
  @Test
  void everyUriReadsTheSameThroughTheFactoryAndCheckUris() {
    String[][] cases = {
      {"nats://u:50%off@h", "nats h:4222 NatsCheck{nats://h:4222}"},
      {"nats://t0k3n" + SECRET + "@[::1]:4223", "nats [::1]:4223 NatsCheck{nats://[::1]:4223}"},
      {"nats://a%40b:c%2Fd" + SECRET + "@nats_1.internal", "nats nats_1.internal:4222 NatsCheck{nats://nats_1.internal:4222}"},
      {"nats://n1:4222,n2:4223,[::1]", "nats n1:4222,n2:4223,[::1]:4222 NatsCheck{nats://n1:4222,n2:4223,[::1]:4222}"},
      {"nats://u:" + SECRET + "@", "nats URI must have a host: nats://[user:password@ | token@]host[:port]"},
      {"nats://u:@h", "nats URI user info must be user:password or a token"},
      {"nats://:" + SECRET + "@h", "nats URI user info must be user:password or a token"},
      {"nats://u:" + SECRET + "@h/x", "nats URI must not have a path, query or fragment (percent-encode '/', '?' and '#' in a password)"},
      {"nats://u:" + SECRET + "@h?verbose=true", "unknown parameter 'verbose' in 'nats://u:****@h?verbose=true'"},
      // Malformed: the one parser's message (CheckUriTest has the others).
      {"nats://u:pw/" + SECRET + "@h", "malformed check URI 'nats://u:****@h': percent-encode '/', '?', '#' and '@' in a user name or password"},
      {"nats://u:" + SECRET + "@n1,", "malformed check URI 'nats://u:****@n1,': a host is missing from the list"},
    };
    UriAgreement.assertEachReadsTheSame(uri -> NatsCheck.of("nats", uri), cases);
    assertThatThrownBy(() -> NatsCheck.of("nats", "tls://u:" + SECRET + "@h"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("nats URI must start with nats://");
  }

  @Test
  void policyParametersBelongToCheckUrisNotToTheFactory() {
    assertThatThrownBy(() -> NatsCheck.of("nats", "nats://h?critical=false"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("policy parameter 'critical' is applied only by CheckUris.create; set it on the"
            + " HealthCheck.Builder instead: 'nats://h?critical=false'");
    assertThat(CheckUris.create("nats://h?critical=false").build().critical()).isFalse();
  }
}
