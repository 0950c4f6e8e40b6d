package dev.vitals.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Freezable, counting TCP proxies in one process, driven over a loopback control port.
 *
 * <pre>
 * java -cp benchmarks.jar dev.vitals.bench.Proxies CONTROL_PORT name=HOST:PORT ...
 * </pre>
 *
 * <p>Each {@code name=HOST:PORT} gets a proxy on an ephemeral loopback port; once all listen, the
 * process prints {@code name port} per proxy, then {@code ready}. The control port takes one
 * command per line and answers one line:
 *
 * <ul>
 *   <li>{@code freeze NAME}: connects still succeed, nothing is forwarded either way (a dependency
 *       that accepts connections and never answers); {@code thaw NAME} delivers what was held.
 *   <li>{@code count NAME}: {@code requests connections}. For a proxy whose name starts with
 *       {@code redis}, requests are the RESP commands clients sent (parsed, so that commands a
 *       client pipelines in one write count one by one); for the others, the bursts of bytes
 *       clients sent upstream (one read of the client socket each), which for a JDBC driver is one
 *       per round trip. Both are counted when the client sends, while frozen too. Connections are
 *       those accepted so far.
 * </ul>
 *
 * <p>Like vitals-test-support's TcpProxy, each connection has one pump thread per direction that
 * reads, then waits while frozen before writing; unlike it, it counts, and it stays up for the
 * whole benchmark run.
 */
public final class Proxies {
  private Proxies() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      System.err.println("usage: Proxies CONTROL_PORT name=HOST:PORT ...");
      System.exit(2);
    }
    Map<String, Proxy> proxies = new LinkedHashMap<>();
    for (int i = 1; i < args.length; i++) {
      String[] nameTarget = args[i].split("=", 2);
      int colon = nameTarget[1].lastIndexOf(':');
      Proxy proxy =
          new Proxy(nameTarget[0], nameTarget[1].substring(0, colon),
              Integer.parseInt(nameTarget[1].substring(colon + 1)));
      proxies.put(proxy.name, proxy);
    }
    ServerSocket control = new ServerSocket();
    control.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(args[0])));
    for (Proxy proxy : proxies.values()) {
      proxy.start();
      System.out.println(proxy.name + " " + proxy.port());
    }
    System.out.println("ready");
    System.out.flush();
    while (true) {
      Socket client = control.accept();
      daemon("control", () -> serveControl(client, proxies)).start();
    }
  }

  private static void serveControl(Socket client, Map<String, Proxy> proxies) {
    try (client;
        BufferedReader in =
            new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
        PrintWriter out =
            new PrintWriter(new java.io.OutputStreamWriter(client.getOutputStream(), StandardCharsets.UTF_8), true)) {
      String line;
      while ((line = in.readLine()) != null) {
        String[] words = line.trim().split("\\s+");
        Proxy proxy = words.length == 2 ? proxies.get(words[1]) : null;
        if (proxy == null) {
          out.println("error: usage: freeze|thaw|count NAME (one of " + proxies.keySet() + ")");
          continue;
        }
        switch (words[0]) {
          case "freeze" -> {
            proxy.setFrozen(true);
            out.println("frozen");
          }
          case "thaw" -> {
            proxy.setFrozen(false);
            out.println("thawed");
          }
          case "count" -> out.println(proxy.requests.get() + " " + proxy.connections.get());
          default -> out.println("error: unknown command " + words[0]);
        }
      }
    } catch (IOException e) {
      // the controlling script went away
    }
  }

  static Thread daemon(String name, Runnable body) {
    Thread thread = new Thread(body, name);
    thread.setDaemon(true);
    return thread;
  }

  /** One proxy: a listener, and two pumps per accepted connection. */
  static final class Proxy {
    final String name;
    final String targetHost;
    final int targetPort;
    final AtomicLong requests = new AtomicLong();
    final AtomicLong connections = new AtomicLong();
    private final Object lock = new Object();
    private boolean frozen; // guarded by lock
    private ServerSocket listener;

    Proxy(String name, String targetHost, int targetPort) {
      this.name = name;
      this.targetHost = targetHost;
      this.targetPort = targetPort;
    }

    void start() throws IOException {
      listener = new ServerSocket();
      listener.setReuseAddress(true);
      listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
      daemon(name + "-accept", this::acceptLoop).start();
    }

    int port() {
      return listener.getLocalPort();
    }

    void setFrozen(boolean frozen) {
      synchronized (lock) {
        this.frozen = frozen;
        lock.notifyAll();
      }
    }

    private void acceptLoop() {
      while (true) {
        Socket client;
        try {
          client = listener.accept();
        } catch (IOException e) {
          return;
        }
        long id = connections.incrementAndGet();
        daemon(name + "-c" + id + "-connect", () -> connect(client, id)).start();
      }
    }

    private void connect(Socket client, long id) {
      Socket upstream = new Socket();
      try {
        client.setTcpNoDelay(true);
        upstream.setTcpNoDelay(true);
        upstream.connect(new InetSocketAddress(targetHost, targetPort), 5_000);
      } catch (IOException e) {
        closeQuietly(client);
        closeQuietly(upstream);
        return;
      }
      daemon(name + "-c" + id + "-down", () -> pump(upstream, client, false, null)).start();
      pump(client, upstream, true, name.startsWith("redis") ? new RespCounter() : null);
    }

    /** Copies from → to; counts requests when {@code from} is the client ({@code to} upstream). */
    private void pump(Socket from, Socket to, boolean upstream, RespCounter resp) {
      byte[] buffer = new byte[16384];
      try {
        InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream();
        while (true) {
          int n = in.read(buffer);
          if (upstream && n > 0) {
            // Counted when the client sends, frozen or not: what a service asks of a frozen
            // dependency counts during the outage, not when the thaw delivers it.
            requests.addAndGet(resp == null ? 1 : resp.feed(buffer, n));
          }
          awaitThawed();
          if (n < 0) {
            break; // one side closed: close both, PostgreSQL and Redis need no half-close
          }
          out.write(buffer, 0, n);
          out.flush();
        }
      } catch (IOException | InterruptedException e) {
        // reset, or closed by the other pump
      }
      closeQuietly(from);
      closeQuietly(to);
    }

    private void awaitThawed() throws InterruptedException {
      synchronized (lock) {
        while (frozen) {
          lock.wait();
        }
      }
    }
  }

  /** Counts RESP commands in the client-to-server byte stream, across reads. */
  static final class RespCounter {
    private static final int START = 0;
    private static final int ARRAY_LENGTH = 1;
    private static final int BULK_START = 2;
    private static final int BULK_LENGTH = 3;
    private static final int BULK_BYTES = 4;
    private static final int INLINE = 5;
    private int state = START;
    private long number;
    private long elements;
    private long skip;

    long feed(byte[] bytes, int length) {
      long commands = 0;
      int i = 0;
      while (i < length) {
        byte c = bytes[i];
        switch (state) {
          case START -> {
            if (c == '*') {
              commands++;
              number = 0;
              state = ARRAY_LENGTH;
            } else if (c != '\r' && c != '\n') {
              commands++; // an inline command, such as redis-cli's
              state = INLINE;
            }
          }
          case ARRAY_LENGTH -> {
            if (c >= '0' && c <= '9') {
              number = number * 10 + (c - '0');
            } else if (c == '\n') {
              elements = number;
              state = elements > 0 ? BULK_START : START;
            }
          }
          case BULK_START -> {
            if (c == '$') {
              number = 0;
              state = BULK_LENGTH;
            }
          }
          case BULK_LENGTH -> {
            if (c >= '0' && c <= '9') {
              number = number * 10 + (c - '0');
            } else if (c == '\n') {
              skip = number + 2; // the bytes and their CRLF
              state = BULK_BYTES;
            }
          }
          case BULK_BYTES -> {
            int take = (int) Math.min(skip, length - i);
            skip -= take;
            i += take - 1;
            if (skip == 0) {
              elements--;
              state = elements > 0 ? BULK_START : START;
            }
          }
          default -> {
            if (c == '\n') {
              state = START;
            }
          }
        }
        i++;
      }
      return commands;
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // nothing to do
    }
  }
}
