package dev.vitals.server;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.vitals.HealthEndpoints;
import dev.vitals.HealthRequest;
import dev.vitals.HealthResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Carries {@link HealthEndpoints} answers over the JDK's {@code com.sun.net.httpserver}. Mount it
 * on a server the application already has, so one port serves both:
 *
 * <pre>{@code
 * HealthHandler.applyJdkDefaults();                     // before the first HttpServer is created
 * HttpServer server = HttpServer.create(new InetSocketAddress(8080), 0);
 * server.createContext("/notes", notesHandler);
 * HealthHandler.mount(server, endpoints);            // /health/*, /livez, /readyz, /healthz
 * }</pre>
 *
 * <p>The handler never reads the request body and answers from the engine's verdicts, so it is
 * cheap; a probe waits at most the largest timeout of the on-demand checks it reads. The JDK
 * server reads each request on a thread of its executor, so a slow client holds one until {@code
 * sun.net.httpserver.maxReqTime} ({@link #applyJdkDefaults()}); {@link HealthServer}, on a port
 * of its own, has no such exposure and serves two to three times the probes.
 */
public final class HealthHandler implements HttpHandler {
  private final HealthEndpoints endpoints;

  /**
   * Sets the JDK server's JVM-wide limits that a health endpoint needs, unless they were given
   * with {@code -D}: TCP_NODELAY on (without it, small keep-alive responses wait about 40 ms for
   * delayed ACKs); {@code sun.net.httpserver.maxReqTime=5} (seconds a request may take to arrive;
   * slow or stalled clients are disconnected instead of holding a worker); {@code
   * jdk.httpserver.maxConnections=1000} (connections beyond it are closed at once). The JDK reads
   * them when its first server is created: call this before creating the server you mount on.
   * They apply to every {@code com.sun.net.httpserver} server in the JVM.
   */
  public static void applyJdkDefaults() {
    setIfAbsent("sun.net.httpserver.nodelay", "true");
    setIfAbsent("sun.net.httpserver.maxReqTime", "5");
    setIfAbsent("jdk.httpserver.maxConnections", "1000");
  }

  private static void setIfAbsent(String property, String value) {
    if (System.getProperty(property) == null) {
      System.setProperty(property, value);
    }
  }

  public HealthHandler(HealthEndpoints endpoints) {
    this.endpoints = Objects.requireNonNull(endpoints, "endpoints");
  }

  /** Creates a context on {@code server} for every health path and returns the handler. */
  public static HealthHandler mount(HttpServer server, HealthEndpoints endpoints) {
    HealthHandler handler = new HealthHandler(endpoints);
    for (String path : endpoints.paths()) {
      server.createContext(path, handler);
    }
    return handler;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      InetSocketAddress remote = exchange.getRemoteAddress();
      Headers headers = exchange.getRequestHeaders();
      HealthRequest request =
          HealthRequest.builder(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath())
              .authorization(headers.getFirst("Authorization"))
              .forwardedFor(joined(headers, "X-Forwarded-For"))
              .accept(joined(headers, "Accept"))
              .remote(remote == null ? null : remote.getAddress())
              .build();
      send(exchange, endpoints.handle(request));
    }
  }

  /** Every field {@code name} joined in order, as one list (RFC 9110, 5.3), or null. */
  private static String joined(Headers headers, String name) {
    List<String> fields = headers.get(name);
    return fields == null || fields.isEmpty() ? null : String.join(", ", fields);
  }

  static void send(HttpExchange exchange, HealthResponse response) throws IOException {
    Headers headers = exchange.getResponseHeaders();
    for (Map.Entry<String, String> header : response.headers()) {
      headers.add(header.getKey(), header.getValue());
    }
    byte[] body = response.body();
    if (body.length == 0) {
      // HEAD: the length a GET would have, and no body.
      headers.set("Content-Length", Integer.toString(response.contentLength()));
      exchange.sendResponseHeaders(response.status(), -1);
      return;
    }
    exchange.sendResponseHeaders(response.status(), body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
