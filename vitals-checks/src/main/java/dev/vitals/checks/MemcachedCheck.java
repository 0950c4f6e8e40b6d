package dev.vitals.checks;

import dev.vitals.Check;
import dev.vitals.HealthCheck;
import dev.vitals.Result;
import dev.vitals.spi.CheckUri;
import dev.vitals.spi.Deadline;
import dev.vitals.spi.Outputs;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * Checks a Memcached server over its text protocol: connect, send {@code version}, expect a
 * {@code VERSION …} line.
 *
 * <pre>{@code
 * Vitals.builder()
 *     .check(MemcachedCheck.of("sessions", "cache.internal", 11211).critical(false))
 *     .build();
 * }</pre>
 *
 * <p>{@code version} touches no data and costs the server nothing, yet proves it accepts
 * connections and answers commands. Each run opens one connection and closes it; the host
 * name lookup, the connect and every read share the registration's deadline ({@link Deadline#current()}), so a server
 * that accepts and hangs costs at most the registration's timeout. The text protocol has no authentication (SASL needs the binary protocol), so this
 * check takes none.
 */
public final class MemcachedCheck implements Check {
  /** Memcached's port. */
  public static final int DEFAULT_PORT = 11211;

  private static final int MAX_LINE = 1024;
  private static final byte[] VERSION = "version\r\n".getBytes(StandardCharsets.US_ASCII);

  private final String host;
  private final int port;
  private final HostLookup lookup;

  private MemcachedCheck(String host, int port, HostLookup lookup) {
    this.host = TcpCheck.requireHost(host);
    this.port = CheckUri.requirePort(port);
    this.lookup = lookup;
  }

  /**
   * A registration named {@code name} that asks {@code host:port} for its version; componentType
   * {@code datastore}, componentId {@code host:port}. The registration's timeout (1 s unless set)
   * bounds the whole exchange.
   */
  public static HealthCheck.Builder of(String name, String host, int port) {
    return create(host, port).healthCheck(name);
  }

  /** The bare check, for composing or registering by hand. */
  public static MemcachedCheck create(String host, int port) {
    return new MemcachedCheck(host, port, HostLookup.SYSTEM);
  }

  /** This check resolving with {@code lookup}, for tests of a resolver that hangs. */
  MemcachedCheck lookup(HostLookup lookup) {
    return new MemcachedCheck(host, port, lookup);
  }

  /** A registration of this check with its componentType and componentId set. */
  public HealthCheck.Builder healthCheck(String name) {
    return HealthCheck.builder(name, this)
        .componentType("datastore")
        .componentId(CheckUri.hostAndPort(host, port));
  }

  @Override
  public Result check() {
    Deadline deadline = Deadline.current();
    boolean connected = false;
    InetSocketAddress address;
    try {
      address = lookup.address(host, port, deadline);
    } catch (IOException e) {
      return Result.fail(where() + ": " + HostLookup.describe(e));
    }
    try (Socket socket = new Socket()) {
      socket.connect(address, deadline.remainingMillis("connect"));
      connected = true;
      OutputStream out = socket.getOutputStream();
      out.write(VERSION);
      out.flush();
      String reply = readLine(socket, deadline);
      if (!reply.startsWith("VERSION ")) {
        return Result.fail(where() + ": unexpected reply to version: " + Outputs.sanitize(reply));
      }
      return Result.pass();
    } catch (SocketTimeoutException e) {
      return Result.fail(where() + ": "
          + (connected ? "no reply to version within " : "connect timed out after ")
          + deadline.budget().toMillis() + " ms");
    } catch (IOException e) {
      return Result.fail(where() + ": " + Outputs.describe(e));
    }
  }

  @Override
  public String toString() {
    return "MemcachedCheck{" + CheckUri.hostAndPort(host, port) + "}";
  }

  private String where() {
    return "memcached " + CheckUri.hostAndPort(host, port);
  }

  /** One CRLF-terminated line; the socket timeout is reset to what is left before each read. */
  private static String readLine(Socket socket, Deadline deadline) throws IOException {
    InputStream in = socket.getInputStream();
    ByteArrayOutputStream line = new ByteArrayOutputStream(32);
    byte[] buffer = new byte[256];
    while (true) {
      socket.setSoTimeout(deadline.remainingMillis("version"));
      int n = in.read(buffer);
      if (n < 0) {
        throw new IOException("connection closed before the reply to version");
      }
      line.write(buffer, 0, n);
      byte[] bytes = line.toByteArray();
      for (int i = 1; i < bytes.length; i++) {
        if (bytes[i - 1] == '\r' && bytes[i] == '\n') {
          return new String(bytes, 0, i - 1, StandardCharsets.UTF_8);
        }
      }
      if (bytes.length > MAX_LINE) {
        throw new IOException("reply to version is longer than " + MAX_LINE + " bytes");
      }
    }
  }
}
