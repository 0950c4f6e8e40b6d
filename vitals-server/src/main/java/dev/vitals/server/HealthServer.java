package dev.vitals.server;

import com.sun.net.httpserver.HttpServer;
import dev.vitals.HealthEndpoints;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The health endpoints on a port of their own (a management port), on the JDK's built-in HTTP
 * server: no dependencies.
 *
 * <pre>{@code
 * HealthServer server = HealthServer.builder(endpoints).port(8081).start();
 * }</pre>
 *
 * <p>Requests are served by a bounded pool ({@link Builder#workerThreads}): threads start only
 * when none is idle, and when all are busy a new connection is closed rather than queued without
 * end. The JDK server reads a request's head on a worker thread, so a client that sends its
 * headers slowly holds one: the pool is wide (64 threads, started on demand) and requests that
 * take longer than {@code sun.net.httpserver.maxReqTime} (set to 5 s unless given) are cut off.
 * See {@link #applyJdkDefaults()}. Once started, the server adds
 * itself to the engine's shutdown tasks, so it stops after the drain and after the tasks
 * registered before it.
 */
public final class HealthServer implements AutoCloseable {
  private final HttpServer server;
  private final ThreadPoolExecutor workers;
  private final Duration stopGrace;

  static {
    applyJdkDefaults();
  }

  private HealthServer(HttpServer server, ThreadPoolExecutor workers, Duration stopGrace) {
    this.server = server;
    this.workers = workers;
    this.stopGrace = stopGrace;
  }

  /**
   * Sets the JDK server's JVM-wide limits that a health endpoint needs, unless they were given
   * with {@code -D}: TCP_NODELAY on (without it, small keep-alive responses wait about 40 ms for
   * delayed ACKs); {@code sun.net.httpserver.maxReqTime=5} (seconds a request
   * may take to arrive; slow or stalled clients are disconnected instead of holding a worker);
   * {@code jdk.httpserver.maxConnections=1000} (connections beyond it are closed at once). The
   * JDK reads them when its first server is created, so this runs when this class is loaded;
   * call it before creating a server you mount {@link
   * HealthHandler} on. They apply to every {@code com.sun.net.httpserver} server in the JVM.
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

  /** Starts a builder for a server carrying {@code endpoints}. */
  public static Builder builder(HealthEndpoints endpoints) {
    return new Builder(endpoints);
  }

  /** The bound port (useful with port 0). */
  public int port() {
    return server.getAddress().getPort();
  }

  /** The bound address. */
  public InetSocketAddress address() {
    return server.getAddress();
  }

  /** Stops accepting, lets exchanges in progress finish for up to the stop grace, then stops. */
  @Override
  public void close() {
    server.stop((int) Math.max(0, stopGrace.toSeconds()));
    workers.shutdown();
  }

  /** Configures a {@link HealthServer}. */
  public static final class Builder {
    private final HealthEndpoints endpoints;
    private String host = "0.0.0.0";
    private int port = 8081;
    private int workerThreads = 64;
    private int backlog = 128;
    private Duration stopGrace = Duration.ofSeconds(1);
    private boolean stopOnShutdown = true;

    private Builder(HealthEndpoints endpoints) {
      this.endpoints = Objects.requireNonNull(endpoints, "endpoints");
    }

    /** The address to bind. Default {@code 0.0.0.0} (every interface). */
    public Builder host(String host) {
      if (host == null || host.isBlank()) {
        throw new IllegalArgumentException("host must not be blank");
      }
      this.host = host;
      return this;
    }

    /** The port; 0 picks a free one. Default 8081. */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0-65535: " + port);
      }
      this.port = port;
      return this;
    }

    /**
     * The most threads serving requests at once. Default 64: threads start on demand and exit
     * after a minute idle, and a slow client holds one while its request arrives.
     */
    public Builder workerThreads(int workerThreads) {
      if (workerThreads < 1) {
        throw new IllegalArgumentException("workerThreads must be at least 1: " + workerThreads);
      }
      this.workerThreads = workerThreads;
      return this;
    }

    /** The listen backlog. Default 128. */
    public Builder backlog(int backlog) {
      if (backlog < 1) {
        throw new IllegalArgumentException("backlog must be at least 1: " + backlog);
      }
      this.backlog = backlog;
      return this;
    }

    /** How long {@link HealthServer#close()} lets exchanges in progress finish. Default 1 s. */
    public Builder stopGrace(Duration stopGrace) {
      Objects.requireNonNull(stopGrace, "stopGrace");
      if (stopGrace.isNegative()) {
        throw new IllegalArgumentException("stopGrace must not be negative: " + stopGrace);
      }
      this.stopGrace = stopGrace;
      return this;
    }

    /**
     * Whether the server adds itself to the engine's shutdown tasks when started. Default true;
     * turn it off to stop the server yourself.
     */
    public Builder stopOnShutdown(boolean stopOnShutdown) {
      this.stopOnShutdown = stopOnShutdown;
      return this;
    }

    /** Binds and starts the server. */
    public HealthServer start() {
      HttpServer http;
      try {
        http = HttpServer.create(new InetSocketAddress(host, port), backlog);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot bind health server to " + host + ":" + port, e);
      }
      AtomicInteger count = new AtomicInteger();
      ThreadPoolExecutor workers =
          new ThreadPoolExecutor(
              Math.min(4, workerThreads), workerThreads, 60, TimeUnit.SECONDS,
              new SynchronousQueue<>(),
              runnable -> {
                Thread thread = new Thread(runnable, "vitals-http-" + count.incrementAndGet());
                thread.setDaemon(true);
                return thread;
              });
      http.setExecutor(workers);
      http.createContext("/", new HealthHandler(endpoints));
      http.start();
      HealthServer server = new HealthServer(http, workers, stopGrace);
      if (stopOnShutdown) {
        endpoints.vitals().addShutdownTask("health-server", server::close);
      }
      return server;
    }
  }
}
