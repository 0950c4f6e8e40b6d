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
    assertThat(endpoints.handle(request("GET", "/ops/live?verbose=1", null, null, null)).status()).isEqualTo(200);
    assertThat(endpoints.handle(request("GET", "/ops/ready", null, null, null)).status()).isEqualTo(503); // starting
    vitals.markStarted();
    assertThat(endpoints.handle(request("GET", "/readyz", null, null, null)).status()).isEqualTo(200);
    assertThat(endpoints.handle(request("GET", "/health/live", null, null, null)).status()).isEqualTo(404);
  }

  @Test
  void onlyRoutesReadingOnDemandChecksMayWait() {
    HealthEndpoints background = HealthEndpoints.builder(vitals).build();
    assertThat(background.paths()).allMatch(path -> !background.mayWait(HealthRequest.get(path)));
    try (Vitals mixed = Vitals.builder().shutdownHook(false).executor(Runnable::run)
        .check("db", Result::pass)
        .check(HealthCheck.builder("cache", Result::pass).onDemand(java.time.Duration.ofSeconds(1)))
        .build()) {
      HealthEndpoints endpoints = HealthEndpoints.builder(mixed).build();
      assertThat(endpoints.mayWait(HealthRequest.get("/health/ready?x=1"))).isTrue();
      assertThat(endpoints.mayWait(HealthRequest.get("/readyz"))).isTrue();
      assertThat(endpoints.mayWait(HealthRequest.get("/health"))).isTrue();
      assertThat(endpoints.mayWait(HealthRequest.get("/health/live"))).isFalse(); // the check is read by readiness only
      assertThat(endpoints.mayWait(HealthRequest.get("/nope"))).isFalse();
    }
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
    HealthResponse details = endpoints.handle(request("GET", "/health", null, null, InetAddress.getByName("127.0.0.1")));
    assertThat(details.status()).isEqualTo(401);
    assertThat(details.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"vitals\"");
  }

  @Test
  void forwardedForCountsOnlyWhenTheProxyIsTrusted() throws Exception {
    vitals.markStarted();
    InetAddress proxy = InetAddress.getByName("10.0.0.5");
    InetAddress stranger = InetAddress.getByName("203.0.113.7");
    HealthEndpoints untrusting = HealthEndpoints.builder(vitals).allowNetwork("192.168.0.0/16").build();
    assertThat(untrusting.client("192.168.1.2", stranger)).isEqualTo(stranger);
    assertThat(untrusting.handle(request("GET", "/health", null, "192.168.1.2", stranger)).status()).isEqualTo(401);

    HealthEndpoints trusting = HealthEndpoints.builder(vitals)
        .allowNetwork("192.168.0.0/16").trustProxy("10.0.0.0/8").build();
    assertThat(trusting.client("192.168.1.2", proxy)).isEqualTo(InetAddress.getByName("192.168.1.2"));
    assertThat(trusting.handle(request("GET", "/health", null, "192.168.1.2", proxy)).status()).isEqualTo(200);
    // The right-most hop that is not a trusted proxy is the client; what it claims before is not.
    assertThat(trusting.client("192.168.1.2, 203.0.113.7, 10.0.0.9", proxy)).isEqualTo(stranger);
    assertThat(trusting.handle(request("GET", "/health", null, "192.168.1.2, 203.0.113.7", proxy)).status())
        .isEqualTo(401);
    // Only a trusted proxy may speak for a client; a junk entry leaves no address at all.
    assertThat(trusting.client("192.168.1.2", stranger)).isEqualTo(stranger);
    assertThat(trusting.client("localhost", proxy)).isNull();
    // Entries the JDK would look up in DNS (on HealthServer's loop) are junk, never resolved.
    assertThat(trusting.client("192.168.1.2.", proxy)).isNull();
    assertThat(trusting.client("999.168.1.2", proxy)).isNull();
    assertThat(trusting.client("[fd00::1]", proxy)).isEqualTo(InetAddress.getByName("fd00::1"));
    assertThat(trusting.client("fd00::1, 10.0.0.2", proxy)).isEqualTo(InetAddress.getByName("fd00::1"));
    assertThatThrownBy(() -> HealthEndpoints.builder(vitals).trustProxy("proxy.internal"))
        .hasMessage("trustProxy: not an IP network in CIDR notation: 'proxy.internal'");
  }

  @Test
  void headKeepsTheLengthAndDropsTheBody() {
    HealthEndpoints endpoints = HealthEndpoints.builder(vitals).build();
    HealthResponse head = endpoints.handle(request("HEAD", "/health/live", null, null, null));
    assertThat(head.status()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(head.contentLength()).isEqualTo("{\"status\":\"pass\"}".length());
    assertThat(head.header("Cache-Control")).isEqualTo("no-store");
  }

  @Test
  void headOfAnUnknownPathOrAnotherMethodsAnswerSendsNoBody() {
    HealthEndpoints endpoints = HealthEndpoints.builder(vitals).build();
    HealthResponse missing = endpoints.handle(request("HEAD", "/nope", null, null, null));
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.body()).isEmpty();
    assertThat(missing.contentLength()).isEqualTo("not found\n".length());
    HealthResponse details = endpoints.handle(request("HEAD", "/health", null, null, null));
    assertThat(details.status()).isEqualTo(401);
    assertThat(details.body()).isEmpty();
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

  private static HealthRequest request(
      String method, String target, String authorization, String forwardedFor, InetAddress remote) {
    return HealthRequest.builder(method, target)
        .authorization(authorization).forwardedFor(forwardedFor).remote(remote).build();
  }
}
