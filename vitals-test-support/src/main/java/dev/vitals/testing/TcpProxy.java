package dev.vitals.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP proxy that tests put between a client and a real server to make the server
 * hang or vanish on cue, without touching the server.
 *
 * <pre>{@code
 * try (TcpProxy proxy = new TcpProxy("127.0.0.1", 6379)) {
 *   check = RedisCheck.of("redis", "redis://127.0.0.1:" + proxy.port()).build();
 *   proxy.freeze();   // connects still succeed, nothing answers: a hung dependency
 *   proxy.thaw();     // bytes held meanwhile are delivered
 *   proxy.refuse();   // connects are refused: a dependency that is down
 *   proxy.accept();   // listening again on the same port
 * }
 * }</pre>
 *
 * <p>Each accepted connection opens one upstream connection and two pump threads, one per
 * direction. A pump reads, then waits while the proxy is frozen before writing, so a frozen proxy
 * holds at most one buffer per direction and the rest waits in the kernel; end of stream is
 * held the same way. {@link #refuse()} closes only the listening socket: established
 * connections keep working. {@link #close()} closes every socket and joins every thread it
 * started. All methods are thread-safe.
 */
public final class TcpProxy implements AutoCloseable {
  private static final int CONNECT_TIMEOUT_MILLIS = 2_000;
  private static final long JOIN_MILLIS = 2_000;
  private static final AtomicInteger IDS = new AtomicInteger();

  private final String targetHost;
  private final int targetPort;
  private final int port;
  private final String threadPrefix;
  private final Object lock = new Object();
  private final List<Socket> sockets = new ArrayList<>(); // guarded by lock
  private final List<Thread> threads = new ArrayList<>(); // guarded by lock
  private final AtomicInteger connections = new AtomicInteger();
  private ServerSocket listener; // guarded by lock; null while refusing
  private Thread acceptor; // guarded by lock; null while refusing
  private Socket placeholder; // guarded by lock; holds the port while refusing
  private boolean frozen; // guarded by lock
  private boolean closed; // guarded by lock

  /** Starts a proxy on an ephemeral loopback port forwarding to {@code targetHost:targetPort}. */
  public TcpProxy(String targetHost, int targetPort) {
    this.targetHost = Objects.requireNonNull(targetHost, "targetHost");
    if (targetPort < 1 || targetPort > 65_535) {
      throw new IllegalArgumentException("targetPort must be 1-65535: " + targetPort);
    }
    this.targetPort = targetPort;
    synchronized (lock) {
      listener = listen(0);
      port = listener.getLocalPort();
      threadPrefix = "TcpProxy-" + IDS.incrementAndGet() + "-" + port;
      startAcceptor(listener);
    }
  }

  /** The loopback port clients connect to. */
  public int port() {
    return port;
  }

  /** Connections accepted so far. */
  public int connections() {
    return connections.get();
  }

  /**
   * Stops forwarding in both directions on existing and new connections. Connections stay open
   * and new ones are still accepted; nothing answers.
   */
  public void freeze() {
    synchronized (lock) {
      frozen = true;
    }
  }

  /** Resumes forwarding, delivering what was held while frozen. */
  public void thaw() {
    synchronized (lock) {
      frozen = false;
      lock.notifyAll();
    }
  }

  /**
   * Closes the listening socket so new connects are refused, keeping the port bound (not
   * listening) so nothing else takes it. Connections already accepted are kept; one still in
   * the kernel's backlog (connected but not yet accepted) is reset.
   */
  public void refuse() {
    ServerSocket old;
    Thread oldAcceptor;
    synchronized (lock) {
      requireOpen();
      old = listener;
      oldAcceptor = acceptor;
      listener = null;
      acceptor = null;
    }
    if (old == null) {
      return;
    }
    closeQuietly(old);
    // The JDK defers closing a server socket's descriptor until the thread blocked in accept()
    // has left it; until then the port still completes handshakes. Wait for that thread.
    join(oldAcceptor);
    synchronized (lock) {
      if (!closed && listener == null && placeholder == null) {
        placeholder = reserve(port);
      }
    }
  }

  /** Listens again on the same port after {@link #refuse()}; does nothing if listening. */
  public void accept() {
    synchronized (lock) {
      requireOpen();
      if (listener == null) {
        closeQuietly(placeholder);
        placeholder = null;
        listener = listen(port);
        startAcceptor(listener);
      }
    }
  }

  /** Closes the listener and every connection, and waits for every proxy thread to end. */
  @Override
  public void close() {
    List<Thread> toJoin;
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      frozen = false;
      lock.notifyAll();
      closeQuietly(listener);
      listener = null;
      closeQuietly(placeholder);
      placeholder = null;
      sockets.forEach(TcpProxy::closeQuietly);
      sockets.clear();
      toJoin = new ArrayList<>(threads);
    }
    toJoin.forEach(TcpProxy::join);
  }

  @Override
  public String toString() {
    return "TcpProxy{127.0.0.1:" + port + " -> " + targetHost + ":" + targetPort + "}";
  }

  private ServerSocket listen(int onPort) {
    try {
      ServerSocket s = new ServerSocket();
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort), 50);
      return s;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on 127.0.0.1:" + onPort, e);
    }
  }

  /**
   * Binds a socket to the port without listening, so connects are refused (RST) while the port
   * stays ours: the kernel will not hand it out as another ephemeral port, nor use it as the
   * source port of a connect to itself. Null when another socket took the port meanwhile.
   */
  private static Socket reserve(int onPort) {
    Socket s = new Socket();
    try {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort));
      return s;
    } catch (IOException e) {
      closeQuietly(s);
      return null;
    }
  }

  private void startAcceptor(ServerSocket server) {
    acceptor = start(threadPrefix + "-accept", () -> acceptLoop(server));
  }

  private void acceptLoop(ServerSocket server) {
    while (true) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return; // closed by refuse() or close()
      }
      int id = connections.incrementAndGet();
      Socket upstream = new Socket();
      if (!register(client) || !register(upstream)) {
        closeQuietly(client);
        closeQuietly(upstream);
        return;
      }
      try {
        upstream.connect(new InetSocketAddress(targetHost, targetPort), CONNECT_TIMEOUT_MILLIS);
      } catch (IOException e) {
        closeQuietly(client);
        closeQuietly(upstream);
        forget(client, upstream);
        continue;
      }
      Pair pair = new Pair(client, upstream);
      start(threadPrefix + "-c" + id + "-up", () -> pump(pair, client, upstream));
      start(threadPrefix + "-c" + id + "-down", () -> pump(pair, upstream, client));
    }
  }

  private void pump(Pair pair, Socket from, Socket to) {
    byte[] buffer = new byte[8192];
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      while (true) {
        int n = in.read(buffer);
        if (!awaitThawed()) {
          break;
        }
        if (n < 0) {
          to.shutdownOutput();
          break;
        }
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      pair.broken = true; // reset, or closed by the other pump or close(): tear the pair down
    } finally {
      if (pair.broken || pair.finishOne()) {
        closeQuietly(pair.client);
        closeQuietly(pair.upstream);
        forget(pair.client, pair.upstream);
      }
    }
  }

  /** Waits while frozen; false when the proxy closed meanwhile. */
  private boolean awaitThawed() {
    synchronized (lock) {
      while (frozen && !closed) {
        try {
          lock.wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
      return !closed;
    }
  }

  private Thread start(String name, Runnable body) {
    Thread t = new Thread(body, name);
    t.setDaemon(true);
    synchronized (lock) {
      if (closed) {
        return t; // close() won the race; the sockets this thread would use are closed
      }
      threads.removeIf(old -> !old.isAlive());
      threads.add(t);
      t.start();
    }
    return t;
  }

  private boolean register(Socket socket) {
    synchronized (lock) {
      if (closed) {
        return false;
      }
      sockets.add(socket);
      return true;
    }
  }

  private void forget(Socket a, Socket b) {
    synchronized (lock) {
      sockets.remove(a);
      sockets.remove(b);
    }
  }

  private static void join(Thread t) {
    try {
      t.join(JOIN_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("proxy is closed");
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    if (c != null) {
      try {
        c.close();
      } catch (Exception ignored) {
        // nothing useful to do
      }
    }
  }

  /** One proxied connection: both sockets close once both directions ended or one broke. */
  private static final class Pair {
    final Socket client;
    final Socket upstream;
    private final AtomicInteger finished = new AtomicInteger();
    volatile boolean broken;

    Pair(Socket client, Socket upstream) {
      this.client = client;
      this.upstream = upstream;
    }

    boolean finishOne() {
      return finished.incrementAndGet() == 2;
    }
  }
}
