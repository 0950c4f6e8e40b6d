package dev.vitals.cli;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/** A JDK HttpServer answering {@code /health/live} with a status the test sets. */
final class HealthEndpoint implements AutoCloseable {
  private final HttpServer server;
  private volatile int status = 200;

  HealthEndpoint() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/health/live", exchange -> {
      int answer = status;
      byte[] body = ("{\"status\":\"" + (answer == 200 ? "pass" : "fail") + "\"}").getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/health+json");
      exchange.sendResponseHeaders(answer, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
  }

  void status(int status) {
    this.status = status;
  }

  int port() {
    return server.getAddress().getPort();
  }

  String url() {
    return "http://127.0.0.1:" + port() + "/health/live";
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
