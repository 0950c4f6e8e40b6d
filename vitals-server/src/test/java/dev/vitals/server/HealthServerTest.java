package dev.vitals.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.vitals.HealthCheck;
import dev.vitals.HealthEndpoints;
import dev.vitals.Result;
import dev.vitals.Vitals;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HealthServerTest {
  private static final String TOKEN = "s3cret-token-0123456789";
  private final HttpClient client = HttpClient.newHttpClient();
  private final List<AutoCloseable> closing = new ArrayList<>();
  private final AtomicBoolean databaseUp = new AtomicBoolean(true);

  @AfterEach
  void closeAll() throws Exception {
    for (int i = closing.size() - 1; i >= 0; i--) {
      closing.get(i).close();
    }
  }

  private Vitals vitals(HealthCheck.Builder... extra) {
    Vitals.Builder builder =
        Vitals.builder()
            .version("1.2.3")
            .serviceId("notes")
            .shutdownHook(false)
            .executor(Runnable::run) // background checks run synchronously at build
            .check(HealthCheck.builder("db", () -> databaseUp.get() ? Result.pass() : Result.fail("down"))
                .componentType("datastore"));
    for (HealthCheck.Builder check : extra) {
      builder.check(check);
    }
    Vitals vitals = builder.build();
    closing.add(vitals);
    return vitals;
  }

  private HealthServer start(HealthEndpoints endpoints) {
    HealthServer server =
        HealthServer.builder(endpoints).host("127.0.0.1").port(0).stopGrace(Duration.ZERO).start();
    closing.add(server);
    return server;
  }

  private HealthServer start(Vitals vitals) {
    return start(HealthEndpoints.builder(vitals).bearerToken(TOKEN).build());
  }

  private HttpResponse<String> send(HealthServer server, String method, String path, String token)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .method(method, HttpRequest.BodyPublishers.noBody());
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(HealthServer server, String path) throws Exception {
    return send(server, "GET", path, null);
  }

  @Test
  void anonymousProbesGetStatusOnly() throws Exception {
    Vitals vitals = vitals();
    HealthServer server = start(vitals);
    vitals.markStarted();

    HttpResponse<String> live = get(server, "/health/live");
    assertThat(live.statusCode()).isEqualTo(200);
    assertThat(live.body()).isEqualTo("{\"status\":\"pass\"}");
    assertThat(live.headers().firstValue("Content-Type")).hasValue("application/health+json");
    assertThat(live.headers().firstValue("Cache-Control")).hasValue("no-store");

    HttpResponse<String> ready = get(server, "/health/ready");
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.body()).isEqualTo("{\"status\":\"pass\"}");
  }

  @Test
  void readinessFailsWith503UntilStartedThenFollowsItsChecks() throws Exception {
    Vitals vitals = vitals(HealthCheck.builder("db-slow", () -> Result.pass()).onDemand(Duration.ZERO));
    HealthServer server = start(vitals);
    assertThat(get(server, "/health/ready").statusCode()).isEqualTo(503);
    assertThat(get(server, "/health/startup").statusCode()).isEqualTo(503);
    assertThat(get(server, "/health/live").statusCode()).isEqualTo(200);

    vitals.markStarted();
    assertThat(get(server, "/health/startup").statusCode()).isEqualTo(200);
    assertThat(get(server, "/health/ready").statusCode()).isEqualTo(200);
  }

  @Test
  void bearerTokenUnlocksDetailsInHealthJson() throws Exception {
    Vitals vitals = vitals();
    HealthServer server = start(vitals);
    vitals.markStarted();

    HttpResponse<String> ready = send(server, "GET", "/health/ready", TOKEN);
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.body())
        .startsWith("{\"status\":\"pass\",\"version\":\"1.2.3\",\"serviceId\":\"notes\",\"checks\":{")
        .contains("\"db:responseTime\":[{\"componentType\":\"datastore\",\"observedValue\":")
        .contains("\"observedUnit\":\"ms\",\"status\":\"pass\",\"time\":\"");

    HttpResponse<String> details = send(server, "GET", "/health", TOKEN);
    assertThat(details.statusCode()).isEqualTo(200);
    assertThat(details.body()).contains("\"db:responseTime\"");
  }

  @Test
  void detailedViewNeedsTokenOrAllowedNetwork() throws Exception {
    Vitals vitals = vitals();
    HealthServer server = start(vitals);
    vitals.markStarted();

    HttpResponse<String> anonymous = get(server, "/health");
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"vitals\"");
    assertThat(anonymous.body()).doesNotContain("db");

    HttpResponse<String> wrong = send(server, "GET", "/health", "wrong-token-0123456789");
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(wrong.headers().firstValue("WWW-Authenticate"))
        .hasValue("Bearer realm=\"vitals\", error=\"invalid_token\"");

    HttpResponse<String> wrongOnProbe = send(server, "GET", "/health/ready", "wrong-token-0123456789");
    assertThat(wrongOnProbe.statusCode()).isEqualTo(200);
    assertThat(wrongOnProbe.body()).isEqualTo("{\"status\":\"pass\"}");

    HealthServer local = start(HealthEndpoints.builder(vitals).allowNetwork("127.0.0.0/8").build());
    HttpResponse<String> allowed = get(local, "/health");
    assertThat(allowed.statusCode()).isEqualTo(200);
    assertThat(allowed.body()).contains("\"db:responseTime\"");

    HealthServer elsewhere = start(HealthEndpoints.builder(vitals).allowNetwork("10.0.0.0/8").build());
    assertThat(get(elsewhere, "/health").statusCode()).isEqualTo(401);
  }

  @Test
  void failingCriticalCheckAnswers503AndNonCriticalWarnsWith200() throws Exception {
    AtomicBoolean cacheUp = new AtomicBoolean(false);
    Vitals vitals =
        vitals(
            HealthCheck.builder("cache", () -> cacheUp.get() ? Result.pass() : Result.fail("refused"))
                .critical(false)
                .onDemand(Duration.ZERO));
    HealthServer server = start(vitals);
    vitals.markStarted();

    HttpResponse<String> degraded = send(server, "GET", "/health/ready", TOKEN);
    assertThat(degraded.statusCode()).isEqualTo(200);
    assertThat(degraded.body()).startsWith("{\"status\":\"warn\"").contains("\"output\":\"degraded: cache\"");

    databaseUp.set(false);
    Vitals failing = vitals(); // background checks run at build: this one sees the database down
    HealthServer failingServer = start(failing);
    failing.markStarted();
    HttpResponse<String> down = send(failingServer, "GET", "/health/ready", TOKEN);
    assertThat(down.statusCode()).isEqualTo(503);
    assertThat(down.body()).contains("\"output\":\"failing: db\"").contains("\"output\":\"down\"");
  }

  @Test
  void headAnswersTheSameStatusWithoutBody() throws Exception {
    Vitals vitals = vitals();
    HealthServer server = start(vitals);
    HttpResponse<String> notReady = send(server, "HEAD", "/health/ready", null);
    assertThat(notReady.statusCode()).isEqualTo(503);
    assertThat(notReady.body()).isEmpty();
    assertThat(notReady.headers().firstValue("Content-Length")).hasValue("17");
  }

  @Test
  void otherMethodsGet405WithAllow() throws Exception {
    HealthServer server = start(vitals());
    for (String method : new String[] {"POST", "PUT", "DELETE", "OPTIONS", "PATCH"}) {
      HttpResponse<String> response = send(server, method, "/health/live", null);
      assertThat(response.statusCode()).as(method).isEqualTo(405);
      assertThat(response.headers().firstValue("Allow")).hasValue("GET, HEAD");
    }
  }

  @Test
  void unknownPathsGet404() throws Exception {
    HealthServer server = start(vitals());
    for (String path : new String[] {"/", "/health/", "/health/live/x", "/health/../health/live",
        "/health/%6Cive", "/HEALTH/live", "/metrics"}) {
      assertThat(get(server, path).statusCode()).as(path).isEqualTo(404);
    }
  }

  @Test
  void aliasesAndBasePathAreConfigurable() throws Exception {
    Vitals vitals = vitals();
    vitals.markStarted();
    HealthServer server = start(HealthEndpoints.builder(vitals).basePath("/ops/health").build());
    assertThat(get(server, "/ops/health/live").statusCode()).isEqualTo(200);
    assertThat(get(server, "/ops/health/ready").statusCode()).isEqualTo(200);
    assertThat(get(server, "/health/live").statusCode()).isEqualTo(404);
    assertThat(get(server, "/livez").statusCode()).isEqualTo(200);
    assertThat(get(server, "/readyz").statusCode()).isEqualTo(200);
    assertThat(get(server, "/healthz").statusCode()).isEqualTo(401);

    HealthServer noAliases = start(HealthEndpoints.builder(vitals).aliases(false).build());
    assertThat(get(noAliases, "/livez").statusCode()).isEqualTo(404);
  }

  @Test
  void mountsOnAnApplicationServerBesideItsOwnRoutes() throws Exception {
    Vitals vitals = vitals();
    vitals.markStarted();
    HttpServer app = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    app.createContext("/notes", exchange -> {
      byte[] body = "[]".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    HealthHandler.mount(app, HealthEndpoints.builder(vitals).build());
    app.start();
    closing.add(() -> app.stop(0));
    String base = "http://127.0.0.1:" + app.getAddress().getPort();
    HttpResponse<String> notes = client.send(HttpRequest.newBuilder(URI.create(base + "/notes")).build(),
        HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> ready = client.send(HttpRequest.newBuilder(URI.create(base + "/health/ready")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(notes.body()).isEqualTo("[]");
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.body()).isEqualTo("{\"status\":\"pass\"}");
  }

  @Test
  void requestBodiesAreIgnoredAndKeepAliveContinues() throws Exception {
    Vitals vitals = vitals();
    HealthServer server = start(vitals);
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(5000);
      OutputStream out = socket.getOutputStream();
      String body = "x".repeat(1000);
      String request = "GET /health/live HTTP/1.1\r\nHost: x\r\nContent-Length: " + body.length()
          + "\r\n\r\n" + body + "GET /livez HTTP/1.1\r\nHost: x\r\n\r\n";
      out.write(request.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String responses = readResponses(socket.getInputStream(), 2);
      assertThat(responses.split("HTTP/1.1 200", -1)).hasSize(3);
    }
  }

  @Test
  void aHungOnDemandCheckNeverHoldsAProbePastItsTimeout() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Vitals vitals =
        Vitals.builder()
            .shutdownHook(false)
            .check(HealthCheck.builder("hung", () -> {
                  release.await();
                  return Result.pass();
                })
                .timeout(Duration.ofMillis(300))
                .onDemand(Duration.ofSeconds(1)))
            .build();
    closing.add(vitals);
    closing.add(release::countDown);
    vitals.markStarted();
    HealthServer server = start(vitals);

    long started = System.nanoTime();
    HttpResponse<String> response = send(server, "GET", "/health/ready", TOKEN);
    long tookMillis = (System.nanoTime() - started) / 1_000_000;
    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.body()).contains("timed out after 300 ms");
    assertThat(tookMillis).isLessThan(300 + 1000); // a bound on the answer, not a speed claim

    // The next probe joins nothing new: the stuck execution still holds the single flight, and
    // its timed-out verdict answers at once.
    HttpResponse<String> again = send(server, "GET", "/health/ready", TOKEN);
    assertThat(again.statusCode()).isEqualTo(503);
  }

  @Test
  void serverStopsAsAShutdownTaskAfterTheDrain() throws Exception {
    Vitals vitals = Vitals.builder().shutdownHook(false).drainDelay(Duration.ZERO).build();
    HealthServer server = start(HealthEndpoints.builder(vitals).build());
    vitals.markStarted();
    assertThat(get(server, "/health/ready").statusCode()).isEqualTo(200);
    vitals.shutdown();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> get(server, "/health/live"))
        .isInstanceOf(java.io.IOException.class);
  }

  private static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";
  private static final String TEXT_004 = "text/plain; version=0.0.4; charset=utf-8";
  /** What Prometheus 2.5 and later send, and what Prometheus before that sent. */
  private static final String PROMETHEUS_ACCEPT = "application/openmetrics-text;version=1.0.0,"
      + "application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";
  private static final String OLD_PROMETHEUS_ACCEPT = "text/plain;version=0.0.4;q=1,*/*;q=0.1";

  private HttpResponse<String> metrics(String base, String method, String token, String accept)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/health/metrics"))
        .method(method, HttpRequest.BodyPublishers.noBody());
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (accept != null) {
      request.header("Accept", accept);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The metrics route's contract, on whichever server answers at {@code base}. */
  private void metricsAnswerByAcceptWithTheTokenOnly(String base) throws Exception {
    HttpResponse<String> openMetrics = metrics(base, "GET", TOKEN, PROMETHEUS_ACCEPT);
    assertThat(openMetrics.statusCode()).isEqualTo(200);
    assertThat(openMetrics.headers().firstValue("Content-Type")).hasValue(OPENMETRICS);
    assertThat(openMetrics.headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(openMetrics.body())
        .contains("vitals_check_status{check=\"db\",probes=\"readiness\",critical=\"true\",status=\"pass\"} 1\n")
        .endsWith("# EOF\n");
    HttpResponse<String> none = metrics(base, "GET", TOKEN, null);
    assertThat(none.headers().firstValue("Content-Type")).hasValue(OPENMETRICS);

    HttpResponse<String> text = metrics(base, "GET", TOKEN, OLD_PROMETHEUS_ACCEPT);
    assertThat(text.statusCode()).isEqualTo(200);
    assertThat(text.headers().firstValue("Content-Type")).hasValue(TEXT_004);
    assertThat(text.body()).startsWith("# HELP vitals_check_status ").doesNotContain("# EOF");

    HttpResponse<String> refused = metrics(base, "GET", TOKEN, "application/json");
    assertThat(refused.statusCode()).isEqualTo(406);
    assertThat(refused.body()).startsWith("not acceptable");

    HttpResponse<String> anonymous = metrics(base, "GET", null, PROMETHEUS_ACCEPT);
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"vitals\"");
    assertThat(anonymous.body()).doesNotContain("db").doesNotContain("vitals_");

    for (String accept : new String[] {PROMETHEUS_ACCEPT, OLD_PROMETHEUS_ACCEPT}) {
      HttpResponse<String> head = metrics(base, "HEAD", TOKEN, accept);
      HttpResponse<String> get = metrics(base, "GET", TOKEN, accept);
      assertThat(head.statusCode()).isEqualTo(200);
      assertThat(head.body()).isEmpty();
      assertThat(head.headers().firstValue("Content-Type"))
          .isEqualTo(get.headers().firstValue("Content-Type"));
      // Verdict ages move between the two requests, never the length's order of magnitude.
      assertThat(Integer.parseInt(head.headers().firstValue("Content-Length").orElseThrow()))
          .isBetween(get.body().length() - 20, get.body().length() + 20);
    }
    HttpResponse<String> anonymousHead = metrics(base, "HEAD", null, null);
    assertThat(anonymousHead.statusCode()).isEqualTo(401);
    assertThat(anonymousHead.body()).isEmpty();
  }

  @Test
  void metricsOnHealthServerAnswerByAcceptToTheTokenOnly() throws Exception {
    Vitals vitals = vitals();
    vitals.markStarted();
    HealthServer server = start(vitals);
    metricsAnswerByAcceptWithTheTokenOnly("http://127.0.0.1:" + server.port());
  }

  @Test
  void metricsMountedOnTheJdkServerAnswerByAcceptToTheTokenOnly() throws Exception {
    Vitals vitals = vitals();
    vitals.markStarted();
    HttpServer app = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    HealthHandler.mount(app, HealthEndpoints.builder(vitals).bearerToken(TOKEN).build());
    app.start();
    closing.add(() -> app.stop(0));
    metricsAnswerByAcceptWithTheTokenOnly("http://127.0.0.1:" + app.getAddress().getPort());
  }

  @Test
  void repeatedAcceptFieldsAreReadAsOneListInOrder() throws Exception {
    Vitals vitals = vitals();
    HealthServer server = start(vitals);
    String head = "GET /health/metrics HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TOKEN + "\r\n";
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(5000);
      // First field alone: 406; last alone: text; both: text. Then text alone, both: OpenMetrics.
      socket.getOutputStream().write((head + "Accept: application/json\r\nAccept: text/plain\r\n\r\n"
          + head + "Accept: text/plain\r\nAccept: application/openmetrics-text\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      InputStream in = socket.getInputStream();
      assertThat(readHeadOf(in)).contains("HTTP/1.1 200 OK").contains("Content-Type: " + TEXT_004);
      assertThat(readHeadOf(in)).contains("HTTP/1.1 200 OK").contains("Content-Type: " + OPENMETRICS);
    }
  }

  /** Reads one answer's head and its body (by Content-Length), returning the head. */
  private static String readHeadOf(InputStream in) throws Exception {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int c = in.read();
      if (c < 0) {
        break;
      }
      head.append((char) c);
    }
    String text = head.toString();
    int at = text.indexOf("Content-Length: ");
    int length = Integer.parseInt(text.substring(at + 16, text.indexOf('\r', at)));
    in.readNBytes(length);
    return text;
  }

  private static String readResponses(InputStream in, int count) throws Exception {
    StringBuilder text = new StringBuilder();
    byte[] buffer = new byte[4096];
    while (text.toString().split("HTTP/1.1 ", -1).length - 1 < count
        || !text.toString().endsWith("}")) {
      int n = in.read(buffer);
      if (n < 0) {
        break;
      }
      text.append(new String(buffer, 0, n, StandardCharsets.US_ASCII));
    }
    return text.toString();
  }
}
