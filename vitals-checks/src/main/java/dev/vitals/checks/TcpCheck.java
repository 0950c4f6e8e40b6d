package dev.vitals.checks;

import dev.vitals.Check;
import dev.vitals.HealthCheck;
import dev.vitals.Result;
import dev.vitals.spi.CheckUri;
import dev.vitals.spi.Deadline;
import dev.vitals.spi.Outputs;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Objects;

/**
 * Checks that something accepts TCP connections on {@code host:port}: the connect must complete
 * by the registration's deadline ({@link Deadline#current()}), then the socket is closed without
 * sending a byte.
 *
 * <pre>{@code
 * Vitals.builder()
 *     .check(TcpCheck.of("smtp", "mail.internal", 25).timeout(Duration.ofMillis(300)).critical(false))
 *     .build();
 * }</pre>
 *
 * <p>This proves the port is open and the listener's backlog has room, nothing more: a server
 * that accepts and then hangs passes. Prefer a protocol check (JDBC, Redis, HTTP) when one
 * exists. The host name is resolved by the JVM's resolver within the same deadline (a
 * resolver that never answers fails the run with "resolving HOST timed out after N ms").
 */
public final class TcpCheck implements Check {
  private final String host;
  private final int port;
  private final HostLookup lookup;

  private TcpCheck(String host, int port, HostLookup lookup) {
    this.host = requireHost(host);
    this.port = CheckUri.requirePort(port);
    this.lookup = lookup;
  }

  /**
   * A registration named {@code name} that connects to {@code host:port}; componentType {@code
   * component}, componentId {@code host:port}. The registration's timeout (1 s unless set) bounds
   * the connect.
   */
  public static HealthCheck.Builder of(String name, String host, int port) {
    return create(host, port).healthCheck(name);
  }

  /** The bare check, for composing or registering by hand. */
  public static TcpCheck create(String host, int port) {
    return new TcpCheck(host, port, HostLookup.SYSTEM);
  }

  /** This check resolving with {@code lookup}, for tests of a resolver that hangs. */
  TcpCheck lookup(HostLookup lookup) {
    return new TcpCheck(host, port, lookup);
  }

  /** A registration of this check with its componentType and componentId set. */
  public HealthCheck.Builder healthCheck(String name) {
    return HealthCheck.builder(name, this)
        .componentType("component")
        .componentId(CheckUri.hostAndPort(host, port));
  }

  @Override
  public Result check() {
    Deadline deadline = Deadline.current();
    InetSocketAddress address;
    try {
      address = lookup.address(host, port, deadline);
    } catch (IOException e) {
      return Result.fail(CheckUri.hostAndPort(host, port) + ": " + HostLookup.describe(e));
    }
    try (Socket socket = new Socket()) {
      socket.connect(address, deadline.remainingMillis("connect"));
      return Result.pass();
    } catch (IOException e) {
      return Result.fail(CheckUri.hostAndPort(host, port) + ": " + Outputs.describe(e));
    }
  }

  @Override
  public String toString() {
    return "TcpCheck{" + CheckUri.hostAndPort(host, port) + "}";
  }

  static String requireHost(String host) {
    Objects.requireNonNull(host, "host");
    if (host.isBlank() || host.chars().anyMatch(c -> c <= ' ' || c == '/' || c == '@')) {
      throw new IllegalArgumentException("host must be a host name or address: '" + host + "'");
    }
    return host;
  }
}
