package dev.vitals.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vitals.CheckUris;
import dev.vitals.HealthCheck;
import dev.vitals.testing.UriAgreement;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Building gRPC checks from URIs: nothing here talks to a server. */
class GrpcHealthCheckFactoryTest {
  private static final String SECRET = "pw-S3cret-x9";

  @Test
  void factoryPreconfiguresTheRegistration() {
    HealthCheck check = GrpcHealthCheck.of("payments", "grpcs://payments.internal/readiness").build();

    assertThat(check.timeout()).as("the engine's default").isEqualTo(Duration.ofSeconds(1));
    assertThat(check.componentType()).isEqualTo("component");
    assertThat(check.componentId()).isEqualTo("payments.internal:443");
    assertThat(check.check()).hasToString("GrpcHealthCheck{grpcs://payments.internal:443/readiness}");
    assertThat(((GrpcHealthCheck) check.check()).service()).isEqualTo("readiness");
  }

  /** Each URI, what it makes through {@link GrpcHealthCheck#of(String, String)} and CheckUris alike. */
  @Test
  void everyUriReadsTheSameThroughTheFactoryAndCheckUris() {
    String form = "grpc://host:port[/service] or grpcs://host[:port][/service]";
    String[][] cases = {
      {"grpc://127.0.0.1:50051/readiness", "grpc 127.0.0.1:50051 GrpcHealthCheck{grpc://127.0.0.1:50051/readiness}"},
      {"grpc://orders:9090", "grpc orders:9090 GrpcHealthCheck{grpc://orders:9090}"},
      {"grpc://orders:9090/", "grpc orders:9090 GrpcHealthCheck{grpc://orders:9090}"},
      {"GRPCS://[::1]:8443/orders.v1.Orders", "grpc [::1]:8443 GrpcHealthCheck{grpcs://[::1]:8443/orders.v1.Orders}"},
      {"grpcs://api.internal", "grpc api.internal:443 GrpcHealthCheck{grpcs://api.internal:443}"},
      {"grpc://orders:9090/a%20b", "grpc orders:9090 GrpcHealthCheck{grpc://orders:9090/a b}"},
      {"grpc://orders/readiness", "grpc URI must have a port: " + form},
      {"grpc:///readiness", "grpc URI must have a host: " + form},
      {"grpc://a:1,b:2/readiness", "grpc URI must have one host: " + form},
      {"grpc://u:" + SECRET + "@orders:9090", "grpc URI takes no user info: " + form},
      {"grpc://orders:9090/a/b", "grpc URI path must be one service name: " + form},
      {"grpc://orders:9090?tls=true", "unknown parameter 'tls' in 'grpc://orders:9090?tls=true'"},
      // Malformed: the one parser's message (CheckUriTest has the others).
      {"grpc://orders:99999", "malformed check URI 'grpc://orders:99999': port must be 1-65535: 99999"},
    };
    UriAgreement.assertEachReadsTheSame(uri -> GrpcHealthCheck.of("grpc", uri), cases);
    assertThatThrownBy(() -> GrpcHealthCheck.of("grpc", "http://orders:9090"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("grpc URI must start with grpc:// or grpcs://");
  }

  @Test
  void policyParametersBelongToCheckUrisNotToTheFactory() {
    assertThatThrownBy(() -> GrpcHealthCheck.of("grpc", "grpc://orders:9090?interval=5s"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("policy parameter 'interval' is applied only by CheckUris.create; set it on the"
            + " HealthCheck.Builder instead: 'grpc://orders:9090?interval=5s'");
    assertThat(CheckUris.create("grpc://orders:9090?interval=5s").build().interval())
        .isEqualTo(Duration.ofSeconds(5));
  }
}
