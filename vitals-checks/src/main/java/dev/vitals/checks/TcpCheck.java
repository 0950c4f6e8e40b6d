package dev.vitals.checks;

import dev.vitals.Check;
import dev.vitals.CheckUri;
import dev.vitals.Durations;
import dev.vitals.HealthCheck;
import dev.vitals.Outputs;
import dev.vitals.Result;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Objects;

/**
 * Checks that something accepts TCP connections on {@code host:port}: the connect must complete
 * within the timeout, then the socket is closed without sending a byte.
 *
 * <pre>{@code
 * Vitals.builder()
 *     .check(TcpCheck.of("smtp", "mail.internal", 25).critical(false))
 *     .build();
 * }</pre>
 *
 * <p>This proves the port is open and the listener's backlog has room, nothing more: a server
 * that accepts and then hangs passes. Prefer a protocol check (JDBC, Redis, HTTP) when one
 * exists. The host name is resolved by the JVM's resolver, which has no per-call timeout.
 */
public final class TcpCheck implements Check {
  /** The timeout the factories use when none is given. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);

  private final String host;
  private final int port;
  private final Duration timeout;

  private TcpCheck(String host, int port, Duration timeout) {
    this.host = requireHost(host);
    this.port = CheckUri.requirePort(port);
    this.timeout = Durations.requireTimeout("timeout", timeout);
  }

  /**
   * A registration named {@code name} that connects to {@code host:port} within 1 s;
   * componentType {@code component}, componentId {@code host:port}.
   */
  public static HealthCheck.Builder of(String name, String host, int port) {
    return of(name, host, port, DEFAULT_TIMEOUT);
  }

  /**
   * As {@link #of(String, String, int)} with {@code timeout} as both the connect timeout and the
   * registration's timeout.
   */
  public static HealthCheck.Builder of(String name, String host, int port, Duration timeout) {
    return create(host, port, timeout).healthCheck(name);
  }

  /** The bare check, for composing or registering by hand. */
  public static TcpCheck create(String host, int port, Duration timeout) {
    return new TcpCheck(host, port, timeout);
  }

  /** A registration of this check with its timeout, componentType and componentId set. */
  public HealthCheck.Builder healthCheck(String name) {
    return HealthCheck.builder(name, this)
        .timeout(timeout)
        .componentType("component")
        .componentId(CheckUri.hostAndPort(host, port));
  }

  /**
   * The registration's timeout, and the I/O budget when the check runs outside the engine.
   * Under the engine every socket timeout comes from the execution's deadline ({@link
   * dev.vitals.Check#timeLeft(Duration)}), so a timeout changed on the builder bounds the I/O
   * too.
   */
  public Duration timeout() {
    return timeout;
  }

  @Override
  public Result check() {
    try (Socket socket = new Socket()) {
      socket.connect(
          new InetSocketAddress(host, port),
          Deadline.ofExecution(timeout).remainingMillis("connect"));
      return Result.pass();
    } catch (IOException e) {
      return Result.fail(CheckUri.hostAndPort(host, port) + ": " + Outputs.describe(e));
    }
  }

  @Override
  public String toString() {
    return "TcpCheck{" + CheckUri.hostAndPort(host, port) + ", timeout=" + timeout.toMillis() + " ms}";
  }

  static String requireHost(String host) {
    Objects.requireNonNull(host, "host");
    if (host.isBlank() || host.chars().anyMatch(c -> c <= ' ' || c == '/' || c == '@')) {
      throw new IllegalArgumentException("host must be a host name or address: '" + host + "'");
    }
    return host;
  }
}
