package dev.vitals.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback server that accepts TCP connections and then never reads or writes: the dependency
 * that is up enough to complete the handshake and hung after it. Use it to prove a client gives
 * up at its deadline.
 *
 * <pre>{@code
 * try (SilentServer silent = new SilentServer()) {
 *   Result r = TcpCheck.of("x", "127.0.0.1", silent.port()).build().check().check();
 * }
 * }</pre>
 *
 * <p>Accepted sockets are held open until {@link #close()}, which closes them and joins the
 * single accepting thread.
 */
public final class SilentServer implements AutoCloseable {
  private static final long JOIN_MILLIS = 2_000;

  private final ServerSocket server;
  private final Thread acceptor;
  private final List<Socket> accepted = new ArrayList<>(); // guarded by itself
  private final AtomicInteger count = new AtomicInteger();

  /** Starts listening on an ephemeral loopback port. */
  public SilentServer() {
    try {
      server = new ServerSocket();
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on 127.0.0.1", e);
    }
    acceptor = new Thread(this::acceptLoop, "SilentServer-" + server.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** The loopback port clients connect to. */
  public int port() {
    return server.getLocalPort();
  }

  /** Connections accepted so far. */
  public int accepted() {
    return count.get();
  }

  /** Closes the listener and every accepted connection, and waits for the accepting thread. */
  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    synchronized (accepted) {
      for (Socket s : accepted) {
        try {
          s.close();
        } catch (IOException ignored) {
          // closing anyway
        }
      }
      accepted.clear();
    }
    try {
      acceptor.join(JOIN_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "SilentServer{127.0.0.1:" + port() + ", accepted=" + accepted() + "}";
  }

  private void acceptLoop() {
    while (true) {
      Socket s;
      try {
        s = server.accept();
      } catch (IOException e) {
        return; // closed
      }
      synchronized (accepted) {
        if (server.isClosed()) {
          try {
            s.close();
          } catch (IOException ignored) {
            // closing anyway
          }
          return;
        }
        accepted.add(s);
      }
      count.incrementAndGet();
    }
  }
}
