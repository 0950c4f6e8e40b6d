package dev.vitals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HealthEndpointsTest {
  private static final String TOKEN = "0123456789abcdef-token";
  private final Vitals vitals =
      Vitals.builder().shutdownHook(false).executor(Runnable::run).check("db", Result::pass).build();

  @AfterEach
  void close() {
    vitals.close();
  }

  @Test
  void routesEveryPathAndAlias() {
    HealthEndpoints endpoints = HealthEndpoints.builder(vitals).basePath("/ops").build();
    assertThat(endpoints.paths())
        .containsExactly("/ops/live", "/ops/ready", "/ops/startup", "/ops", "/livez", "/readyz", "/healthz");
    assertThat(endpoints.handle("GET", "/ops/live?verbose=1", null, null).status()).isEqualTo(200);
    assertThat(endpoints.handle("GET", "/ops/ready", null, null).status()).isEqualTo(503); // starting
    vitals.markStarted();
    assertThat(endpoints.handle("GET", "/readyz", null, null).status()).isEqualTo(200);
    assertThat(endpoints.handle("GET", "/health/live", null, null).status()).isEqualTo(404);
  }

  @Test
  void bearerSchemeIsCaseInsensitiveAndTokenMustMatchExactly() throws Exception {
    HealthEndpoints endpoints = HealthEndpoints.builder(vitals).bearerToken(TOKEN).build();
    InetAddress remote = InetAddress.getByName("203.0.113.5");
    assertThat(endpoints.mayDetail("Bearer " + TOKEN, remote)).isTrue();
    assertThat(endpoints.mayDetail("bearer " + TOKEN, remote)).isTrue();
    assertThat(endpoints.mayDetail("Bearer " + TOKEN + "x", remote)).isFalse();
    assertThat(endpoints.mayDetail("Bearer " + TOKEN.substring(1), remote)).isFalse();
    assertThat(endpoints.mayDetail("Basic " + TOKEN, remote)).isFalse();
    assertThat(endpoints.mayDetail(null, remote)).isFalse();
    assertThat(endpoints.mayDetail("Bearer", remote)).isFalse();
  }

  @Test
  void withoutTokenOrNetworkNobodySeesDetails() throws Exception {
    HealthEndpoints endpoints = HealthEndpoints.builder(vitals).bearerToken(null).build();
    assertThat(endpoints.mayDetail("Bearer anything-at-all-here", InetAddress.getByName("127.0.0.1"))).isFalse();
    HealthResponse details = endpoints.handle("GET", "/health", null, InetAddress.getByName("127.0.0.1"));
    assertThat(details.status()).isEqualTo(401);
    assertThat(details.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"vitals\"");
  }

  @Test
  void headKeepsTheLengthAndDropsTheBody() {
    HealthEndpoints endpoints = HealthEndpoints.builder(vitals).build();
    HealthResponse head = endpoints.handle("HEAD", "/health/live", null, null);
    assertThat(head.status()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(head.contentLength()).isEqualTo("{\"status\":\"pass\"}".length());
    assertThat(head.header("Cache-Control")).isEqualTo("no-store");
  }

  @Test
  void badConfigurationNamesTheField() {
    HealthEndpoints.Builder builder = HealthEndpoints.builder(vitals);
    assertThatThrownBy(() -> builder.basePath("health"))
        .hasMessage("basePath must be one or more /segments of letters, digits, '.', '_', '~' or '-': 'health'");
    assertThatThrownBy(() -> builder.basePath("/health/"))
        .hasMessageStartingWith("basePath must be");
    assertThatThrownBy(() -> builder.bearerToken("short"))
        .hasMessage("bearerToken must be at least 16 characters");
    assertThatThrownBy(() -> builder.allowNetwork("10.0.0.0/40"))
        .hasMessage("allowNetwork: CIDR prefix must be 0-32: '10.0.0.0/40'");
  }
}
