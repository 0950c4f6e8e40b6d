package dev.vitals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vitals.testing.FakeClock;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
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
        .containsExactly("/ops/live", "/ops/ready", "/ops/startup", "/ops", "/ops/metrics", "/livez",
            "/readyz", "/healthz");
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
      assertThat(endpoints.mayWait(HealthRequest.get("/health/metrics"))).isFalse(); // never runs a check
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
  void metricsNeedTheAuthorityOfDetailsAndAnswerAnonymousCallersAsTheDetailedViewDoes() {
    HealthEndpoints endpoints = HealthEndpoints.builder(vitals).bearerToken(TOKEN).build();
    for (String authorization : new String[] {null, "Bearer not-the-token-0000000"}) {
      HealthResponse metrics =
          endpoints.handle(request("GET", "/health/metrics", authorization, null, null));
      HealthResponse details = endpoints.handle(request("GET", "/health", authorization, null, null));
      assertThat(metrics.status()).isEqualTo(401);
      assertThat(metrics.headers()).isEqualTo(details.headers());
      assertThat(metrics.body()).isEqualTo(details.body());
    }
    HealthResponse head = endpoints.handle(request("HEAD", "/health/metrics", null, null, null));
    assertThat(head.status()).isEqualTo(401);
    assertThat(head.body()).isEmpty();
    assertThat(head.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"vitals\"");
  }

  @Test
  void metricsAnswerInTheNegotiatedFormat() {
    HealthEndpoints endpoints = HealthEndpoints.builder(vitals).bearerToken(TOKEN).build();
    HealthResponse openMetrics = metrics(endpoints, "GET", null);
    assertThat(openMetrics.status()).isEqualTo(200);
    assertThat(openMetrics.header("Content-Type"))
        .isEqualTo("application/openmetrics-text; version=1.0.0; charset=utf-8");
    assertThat(openMetrics.header("Cache-Control")).isEqualTo("no-store");
    assertThat(openMetrics.header("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(openMetrics.header("Vary")).isEqualTo("Accept");
    assertThat(new String(openMetrics.body(), StandardCharsets.UTF_8))
        .startsWith("# TYPE vitals_check_status gauge\n")
        .contains("vitals_check_status{check=\"db\",probes=\"readiness\",critical=\"true\",status=\"pass\"} 1\n")
        .endsWith("# EOF\n");

    HealthResponse text = metrics(endpoints, "GET", "text/plain;version=0.0.4;q=1,*/*;q=0.1");
    assertThat(text.status()).isEqualTo(200);
    assertThat(text.header("Content-Type")).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
    assertThat(new String(text.body(), StandardCharsets.UTF_8))
        .startsWith("# HELP vitals_check_status ")
        .doesNotContain("# EOF");

    HealthResponse refused = metrics(endpoints, "GET", "application/json");
    assertThat(refused.status()).isEqualTo(406);
    assertThat(refused.header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
    assertThat(new String(refused.body(), StandardCharsets.UTF_8))
        .isEqualTo("not acceptable: metrics are application/openmetrics-text or text/plain\n");
  }

  @Test
  void metricsAnswerHeadWithTheLengthAndTypeOfGetAndOtherMethods405() {
    FakeClock clock = new FakeClock(); // verdict ages stand still between GET and HEAD
    try (Vitals still = Vitals.builder().ticker(clock).scheduler(clock).shutdownHook(false)
        .executor(Runnable::run).check("db", Result::pass).build()) {
      headAndOtherMethods(HealthEndpoints.builder(still).bearerToken(TOKEN).build());
    }
  }

  private static void headAndOtherMethods(HealthEndpoints endpoints) {
    for (String accept : new String[] {null, "text/plain"}) {
      HealthResponse get = metrics(endpoints, "GET", accept);
      HealthResponse head = metrics(endpoints, "HEAD", accept);
      assertThat(head.status()).isEqualTo(200);
      assertThat(head.body()).isEmpty();
      assertThat(head.contentLength()).isEqualTo(get.body().length);
      assertThat(head.headers()).isEqualTo(get.headers());
    }
    HealthResponse refused = metrics(endpoints, "HEAD", "application/json");
    assertThat(refused.status()).isEqualTo(406);
    assertThat(refused.body()).isEmpty();
    for (String method : new String[] {"POST", "PUT", "DELETE", "OPTIONS"}) {
      HealthResponse response = metrics(endpoints, method, null);
      assertThat(response.status()).as(method).isEqualTo(405);
      assertThat(response.header("Allow")).isEqualTo("GET, HEAD");
    }
  }

  @Test
  void metricsFollowTheBasePathAndAnAllowedNetworkSeesThem() throws Exception {
    HealthEndpoints endpoints =
        HealthEndpoints.builder(vitals).basePath("/ops").allowNetwork("10.0.0.0/8").build();
    InetAddress inside = InetAddress.getByName("10.1.2.3");
    assertThat(endpoints.handle(request("GET", "/ops/metrics?x=1", null, null, inside)).status())
        .isEqualTo(200);
    assertThat(endpoints.handle(request("GET", "/health/metrics", null, null, inside)).status())
        .isEqualTo(404);
    assertThat(endpoints.handle(request("GET", "/ops/metrics", null, null,
        InetAddress.getByName("192.0.2.1"))).status()).isEqualTo(401);
  }

  private static HealthResponse metrics(HealthEndpoints endpoints, String method, String accept) {
    return endpoints.handle(HealthRequest.builder(method, "/health/metrics")
        .authorization("Bearer " + TOKEN).accept(accept).build());
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
