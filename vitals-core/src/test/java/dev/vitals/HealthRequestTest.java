package dev.vitals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class HealthRequestTest {

  @Test
  void theTargetIsSplitIntoPathAndQuery() {
    HealthRequest request = HealthRequest.get("/health/ready?verbose=1&x");
    assertThat(request.method()).isEqualTo("GET");
    assertThat(request.path()).isEqualTo("/health/ready");
    assertThat(request.query()).isEqualTo("verbose=1&x");
    assertThat(HealthRequest.get("/health").query()).isNull();
    assertThat(HealthRequest.get("/health?").query()).isEmpty();
  }

  @Test
  void headersAndAddressDefaultToAbsent() {
    HealthRequest request = HealthRequest.get("/livez");
    assertThat(request.authorization()).isNull();
    assertThat(request.forwardedFor()).isNull();
    assertThat(request.remote()).isNull();
  }

  @Test
  void toStringNeverShowsTheAuthorizationValue() throws Exception {
    HealthRequest request = HealthRequest.builder("HEAD", "/health")
        .authorization("Bearer s3cret-token-0123456789")
        .forwardedFor("203.0.113.7")
        .remote(InetAddress.getByName("10.0.0.1"))
        .build();
    assertThat(request.toString())
        .isEqualTo("HealthRequest{HEAD /health, authorization=****, forwardedFor=203.0.113.7,"
            + " remote=10.0.0.1}")
        .doesNotContain("s3cret");
  }

  @Test
  void methodAndTargetAreRequired() {
    assertThatThrownBy(() -> HealthRequest.builder(null, "/health")).hasMessage("method");
    assertThatThrownBy(() -> HealthRequest.builder("GET", null)).hasMessage("target");
  }
}
