package dev.vitals.server;

import dev.vitals.HealthEndpoints;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The health endpoints on a port of their own (a management port), on a small non-blocking
 * HTTP/1.1 server built on {@code java.nio}: no dependencies, one thread.
 *
 * <pre>{@code
 * HealthServer server = HealthServer.builder(endpoints).port(8081).start();
 * }</pre>
 *
 * <p>One thread ({@code vitals-http}) reads every connection and answers probes from the
 * engine's verdicts as it reads them, so it never blocks and a slow or silent client holds a
 * buffer, not a thread. Requests that read on-demand checks may wait up to their timeout; those
 * go to a pool of waiters ({@link Builder#waiterThreads}), started on demand. It speaks
 * keep-alive, pipelining and {@code HEAD}; it never reads request bodies; it answers a malformed
 * request with its 4xx and closes the connection. Limits: request heads of 8 KB and 100 fields
 * ({@link Builder#requestTimeout} to arrive), {@link Builder#maxConnections}, {@link
 * Builder#idleTimeout}.
 *
 * <p>To serve health on a port the application already has instead, see {@link HealthHandler}.
 * Once started, the server adds itself to the engine's shutdown tasks, so it stops after the
 * drain and after the tasks registered before it.
 */
public final class HealthServer implements AutoCloseable {
  private final ServerSocketChannel listener;
  private final InetSocketAddress address;
  private final HttpLoop loop;
  private final Duration stopGrace;

  private HealthServer(
      ServerSocketChannel listener, InetSocketAddress address, HttpLoop loop, Duration stopGrace) {
    this.listener = listener;
    this.address = address;
    this.loop = loop;
    this.stopGrace = stopGrace;
  }

  /** Starts a builder for a server carrying {@code endpoints}. */
  public static Builder builder(HealthEndpoints endpoints) {
    return new Builder(endpoints);
  }

  /** The bound port (useful with port 0). */
  public int port() {
    return address.getPort();
  }

  /** The bound address. */
  public InetSocketAddress address() {
    return address;
  }

  /**
   * Stops accepting (the port is free at once), lets answers in progress finish for up to the
   * stop grace, then closes every connection. Returns when the server has stopped.
   */
  @Override
  public void close() {
    loop.stop(stopGrace.toNanos());
  }

  /** Whether the listening socket is still open. */
  boolean listening() {
    return listener.isOpen();
  }

  /** Configures a {@link HealthServer}. Setters validate at once and name what they reject. */
  public static final class Builder {
    private final HealthEndpoints endpoints;
    private String host = "0.0.0.0";
    private int port = 8081;
    private int waiterThreads = 16;
    private int backlog = 128;
    private int maxConnections = 1000;
    private Duration requestTimeout = Duration.ofSeconds(5);
    private Duration idleTimeout = Duration.ofSeconds(30);
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
     * The most requests waiting for on-demand checks at once, each on a thread of its own for at
     * most the check's timeout. Default 16; threads start on demand and exit after a minute
     * idle. A request beyond them gets 503 at once. Without on-demand checks no waiter starts.
     */
    public Builder waiterThreads(int waiterThreads) {
      if (waiterThreads < 1) {
        throw new IllegalArgumentException("waiterThreads must be at least 1: " + waiterThreads);
      }
      this.waiterThreads = waiterThreads;
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

    /** The most open connections; beyond it a new one is closed at once. Default 1000. */
    public Builder maxConnections(int maxConnections) {
      if (maxConnections < 1) {
        throw new IllegalArgumentException("maxConnections must be at least 1: " + maxConnections);
      }
      this.maxConnections = maxConnections;
      return this;
    }

    /**
     * How long a request head may take to arrive once it has begun, and how long a client may
     * leave answers unread; past it the connection is closed. Default 5 s.
     */
    public Builder requestTimeout(Duration requestTimeout) {
      this.requestTimeout = positive(requestTimeout, "requestTimeout");
      return this;
    }

    /** How long a keep-alive connection may sit with no request before it is closed. Default 30 s. */
    public Builder idleTimeout(Duration idleTimeout) {
      this.idleTimeout = positive(idleTimeout, "idleTimeout");
      return this;
    }

    /** How long {@link HealthServer#close()} lets answers in progress finish. Default 1 s. */
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

    private static Duration positive(Duration value, String field) {
      Objects.requireNonNull(value, field);
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(field + " must be positive: " + value);
      }
      return value;
    }

    /** Binds and starts the server. */
    public HealthServer start() {
      ServerSocketChannel listener = null;
      HttpLoop loop;
      InetSocketAddress address;
      try {
        listener = ServerSocketChannel.open();
        listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        listener.bind(new InetSocketAddress(host, port), backlog);
        address = (InetSocketAddress) listener.getLocalAddress();
        loop = new HttpLoop(listener, endpoints, waiters(), requestTimeout.toNanos(),
            idleTimeout.toNanos(), maxConnections);
      } catch (IOException e) {
        if (listener != null) {
          try {
            listener.close();
          } catch (IOException suppressed) {
            e.addSuppressed(suppressed);
          }
        }
        throw new UncheckedIOException("cannot bind health server to " + host + ":" + port, e);
      }
      Thread thread = new Thread(loop, "vitals-http");
      thread.start();
      HealthServer server = new HealthServer(listener, address, loop, stopGrace);
      if (stopOnShutdown) {
        endpoints.vitals().addShutdownTask("health-server", server::close);
      }
      return server;
    }

    private ThreadPoolExecutor waiters() {
      AtomicInteger count = new AtomicInteger();
      return new ThreadPoolExecutor(0, waiterThreads, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
          runnable -> {
            Thread thread = new Thread(runnable, "vitals-http-waiter-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
          });
    }
  }
}
