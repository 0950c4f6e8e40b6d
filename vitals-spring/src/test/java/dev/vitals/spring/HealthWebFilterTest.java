package dev.vitals.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.HealthRequest;
import java.net.InetSocketAddress;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

/** The request translation, as vitals-servlet's: raw path and query, headers, the peer's literal. */
class HealthWebFilterTest {
  @Test
  void translatesEveryPartTheEndpointsRead() {
    MockServerHttpRequest request = MockServerHttpRequest
        .method(HttpMethod.GET, URI.create("/app/health/ready?verbose=1&a=%20"))
        .contextPath("/app")
        .header("Authorization", "Bearer a-token-of-twenty-chars")
        .header("X-Forwarded-For", "203.0.113.7, 10.0.0.2")
        .header("X-Forwarded-For", "10.0.0.3")
        .remoteAddress(new InetSocketAddress("10.0.0.4", 41000))
        .build();
    HealthRequest health =
        HealthWebFilter.translate(request, request.getPath().pathWithinApplication().value());
    assertThat(health.method()).isEqualTo("GET");
    assertThat(health.path()).isEqualTo("/health/ready");
    assertThat(health.query()).isEqualTo("verbose=1&a=%20");
    assertThat(health.authorization()).isEqualTo("Bearer a-token-of-twenty-chars");
    assertThat(health.forwardedFor()).isEqualTo("203.0.113.7, 10.0.0.2, 10.0.0.3");
    assertThat(health.remote().getHostAddress()).isEqualTo("10.0.0.4");
  }

  @Test
  void anEncodedPathIsPassedRawAndAMissingPeerIsNone() {
    MockServerHttpRequest request = MockServerHttpRequest
        .method(HttpMethod.HEAD, URI.create("/health/%72eady")).build();
    HealthRequest health =
        HealthWebFilter.translate(request, request.getPath().pathWithinApplication().value());
    assertThat(health.method()).isEqualTo("HEAD");
    assertThat(health.path()).isEqualTo("/health/%72eady");
    assertThat(health.forwardedFor()).isNull();
    assertThat(health.remote()).isNull();
  }
}
