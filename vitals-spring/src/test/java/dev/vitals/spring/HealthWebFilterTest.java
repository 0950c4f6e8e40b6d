package dev.vitals.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.HealthEndpoints;
import dev.vitals.HealthRequest;
import dev.vitals.Result;
import dev.vitals.Vitals;
import java.net.InetSocketAddress;
import java.net.URI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpMethod;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.http.server.reactive.MockServerHttpResponse;
import org.springframework.mock.web.server.MockServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The request translation, as vitals-servlet's: raw path and query, headers, the peer's literal;
 * and the filter's answers written as the endpoints gave them (on Reactor Netty, the starters'
 * WebFlux tests run it end to end).
 */
class HealthWebFilterTest {
  private static final String TOKEN = "webflux-token-0123456789";
  private Vitals vitals;
  private HealthWebFilter filter;

  @AfterEach
  void close() {
    if (filter != null) {
      filter.close();
    }
    if (vitals != null) {
      vitals.close();
    }
  }

  /** What the filter answers {@code request}; it must not pass a health path on. */
  private MockServerHttpResponse answer(MockServerHttpRequest.BaseBuilder<?> request) {
    if (filter == null) {
      vitals = Vitals.builder().shutdownHook(false).executor(Runnable::run)
          .check("db", Result::pass).build();
      vitals.markStarted();
      filter = new HealthWebFilter(HealthEndpoints.builder(vitals).bearerToken(TOKEN).build());
    }
    MockServerWebExchange exchange = MockServerWebExchange.from(request.build());
    filter.filter(exchange, passed -> Mono.error(new AssertionError("passed on"))).block();
    return exchange.getResponse();
  }

  private static String body(MockServerHttpResponse response) {
    return response.getBodyAsString().defaultIfEmpty("").block();
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,"
        + "text/plain;version=0.0.4;q=0.5,*/*;q=0.1",
    "text/plain;version=0.0.4;q=1,*/*;q=0.1"})
  void metricsAnswerInTheFormatTheAcceptPrefersToTheTokenOnly(String accept) {
    String type = accept.startsWith("text/")
        ? "text/plain; version=0.0.4; charset=utf-8"
        : "application/openmetrics-text; version=1.0.0; charset=utf-8";
    MockServerHttpResponse get = answer(MockServerHttpRequest.get("/health/metrics")
        .header("Authorization", "Bearer " + TOKEN).header("Accept", accept));
    assertThat(get.getStatusCode().value()).isEqualTo(200);
    assertThat(get.getHeaders().getFirst("Content-Type")).isEqualTo(type);
    assertThat(get.getHeaders().getFirst("Cache-Control")).isEqualTo("no-store");
    String text = body(get);
    assertThat(text).contains(
        "vitals_check_status{check=\"db\",probes=\"readiness\",critical=\"true\",status=\"pass\"} 1\n");
    assertThat(get.getHeaders().getContentLength()).isEqualTo(text.length());

    MockServerHttpResponse head = answer(MockServerHttpRequest.head("/health/metrics")
        .header("Authorization", "Bearer " + TOKEN).header("Accept", accept));
    assertThat(head.getStatusCode().value()).isEqualTo(200);
    assertThat(head.getHeaders().getFirst("Content-Type")).isEqualTo(type);
    assertThat(head.getHeaders().getContentLength()).isBetween(text.length() - 20L, text.length() + 20L);
    assertThat(body(head)).isEmpty();

    MockServerHttpResponse anonymous =
        answer(MockServerHttpRequest.get("/health/metrics").header("Accept", accept));
    assertThat(anonymous.getStatusCode().value()).isEqualTo(401);
    assertThat(anonymous.getHeaders().getFirst("WWW-Authenticate")).isEqualTo("Bearer realm=\"vitals\"");
    assertThat(body(anonymous)).doesNotContain("db");
    MockServerHttpResponse anonymousHead = answer(MockServerHttpRequest.head("/health/metrics"));
    assertThat(anonymousHead.getStatusCode().value()).isEqualTo(401);
    assertThat(body(anonymousHead)).isEmpty();
  }

  @Test
  void everyAcceptFieldIsTranslatedInOrder() {
    MockServerHttpRequest request = MockServerHttpRequest.get("/health/metrics")
        .header("Accept", "application/json, text/plain;q=0.5")
        .header("Accept", "application/openmetrics-text;q=0.1")
        .build();
    HealthRequest health =
        HealthWebFilter.translate(request, request.getPath().pathWithinApplication().value());
    assertThat(health.accept())
        .isEqualTo("application/json, text/plain;q=0.5, application/openmetrics-text;q=0.1");
    MockServerHttpResponse refused = answer(MockServerHttpRequest.get("/health/metrics")
        .header("Authorization", "Bearer " + TOKEN).header("Accept", "application/json"));
    assertThat(refused.getStatusCode().value()).isEqualTo(406);
  }

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
    assertThat(health.accept()).isNull();
    assertThat(health.remote()).isNull();
  }
}
