package dev.vitals.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.vitals.CheckUris;
import dev.vitals.HealthCheck;
import dev.vitals.Result;
import dev.vitals.Status;
import dev.vitals.spi.CheckUri;
import dev.vitals.spi.Deadline;
import dev.vitals.testing.Services;
import dev.vitals.testing.SilentServer;
import dev.vitals.testing.Timing;
import dev.vitals.testing.UriAgreement;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpCheckTest {
  private static HttpServer server;
  private static String base;

  @BeforeAll
  static void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/ok", exchange -> respond(exchange, 200, "fine"));
    server.createContext("/down", exchange -> respond(exchange, 503, "down"));
    server.createContext("/moved", exchange -> {
      exchange.getResponseHeaders().add("Location", "/ok?token=t0ken-S3cret");
      respond(exchange, 302, "");
    });
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterAll
  static void stopServer() {
    server.stop(0);
  }

  private static void respond(com.sun.net.httpserver.HttpExchange exchange, int status, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Test
  void passesOnAnExpectedStatus() throws Exception {
    HealthCheck check = HttpCheck.of("http", base + "/ok").build();

    assertThat(Timing.runWithinDeadline(check).status()).isEqualTo(Status.PASS);
    assertThat(Timing.runWithinDeadline(check).status()).as("second run, same client").isEqualTo(Status.PASS);
  }

  @Test
  void failsOnAnUnexpectedStatusNamingIt() throws Exception {
    Result result = HttpCheck.of("http", base + "/down?key=k3y").build().check().check();

    assertThat(result.status()).isEqualTo(Status.FAIL);
    assertThat(result.output()).isEqualTo("GET " + base + "/down: HTTP 503 not in expected 200-299");
  }

  @Test
  void redirectIsReportedAsItIsUnlessFollowed() throws Exception {
    Result reported = HttpCheck.of("http", base + "/moved").build().check().check();
    Result accepted = HttpCheck.create(base + "/moved").expectStatus(200, 399)
        .healthCheck("http").build().check().check();
    Result followed = HttpCheck.create(base + "/moved").followRedirects(true)
        .healthCheck("http").build().check().check();

    assertThat(reported.status()).isEqualTo(Status.FAIL);
    assertThat(reported.output())
        .isEqualTo("GET " + base + "/moved: HTTP 302 not in expected 200-299 (redirect to /ok)");
    assertThat(accepted.status()).isEqualTo(Status.PASS);
    assertThat(followed.status()).isEqualTo(Status.PASS);
  }

  @Test
  void factoryPreconfiguresTheRegistration() {
    HealthCheck check =
        HttpCheck.of("api", "https://api.internal:8443/health?token=abc").build();

    assertThat(check.timeout()).as("the engine's default").isEqualTo(Duration.ofSeconds(1));
    assertThat(check.componentType()).isEqualTo("component");
    assertThat(check.componentId()).isEqualTo("https://api.internal:8443/health");
    assertThat(check.check())
        .hasToString("HttpCheck{https://api.internal:8443/health, expect 200-299}");
    assertThat(HttpCheck.of("x", "http://h").build().componentId()).isEqualTo("http://h/");
  }

  @Test
  void refusedConnectionFails() throws Exception {
    int port = Services.freePort();

    Result result = Timing.runWithinDeadline(HttpCheck.of("http", "http://127.0.0.1:" + port + "/").build());

    assertThat(result.status()).isEqualTo(Status.FAIL);
    assertThat(result.output()).startsWith("GET http://127.0.0.1:" + port + "/: ConnectException");
  }

  @Test
  void serverThatAcceptsAndHangsFailsAtTheDeadlineWithoutGrowingThreads() throws Exception {
    try (SilentServer silent = new SilentServer()) {
      HealthCheck check =
          HttpCheck.of("http", "http://127.0.0.1:" + silent.port() + "/health")
              .timeout(Duration.ofMillis(300)).build();

      Result first = Timing.runWithinDeadline(check);
      long threadsAfterFirst = httpClientThreads();
      for (int i = 0; i < 5; i++) {
        assertThat(Timing.runWithinDeadline(check).status()).isEqualTo(Status.FAIL);
      }

      assertThat(first.status()).isEqualTo(Status.FAIL);
      assertThat(first.output())
          .isEqualTo("GET http://127.0.0.1:" + silent.port() + "/health: no response within 300 ms");
      assertThat(httpClientThreads()).as("HttpClient threads after five more hung runs")
          .isLessThanOrEqualTo(threadsAfterFirst + 1);
    }
  }

  @Test
  void interruptedRunEndsBeforeItsDeadline() throws Exception {
    try (SilentServer silent = new SilentServer()) {
      HttpCheck check = HttpCheck.create("http://127.0.0.1:" + silent.port() + "/");
      Deadline longAfterTheInterrupt = Deadline.after(Duration.ofSeconds(30));
      Thread caller = Thread.currentThread();
      Thread interrupter = new Thread(() -> {
        while (silent.accepted() == 0) {
          Thread.onSpinWait();
        }
        caller.interrupt();
      });
      interrupter.start();
      long start = System.nanoTime();

      assertThatThrownBy(() -> longAfterTheInterrupt.call(check)).isInstanceOf(InterruptedException.class);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
      interrupter.join();
    }
  }

  @Test
  void rejectsBadUrlsWithoutEchoingThem() {
    String[][] cases = {
      {"ftp://h/", "http URL must start with http:// or https://"},
      {"http:///path", "http URL must have a host: http[s]://host[:port][/path]"},
      {"http://u:pw-S3cret@h/", "http URL must not have user info: HttpClient does not send it"},
      {"http://h /x", "malformed check URI 'http://h /x': the host has a character that is not allowed"},
    };
    for (String[] c : cases) {
      assertThatThrownBy(() -> HttpCheck.of("x", c[0]))
          .as(c[0])
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(c[1]);
    }
    assertThatThrownBy(() -> HttpCheck.create("http://h/").expectStatus(300, 200))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("expected status must be a range within 100-599: 300-200");
  }

  @Test
  void theUrlFactoryAndCheckUrisReadEveryUrlWithoutAQueryAlike() {
    String[] urls = {
      "http://h/ok",
      "https://[::1]:8443/health",
      "http://cache_1:8080",
      "https://h/a%2Fb/50%off",
      "http://h:99999/",
      "http://u:pw-S3cret@h/",
      "http:///x",
      "http://h /x",
      "http://h/#top",
    };
    for (String url : urls) {
      String viaCheckUris = UriAgreement.outcome(() -> CheckUris.create(url));
      assertThat(UriAgreement.outcome(() -> HttpCheck.of("http", url))).as(url).isEqualTo(viaCheckUris)
          .doesNotContain("S3cret");
    }
    assertThat(UriAgreement.outcome(() -> HttpCheck.of("http", "https://h/a%2Fb/50%off")))
        .isEqualTo("http https://h/a%2Fb/50%25off HttpCheck{https://h/a%2Fb/50%25off, expect 200-299}");
  }

  @Test
  void aUrlsQueryGoesToTheServerWhileACheckUriSaysWhatToExpect() {
    String uri = "http://h/ok?expect=204&timeout=300ms&full=1";

    assertThat(HttpCheck.of("http", uri).build().check())
        .as("the URL factory: every parameter is the server's")
        .hasToString("HttpCheck{http://h/ok, expect 200-299}");
    assertThat(HttpCheck.of("http", CheckUri.parse(uri)).build().check())
        .hasToString("HttpCheck{http://h/ok, expect 204-204}");
    assertThat(CheckUris.create(uri).build().check())
        .hasToString("HttpCheck{http://h/ok, expect 204-204}");
  }

  private static long httpClientThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("HttpClient"))
        .count();
  }

  @Nested
  class Https {
    @TempDir Path dir;

    @Test
    void selfSignedCertificateFailsUntilTrusted() throws Exception {
      Path keyStore = Certificates.keyStore(dir, "localhost", "-validity", "30");
      HttpsServer https =
          HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      https.setHttpsConfigurator(new HttpsConfigurator(Certificates.serverContext(keyStore)));
      https.createContext("/ok", exchange -> respond(exchange, 200, "fine"));
      https.start();
      try {
        String url = "https://127.0.0.1:" + https.getAddress().getPort() + "/ok";

        Result untrusted = Timing.runWithinDeadline(HttpCheck.of("https", url).build());
        Result trusted = Timing.runWithinDeadline(HttpCheck.create(url)
            .trustStore(Certificates.load(keyStore)).healthCheck("https").build());

        assertThat(untrusted.status()).isEqualTo(Status.FAIL);
        assertThat(untrusted.output())
            .startsWith("GET " + url + ": certificate not trusted (configure a trust store): "
                + "SSLHandshakeException: PKIX path building failed");
        assertThat(trusted.status()).isEqualTo(Status.PASS);
      } finally {
        https.stop(0);
      }
    }
  }
}
