package dev.vitals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

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
    assertThat(request.accept()).isNull();
    assertThat(request.remote()).isNull();
  }

  @Test
  void acceptIsCarriedAsGiven() {
    String prometheus = "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5";
    assertThat(HealthRequest.builder("GET", "/health/metrics").accept(prometheus).build().accept())
        .isEqualTo(prometheus);
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

  @ParameterizedTest
  @CsvSource({
    "127.0.0.1, 127.0.0.1",
    "10.1.2.3, 10.1.2.3",
    "0:0:0:0:0:0:0:1, 0:0:0:0:0:0:0:1",
    "[::1], 0:0:0:0:0:0:0:1",
    "fe80::1%eth0, fe80:0:0:0:0:0:0:1",
    "[fe80::1%3], fe80:0:0:0:0:0:0:1",
    "::ffff:10.0.0.1, 10.0.0.1",
    "' 192.0.2.7 ', 192.0.2.7",
  })
  void aRemoteAddressInTextIsReadAsAnIpLiteral(String remote, String address) {
    InetAddress read = HealthRequest.builder("GET", "/").remoteAddress(remote).build().remote();
    assertThat(read).isNotNull();
    assertThat(read.getHostAddress()).isEqualTo(address);
  }

  /** Each of these, handed to InetAddress.getByName, would be looked up as a host name. */
  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(
      strings = {"localhost", "example.com", "1.2.3", "1.2.3.4.", "256.1.1.1", "999.1.1.1",
          "1.2.3.4/8", "01234.1.1.1", "[::1", "g::1", "::1]", "[]", "1.2.3.-4", ".::1",
          "1::2::3", "1:2:3:4:5:6:7:8:9"})
  void anythingButAnIpLiteralIsAnUnknownAddressAndIsNeverResolved(String remote) {
    assertThat(HealthRequest.builder("GET", "/").remoteAddress(remote).build().remote()).isNull();
  }
}
