package dev.vitals.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vitals.HealthCheck;
import dev.vitals.HealthEndpoints;
import dev.vitals.Result;
import dev.vitals.Vitals;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The non-blocking server's own behaviour: connections, limits, waiters and stopping. */
class HttpLoopTest {
  private static final String PROBE = "GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n";
  private static final String READY = "GET /readyz HTTP/1.1\r\nHost: x\r\n\r\n";
  private final List<AutoCloseable> closing = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = closing.size() - 1; i >= 0; i--) {
      closing.get(i).close();
    }
  }

  private Vitals vitals(HealthCheck.Builder... checks) {
    Vitals.Builder builder = Vitals.builder().shutdownHook(false);
    for (HealthCheck.Builder check : checks) {
      builder.check(check);
    }
    Vitals vitals = builder.build();
    vitals.markStarted();
    closing.add(vitals);
    return vitals;
  }

  /**
   * Started engine whose readiness reads an on-demand check that counts {@code entered} down
   * when it runs, then holds until {@code release} is counted down (at the latest when the test
   * ends).
   */
  private Vitals readinessHeldUntil(CountDownLatch entered, CountDownLatch release) {
    Vitals vitals = vitals(HealthCheck.builder("slow", () -> {
          entered.countDown();
          release.await();
          return Result.pass();
        })
        .timeout(Duration.ofSeconds(10))
        .onDemand(Duration.ofMillis(1)));
    closing.add(release::countDown);
    return vitals;
  }

  private HealthServer start(Vitals vitals, java.util.function.UnaryOperator<HealthServer.Builder> settings) {
    HealthServer server = settings.apply(HealthServer.builder(HealthEndpoints.builder(vitals).build())
        .host("127.0.0.1").port(0).stopGrace(Duration.ZERO)).start();
    closing.add(server);
    return server;
  }

  private Socket connect(HealthServer server) throws IOException {
    Socket socket = new Socket("127.0.0.1", server.port());
    socket.setSoTimeout(10_000);
    closing.add(socket);
    return socket;
  }

  /** Sends {@code request} and reads one whole answer: head and the body its length announces. */
  private static String exchange(Socket socket, String request) throws IOException {
    socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
    return readAnswer(socket.getInputStream());
  }

  private static String readAnswer(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    int c;
    while (!head.toString().endsWith("\r\n\r\n") && (c = in.read()) >= 0) {
      head.append((char) c);
    }
    String lower = head.toString().toLowerCase(java.util.Locale.ROOT);
    int at = lower.indexOf("content-length: ");
    int length = at < 0 ? 0 : Integer.parseInt(lower.substring(at + 16, lower.indexOf('\r', at)));
    return head + new String(in.readNBytes(length), StandardCharsets.ISO_8859_1);
  }

  /** -1 once the server has closed the connection; -2 if it is still open after 10 s. */
  private static int awaitClose(Socket socket) throws IOException {
    try {
      InputStream in = socket.getInputStream();
      while (in.read() >= 0) {
        // drain what was answered before the close
      }
      return -1;
    } catch (SocketTimeoutException e) {
      return -2;
    } catch (IOException reset) {
      return -1;
    }
  }

  @Test
  void keepAliveServesManyRequestsOnOneConnectionWithDateAndLength() throws Exception {
    HealthServer server = start(vitals(), b -> b);
    Socket socket = connect(server);
    for (int i = 0; i < 3; i++) {
      String answer = exchange(socket, PROBE);
      assertThat(answer).startsWith("HTTP/1.1 200 OK\r\n")
          .contains("Content-Type: application/health+json\r\n", "Cache-Control: no-store\r\n",
              "Content-Length: 17\r\n", "Date: ")
          .doesNotContain("Connection: close")
          .endsWith("\r\n\r\n{\"status\":\"pass\"}");
    }
  }

  @Test
  void http10ClosesUnlessAskedToKeepAlive() throws Exception {
    HealthServer server = start(vitals(), b -> b);
    Socket plain = connect(server);
    assertThat(exchange(plain, "GET /livez HTTP/1.0\r\n\r\n")).startsWith("HTTP/1.1 200 OK")
        .contains("Connection: close");
    assertThat(awaitClose(plain)).isEqualTo(-1);

    Socket kept = connect(server);
    assertThat(exchange(kept, "GET /livez HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"))
        .contains("Connection: keep-alive");
    assertThat(exchange(kept, "GET /livez HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n"))
        .startsWith("HTTP/1.1 200 OK");
  }

  @Test
  void connectionCloseIsHonouredAndAbsoluteFormIsServed() throws Exception {
    HealthServer server = start(vitals(), b -> b);
    Socket socket = connect(server);
    String absolute = "GET http://127.0.0.1/health/live?verbose HTTP/1.1\r\nHost: x\r\n"
        + "Connection: close\r\n\r\n";
    assertThat(exchange(socket, absolute)).startsWith("HTTP/1.1 200 OK").contains("Connection: close");
    assertThat(awaitClose(socket)).isEqualTo(-1);
  }

  @Test
  void aRejectedRequestClosesTheConnectionAfterItsAnswer() throws Exception {
    HealthServer server = start(vitals(), b -> b);
    Socket socket = connect(server);
    socket.getOutputStream().write(("GET /livez HTTP/1.1\r\n\r\n" + PROBE).getBytes(StandardCharsets.US_ASCII));
    String answer = readAnswer(socket.getInputStream());
    assertThat(answer).startsWith("HTTP/1.1 400 Bad Request").contains("Connection: close")
        .endsWith("bad request: missing Host field\n");
    assertThat(awaitClose(socket)).as("the pipelined probe after it is not read").isEqualTo(-1);
  }

  @Test
  void aLargeOrChunkedBodyEndsTheConnectionAfterTheAnswer() throws Exception {
    HealthServer server = start(vitals(), b -> b);
    Socket large = connect(server);
    assertThat(exchange(large, "GET /livez HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\n"))
        .startsWith("HTTP/1.1 200 OK").contains("Connection: close");
    assertThat(awaitClose(large)).isEqualTo(-1);

    Socket chunked = connect(server);
    assertThat(exchange(chunked, "POST /livez HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"))
        .startsWith("HTTP/1.1 405").contains("Connection: close");
    assertThat(awaitClose(chunked)).isEqualTo(-1);

    // Asked to wait for "100 Continue", a client may or may not send its body after the answer.
    Socket expecting = connect(server);
    assertThat(exchange(expecting, "POST /livez HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
        + "Expect: 100-continue\r\n\r\n")).startsWith("HTTP/1.1 405").contains("Connection: close");
  }

  @Test
  void anIdleKeepAliveConnectionIsClosedAfterTheIdleTimeout() throws Exception {
    HealthServer server = start(vitals(), b -> b.idleTimeout(Duration.ofMillis(300)));
    Socket socket = connect(server);
    assertThat(exchange(socket, PROBE)).startsWith("HTTP/1.1 200 OK");
    assertThat(awaitClose(socket)).isEqualTo(-1);
  }

  @Test
  void connectionsBeyondTheLimitAreClosedAtOnceAndTheRestAreServed() throws Exception {
    HealthServer server = start(vitals(), b -> b.maxConnections(2));
    Socket first = connect(server);
    Socket second = connect(server);
    assertThat(exchange(first, PROBE)).startsWith("HTTP/1.1 200 OK");
    assertThat(exchange(second, PROBE)).startsWith("HTTP/1.1 200 OK");
    Socket third = connect(server);
    assertThat(awaitClose(third)).isEqualTo(-1);
    first.close();
    // The loop frees the slot when it reads the close; until then a newcomer is turned away.
    String answer = "";
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (answer.isEmpty() && System.nanoTime() < deadline) {
      try {
        answer = exchange(connect(server), PROBE);
      } catch (IOException turnedAway) {
        answer = "";
      }
    }
    assertThat(answer).startsWith("HTTP/1.1 200 OK");
  }

  @Test
  void aClientThatNeverReadsIsCutOffWhileOthersAreServed() throws Exception {
    HealthServer server = start(vitals(), b -> b.requestTimeout(Duration.ofMillis(500)));
    Socket flooding = connect(server);
    flooding.setReceiveBufferSize(4096);
    CompletableFuture<Throwable> flood = CompletableFuture.supplyAsync(() -> {
      byte[] many = PROBE.repeat(1000).getBytes(StandardCharsets.US_ASCII);
      try {
        OutputStream out = flooding.getOutputStream();
        for (int i = 0; i < 10_000; i++) {
          out.write(many); // blocks once the server stops reading; fails once it closes
        }
        return null;
      } catch (IOException closed) {
        return closed;
      }
    });
    Socket other = connect(server);
    for (int i = 0; i < 20; i++) {
      assertThat(exchange(other, PROBE)).startsWith("HTTP/1.1 200 OK");
    }
    assertThat(flood.get(10, TimeUnit.SECONDS)).as("the flooding client was disconnected").isNotNull();
  }

  @Test
  void aProbeWaitingOnAnOnDemandCheckHoldsNeitherTheLoopNorOtherProbes() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Vitals vitals = readinessHeldUntil(entered, release);
    HealthServer server = start(vitals, b -> b.waiterThreads(1));

    Socket waiting = connect(server);
    waiting.getOutputStream().write(READY.getBytes(StandardCharsets.US_ASCII));
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

    // Liveness reads no on-demand check: the loop answers it while readiness waits.
    Socket other = connect(server);
    assertThat(exchange(other, PROBE)).startsWith("HTTP/1.1 200 OK");
    // The only waiter is taken: another readiness probe is told so at once, not queued.
    assertThat(exchange(connect(server), READY))
        .startsWith("HTTP/1.1 503 Service Unavailable").contains("Connection: close")
        .endsWith("every waiter is busy: retry later\n");

    release.countDown();
    assertThat(readAnswer(waiting.getInputStream())).startsWith("HTTP/1.1 200 OK")
        .endsWith("{\"status\":\"pass\"}");
    assertThat(exchange(waiting, PROBE)).as("keep-alive continues after a waited answer")
        .startsWith("HTTP/1.1 200 OK");
  }

  @Test
  void closingFreesThePortAndClosesIdleConnections() throws Exception {
    HealthServer server = start(vitals(), b -> b);
    Socket idle = connect(server);
    assertThat(exchange(idle, PROBE)).startsWith("HTTP/1.1 200 OK");
    server.close();
    assertThat(server.listening()).isFalse();
    assertThat(awaitClose(idle)).isEqualTo(-1);
    assertThatThrownBy(() -> new Socket("127.0.0.1", server.port()).close())
        .isInstanceOf(ConnectException.class);
  }

  @Test
  void anAnswerInProgressFinishesWithinTheStopGrace() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Vitals vitals = readinessHeldUntil(entered, release);
    HealthServer server = start(vitals, b -> b.stopGrace(Duration.ofSeconds(10)));
    Socket waiting = connect(server);
    waiting.getOutputStream().write(READY.getBytes(StandardCharsets.US_ASCII));
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

    CompletableFuture<Void> stopped = CompletableFuture.runAsync(server::close);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (server.listening() && System.nanoTime() < deadline) {
      Thread.onSpinWait(); // stopping has begun once the loop closes the listener
    }
    assertThat(server.listening()).isFalse();
    release.countDown();
    assertThat(readAnswer(waiting.getInputStream())).startsWith("HTTP/1.1 200 OK").contains("Connection: close");
    stopped.get(10, TimeUnit.SECONDS);
    assertThat(awaitClose(waiting)).isEqualTo(-1);
  }

  @Test
  void badSettingsAreRejectedNamingTheField() {
    HealthServer.Builder builder = HealthServer.builder(HealthEndpoints.builder(vitals()).build());
    assertThatThrownBy(() -> builder.requestTimeout(Duration.ZERO))
        .hasMessage("requestTimeout must be positive: PT0S");
    assertThatThrownBy(() -> builder.idleTimeout(Duration.ofSeconds(-1)))
        .hasMessage("idleTimeout must be positive: PT-1S");
    assertThatThrownBy(() -> builder.maxConnections(0)).hasMessage("maxConnections must be at least 1: 0");
    assertThatThrownBy(() -> builder.waiterThreads(0)).hasMessage("waiterThreads must be at least 1: 0");
    assertThatThrownBy(() -> builder.port(70000)).hasMessage("port must be 0-65535: 70000");
  }
}
