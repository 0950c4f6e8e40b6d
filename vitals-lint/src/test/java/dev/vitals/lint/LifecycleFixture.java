package dev.vitals.lint;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * A service that lifecycle tests have lint start, as a process: {@code java -cp … LifecycleFixture
 * MODE}, on the port in {@code PORT}, with /health/startup, /health/ready and /health/live. Each
 * mode breaks one lifecycle rule, or none:
 *
 * <ul>
 *   <li>{@code drains}: startup passes once asked three times, readiness only after it; SIGTERM
 *       fails readiness, then stops the server after a drain of 300 ms. Breaks nothing.
 *   <li>{@code ready-before-started}: readiness passes at once, startup only once readiness has
 *       been asked ten times (so lint surely sees both); drains like {@code drains}. Breaks VL301.
 *   <li>{@code no-drain}: everything passes; SIGTERM ends the JVM at once. Breaks VL302 (no drain).
 *   <li>{@code ignores-sigterm}: everything passes, and a shutdown hook that never returns keeps
 *       the process and its server up. Breaks VL302 and VL303.
 *   <li>{@code exits}: prints an error and exits with status 3 before listening.
 * </ul>
 */
public final class LifecycleFixture {
  private LifecycleFixture() {}

  public static void main(String[] args) throws IOException {
    String mode = args[0];
    if (mode.equals("exits")) {
      System.err.println("fixture: cannot start: no database");
      System.exit(3);
    }
    AtomicInteger startupAsked = new AtomicInteger();
    AtomicInteger readyAsked = new AtomicInteger();
    AtomicBoolean draining = new AtomicBoolean();
    BooleanSupplier started = switch (mode) {
      case "drains" -> () -> startupAsked.get() >= 3;
      case "ready-before-started" -> () -> readyAsked.get() >= 10;
      default -> () -> true;
    };
    boolean gated = !mode.equals("ready-before-started");

    HttpServer server = HttpServer.create(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(System.getenv("PORT"))), 50);
    server.createContext("/health/startup", exchange -> {
      startupAsked.incrementAndGet();
      answer(exchange, started.getAsBoolean());
    });
    server.createContext("/health/ready", exchange -> {
      readyAsked.incrementAndGet();
      answer(exchange, (!gated || started.getAsBoolean()) && !draining.get());
    });
    server.createContext("/health/live", exchange -> answer(exchange, true));
    server.start();

    switch (mode) {
      case "drains", "ready-before-started" -> Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        draining.set(true);
        try {
          Thread.sleep(300); // the drain delay
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        server.stop(0);
      }));
      case "ignores-sigterm" -> Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          new CountDownLatch(1).await(); // forever: only SIGKILL ends this process
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }));
      default -> { } // no-drain: the JVM's default, it ends at SIGTERM
    }
    System.out.println("fixture " + mode + " listening");
  }

  private static void answer(HttpExchange exchange, boolean pass) throws IOException {
    byte[] body = ("{\"status\":\"" + (pass ? "pass" : "fail") + "\"}").getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/health+json");
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.sendResponseHeaders(pass ? 200 : 503, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
