package dev.vitals.lint;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A health service on 127.0.0.1 that behaves as Vitals does (status only to anonymous callers,
 * details and metrics with {@link #TOKEN}, no-store, 405 for other methods), with any route
 * replaced to break one rule. A raw socket server, one thread per connection, one answer per
 * connection: it can do what a correct server cannot, such as a body on HEAD.
 */
final class LiveFixture implements AutoCloseable {
  static final String TOKEN = "fixture-token-0123456789";
  static final String PASS = "{\"status\":\"pass\"}";

  /** A request as the fixture read it; header names lower-cased. */
  record Request(String method, String path, Map<String, String> headers) {
    boolean authorised() {
      return ("Bearer " + TOKEN).equals(headers.get("authorization"));
    }

    boolean get() {
      return method.equals("GET") || method.equals("HEAD");
    }
  }

  /** An answer; {@code bodyOnHead} sends the body to HEAD too, as a broken server does. */
  record Response(int status, Map<String, String> headers, String body, boolean bodyOnHead) {
    static Response of(int status, String contentType, String body) {
      Map<String, String> headers = new LinkedHashMap<>();
      headers.put("Content-Type", contentType);
      headers.put("Cache-Control", "no-store");
      return new Response(status, headers, body, false);
    }

    static Response health(int status, String body) {
      return of(status, "application/health+json", body);
    }

    Response header(String name, String value) {
      Map<String, String> changed = new LinkedHashMap<>(headers);
      if (value == null) {
        changed.remove(name);
      } else {
        changed.put(name, value);
      }
      return new Response(status, changed, body, bodyOnHead);
    }

    Response withBodyOnHead() {
      return new Response(status, headers, body, true);
    }
  }

  /** Executions of the {@code database} check: the good service's stay at 5 however often it is probed. */
  final AtomicInteger executions = new AtomicInteger(5);
  private final Map<String, Function<Request, Response>> routes = new ConcurrentHashMap<>();
  private final CountDownLatch closed = new CountDownLatch(1);
  private ServerSocket server;

  /** The good service: breaks no rule. */
  LiveFixture() {
    route("/health/live", probe(PASS, "{\"status\":\"pass\",\"checks\":{\"deadlock:responseTime\":"
        + "[{\"componentType\":\"system\",\"observedValue\":2,\"observedUnit\":\"ms\",\"status\":\"pass\"}]}}"));
    route("/health/ready", probe(PASS, "{\"status\":\"pass\",\"checks\":" + databaseCheck() + "}"));
    route("/health/startup", probe(PASS, PASS));
    route("/health", request -> request.authorised()
        ? Response.health(200, "{\"status\":\"pass\",\"version\":\"1.0\",\"checks\":" + databaseCheck() + "}")
        : Response.of(401, "text/plain; charset=utf-8", "details need a bearer token").header("WWW-Authenticate", "Bearer"));
    route("/health/metrics", request -> request.authorised() ? Response.of(200, "text/plain; version=0.0.4",
        "# TYPE vitals_check_duration_seconds histogram\n"
            + "vitals_check_duration_seconds_count{check=\"database\",probes=\"readiness\",critical=\"true\"} "
            + executions.get() + "\n"
            + "vitals_check_timeout_seconds{check=\"database\",probes=\"readiness\",critical=\"true\"} 2.5\n"
            + "vitals_check_timeout_seconds{check=\"deadlock\",probes=\"liveness\",critical=\"true\"} 1.0\n")
        : Response.of(401, "text/plain", "no"));
  }

  String databaseCheck() {
    return "{\"database:responseTime\":[{\"componentType\":\"datastore\",\"observedValue\":3,"
        + "\"observedUnit\":\"ms\",\"status\":\"pass\",\"time\":\"2026-01-01T00:00:00." + executions.get() + "Z\"}]}";
  }

  /** A probe endpoint: {@code anonymous} to anyone, {@code authorised} with the token, 405 to other methods. */
  static Function<Request, Response> probe(String anonymous, String authorised) {
    return request -> !request.get()
        ? Response.of(405, "text/plain", "method not allowed").header("Allow", "GET, HEAD")
        : Response.health(200, request.authorised() ? authorised : anonymous);
  }

  /** Serves {@code path} with {@code handler}, or 404 with null. */
  LiveFixture route(String path, Function<Request, Response> handler) {
    if (handler == null) {
      routes.remove(path);
    } else {
      routes.put(path, handler);
    }
    return this;
  }

  /** Blocks the calling handler until the fixture closes: an endpoint that hangs. */
  void hang() {
    try {
      closed.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  LiveFixture start() throws IOException {
    server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::accept, "fixture-accept");
    acceptor.setDaemon(true);
    acceptor.start();
    return this;
  }

  String url() {
    return "http://127.0.0.1:" + server.getLocalPort();
  }

  /** Lints this service with the token and N = 20. */
  Report lint() {
    return lint(LintOptions.builder().baseUrl(url()).token(TOKEN).build());
  }

  static Report lint(LintOptions options) {
    List<Finding> findings = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    ServiceFacts facts = new LiveLint(options, List.of()).run(findings::add, notes::add);
    notes.add("facts: " + facts);
    return new Report(List.of(options.target().toString()), findings, notes);
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        Thread thread = new Thread(() -> serve(socket), "fixture-connection");
        thread.setDaemon(true);
        thread.start();
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
      String first = in.readLine();
      if (first == null) {
        return; // a connection without a request: lint checking that the port is open
      }
      String[] line = first.split(" ");
      Map<String, String> headers = new LinkedHashMap<>();
      for (String h; (h = in.readLine()) != null && !h.isEmpty(); ) {
        int colon = h.indexOf(':');
        headers.put(h.substring(0, colon).strip().toLowerCase(Locale.ROOT), h.substring(colon + 1).strip());
      }
      int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
      for (int i = 0; i < length; i++) {
        in.read();
      }
      Request request = new Request(line[0], line[1], headers);
      Function<Request, Response> handler = routes.get(line[1]);
      Response response = handler == null ? Response.of(404, "text/plain", "not found") : handler.apply(request);
      write(socket.getOutputStream(), request, response);
    } catch (IOException e) {
      // the client went away: nothing to answer
    }
  }

  private static void write(OutputStream out, Request request, Response response) throws IOException {
    byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
    StringBuilder head = new StringBuilder("HTTP/1.1 " + response.status() + " X\r\n");
    response.headers().forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
    head.append("Content-Length: ").append(body.length).append("\r\nConnection: close\r\n\r\n");
    out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    if (!request.method().equals("HEAD") || response.bodyOnHead()) {
      out.write(body);
    }
    out.flush();
  }

  @Override
  public void close() {
    closed.countDown();
    try {
      server.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
