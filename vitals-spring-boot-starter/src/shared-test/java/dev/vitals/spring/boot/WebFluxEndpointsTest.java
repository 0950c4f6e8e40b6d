package dev.vitals.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.HealthCheck;
import dev.vitals.Probe;
import dev.vitals.Result;
import dev.vitals.testing.Timing;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;

/**
 * WebFlux on Reactor Netty, on a real port: the same answers, headers, HEAD and 405 as on every
 * server, and an on-demand check that hangs holds only waiter threads, never the event loop: while
 * more readiness probes wait for it than Netty has loop threads, liveness and the application's
 * own endpoint are answered.
 */
@SpringBootTest(
    classes = {TestApp.class, TestServers.Netty.class, WebFluxEndpointsTest.SlowCheck.class},
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
        "spring.main.web-application-type=reactive",
        "vitals.endpoints.bearer-token=" + WebFluxEndpointsTest.TOKEN,
        "vitals.drain-delay=0ms",
    })
@DirtiesContext
class WebFluxEndpointsTest {
  static final String TOKEN = "a-token-of-twenty-chars";
  private static final Duration SLOW_TIMEOUT = Duration.ofSeconds(3);
  private static final Duration WAIT = Duration.ofSeconds(10);
  static final CountDownLatch RELEASE = new CountDownLatch(1);
  static volatile boolean hang;

  /**
   * An on-demand, non-critical readiness check that hangs (ignoring interrupts) while {@code
   * hang} is set: readiness probes wait for it, up to its timeout, and then warn.
   */
  @TestConfiguration(proxyBeanMethods = false)
  static class SlowCheck {
    @Bean
    HealthCheck slow() {
      return HealthCheck.builder("slow", () -> {
        if (hang) {
          Hung.hang(RELEASE);
        }
        return Result.pass();
      }).probes(Probe.READINESS).critical(false).onDemand(Duration.ZERO).timeout(SLOW_TIMEOUT)
          .build();
    }
  }

  @LocalServerPort int port;
  @Autowired ApplicationContext context;

  @AfterAll
  static void release() {
    RELEASE.countDown();
  }

  @Test
  void itRunsOnReactorNetty() throws ReflectiveOperationException {
    // WebServerApplicationContext is in another package on each Boot line: read it reflectively.
    Object server = context.getClass().getMethod("getWebServer").invoke(context);
    assertThat(server.getClass().getSimpleName()).isEqualTo("NettyWebServer");
  }

  @Test
  void probesAnswerWithTheEndpointsHeaders() throws InterruptedException {
    assertThat(Timing.await(
        () -> Http.get(port, "/health/ready").body().equals("{\"status\":\"pass\"}"), WAIT))
        .isTrue();
    for (String path : List.of("/health/ready", "/readyz", "/health/live", "/livez")) {
      HttpResponse<String> answer = Http.get(port, path);
      assertThat(answer.statusCode()).as(path).isEqualTo(200);
      assertThat(answer.body()).as(path).isEqualTo("{\"status\":\"pass\"}");
      assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/health+json");
      assertThat(answer.headers().firstValue("Cache-Control")).hasValue("no-store");
      assertThat(answer.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    }
    HttpResponse<String> anonymous = Http.get(port, "/health");
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.headers().firstValue("WWW-Authenticate"))
        .hasValue("Bearer realm=\"vitals\"");
    HttpResponse<String> details = Http.send(port, "/health", "GET", TOKEN, WAIT);
    assertThat(details.statusCode()).isEqualTo(200);
    assertThat(details.body()).contains("\"database:responseTime\"", "\"slow:");
    // Actuator's reactive endpoint reads the verdicts too (off the event loop).
    HttpResponse<String> actuator = Http.get(port, "/actuator/health");
    assertThat(actuator.statusCode()).isEqualTo(200);
    assertThat(actuator.body()).contains("\"status\":\"UP\"");
  }

  @Test
  void headAnd405AndOtherPaths() {
    HttpResponse<String> head = Http.send(port, "/health/live", "HEAD", null, WAIT);
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.headers().firstValue("Content-Length")).hasValue("17");
    assertThat(head.body()).isEmpty();
    HttpResponse<String> post = Http.send(port, "/health/ready", "POST", null, WAIT);
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
    HttpResponse<String> hello = Http.get(port, "/hello");
    assertThat(hello.statusCode()).isEqualTo(200);
    assertThat(hello.body()).isEqualTo("hello");
  }

  @Test
  void aHungOnDemandCheckBlocksNoOtherProbe() throws Exception {
    assertThat(Timing.await(() -> Http.get(port, "/health/ready").statusCode() == 200, WAIT))
        .isTrue();
    hang = true;
    HttpClient client = HttpClient.newHttpClient();
    List<CompletableFuture<HttpResponse<String>>> waiting = new ArrayList<>();
    long started = System.nanoTime();
    // More than Netty's loop threads (at least 4 here): had any waited on a loop, it would stall.
    for (int i = 0; i < 8; i++) {
      waiting.add(client.sendAsync(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + port + "/health/ready")).timeout(WAIT).build(),
          HttpResponse.BodyHandlers.ofString()));
    }
    assertThat(Timing.await(() -> Hung.threadsHanging() == 1, WAIT)).as("the check hangs").isTrue();
    for (int i = 0; i < 8; i++) {
      assertThat(Http.get(port, "/health/live").statusCode()).isEqualTo(200);
      assertThat(Http.get(port, "/hello").statusCode()).isEqualTo(200);
    }
    // The check is hung until its deadline: no readiness answer can have come yet.
    assertThat(waiting).noneMatch(CompletableFuture::isDone);
    for (CompletableFuture<HttpResponse<String>> answer : waiting) {
      // A non-critical check that timed out: 200 with warn.
      assertThat(answer.get().statusCode()).isEqualTo(200);
      assertThat(answer.get().body()).isEqualTo("{\"status\":\"warn\"}");
    }
    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .as("answered within the check's timeout").isLessThan(SLOW_TIMEOUT.plus(Timing.MARGIN));
    assertThat(Hung.threadsHanging()).as("one execution, however many probes").isEqualTo(1);
    hang = false;
    RELEASE.countDown();
  }
}
