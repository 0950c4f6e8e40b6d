package dev.vitals.checks;

import dev.vitals.Check;
import dev.vitals.HealthCheck;
import dev.vitals.Result;
import dev.vitals.spi.CheckUri;
import dev.vitals.spi.Deadline;
import dev.vitals.spi.Outputs;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Checks a Redis server over its own protocol: connect (TLS for {@code rediss://}), {@code AUTH}
 * when the URI has credentials, {@code SELECT} when it names a database, then {@code PING},
 * which must answer {@code +PONG}.
 *
 * <pre>{@code
 * Vitals.builder()
 *     .check(RedisCheck.of("cache", "redis://:s3cret@cache.internal:6379/2"))
 *     .check(RedisCheck.of("sessions", "rediss://app:s3cret@sessions:6380")
 *         .timeout(Duration.ofMillis(300))
 *         .critical(false))
 *     .build();
 * }</pre>
 *
 * <p>URI form: {@code redis[s]://[[user]:password@]host[:port][/db]}, port 6379 by default, read
 * by {@link CheckUri} like every check URI (so {@code redis://:50%off@cache} means the password
 * {@code 50%off} here as through {@link dev.vitals.CheckUris}); percent-encode {@code /}, {@code
 * ?}, {@code #} and {@code @} in the password. Anything else (a parameter, user info without a
 * colon, a non-numeric database) is rejected when the check is created; the message never
 * repeats the URI's credentials. {@code rediss://} uses the JVM's default
 * {@link SSLSocketFactory} and verifies the host name.
 *
 * <p>Each run opens one connection, sends its commands in one write, reads the replies and
 * closes. The host name lookup, the connect, the TLS handshake and every read share the registration's deadline
 * ({@link Deadline#current()}), so a hung server costs at most the registration's timeout. A
 * {@code -ERR}, {@code -NOAUTH} or {@code -WRONGPASS} reply fails the check with the server's
 * error line, with the password masked if it were echoed.
 */
public final class RedisCheck implements Check {
  private static final int DEFAULT_PORT = 6379;
  private static final int MAX_LINE = 4096;

  private final boolean tls;
  private final String host;
  private final int port;
  private final String user; // null: AUTH password only
  private final String password; // null: no AUTH
  private final int database; // -1: no SELECT
  private final HostLookup lookup;

  private RedisCheck(RedisCheck check, HostLookup lookup) {
    this.tls = check.tls;
    this.host = check.host;
    this.port = check.port;
    this.user = check.user;
    this.password = check.password;
    this.database = check.database;
    this.lookup = lookup;
  }

  private RedisCheck(CheckUri uri) {
    this.lookup = HostLookup.SYSTEM;
    if (!uri.scheme().equals("redis") && !uri.scheme().equals("rediss")) {
      throw new IllegalArgumentException("redis URI must start with redis:// or rediss://");
    }
    this.tls = uri.scheme().equals("rediss");
    uri.requireKnownParameters(parameter -> false);
    if (uri.host() == null) {
      throw new IllegalArgumentException("redis URI must have " + (uri.hosts(0).isEmpty()
          ? "a host" : "one host") + ": redis[s]://[[user]:password@]host[:port][/db]");
    }
    this.host = uri.host();
    this.port = uri.port(DEFAULT_PORT);
    String path = uri.path();
    if (path.isEmpty() || path.equals("/")) {
      this.database = -1;
    } else if (path.matches("/[0-9]{1,9}")) {
      this.database = Integer.parseInt(path.substring(1));
    } else {
      // Not quoted: an unencoded '/' in a password lands here.
      throw new IllegalArgumentException(
          "redis URI path must be empty or /<database number> (percent-encode '/' in a password)");
    }
    if (uri.user() != null && uri.password() == null) {
      throw new IllegalArgumentException("redis URI user info must be user:password or :password");
    }
    if (uri.password() != null && uri.password().isEmpty()) {
      throw new IllegalArgumentException("redis URI password must not be empty");
    }
    this.user = uri.user();
    this.password = uri.password();
  }

  /**
   * A registration named {@code name} that pings the server at {@code uri}; componentType {@code
   * datastore}, componentId {@code host:port}. The registration's timeout (1 s unless set) bounds
   * the whole exchange. The URI is parsed by {@link CheckUri#parse}, as {@link
   * dev.vitals.CheckUris} parses it, and must not carry policy parameters ({@code timeout},
   * {@code name}…): set those on the returned builder.
   *
   * @throws IllegalArgumentException if the URI is not a valid redis URI (see the class doc)
   */
  public static HealthCheck.Builder of(String name, String uri) {
    return create(uri).healthCheck(name);
  }

  /**
   * As {@link #of(String, String)} for a parsed URI, whose policy parameters are left to the
   * caller ({@link dev.vitals.CheckUris} applies them): what the {@code redis://} provider calls.
   */
  public static HealthCheck.Builder of(String name, CheckUri uri) {
    return create(uri).healthCheck(name);
  }

  /** The bare check, for composing or registering by hand. */
  public static RedisCheck create(String uri) {
    return create(CheckUri.parse(uri).requireNoPolicy());
  }

  /** The bare check of a parsed URI; its policy parameters are ignored. */
  public static RedisCheck create(CheckUri uri) {
    return new RedisCheck(Objects.requireNonNull(uri, "uri"));
  }

  /** This check resolving with {@code lookup}, for tests of a resolver that hangs. */
  RedisCheck lookup(HostLookup lookup) {
    return new RedisCheck(this, lookup);
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
    List<String> commands = new ArrayList<>(3);
    ByteArrayOutputStream request = new ByteArrayOutputStream();
    if (password != null) {
      commands.add("AUTH");
      if (user == null) {
        writeCommand(request, "AUTH", password);
      } else {
        writeCommand(request, "AUTH", user, password);
      }
    }
    if (database >= 0) {
      commands.add("SELECT");
      writeCommand(request, "SELECT", Integer.toString(database));
    }
    commands.add("PING");
    writeCommand(request, "PING");

    InetSocketAddress address;
    try {
      address = lookup.address(host, port, deadline);
    } catch (IOException e) {
      return Result.fail(where() + ": " + HostLookup.describe(e));
    }
    String step = "connect";
    try (Socket socket = connect(address, deadline)) {
      OutputStream out = socket.getOutputStream();
      out.write(request.toByteArray());
      out.flush();
      InputStream in = new BufferedInputStream(socket.getInputStream());
      for (String command : commands) {
        step = command;
        String reply = readLine(in, socket, deadline, command);
        String expected = command.equals("PING") ? "+PONG" : "+OK";
        if (reply.startsWith("-")) {
          return Result.fail(where() + ": " + command + " failed: "
              + Outputs.sanitize(reply.substring(1), password));
        }
        if (!reply.equals(expected)) {
          return Result.fail(where() + ": unexpected reply to " + command + ": "
              + Outputs.sanitize(reply, password));
        }
      }
      return Result.pass();
    } catch (SocketTimeoutException e) {
      // Which step the budget ran out in says more than "Read timed out".
      return Result.fail(
          where() + ": "
              + (!step.equals("connect")
                  ? "no reply to " + step + " within "
                  : tls ? "connect or TLS handshake timed out after " : "connect timed out after ")
              + deadline.budget().toMillis() + " ms");
    } catch (IOException e) {
      return Result.fail(where() + ": " + Outputs.describe(e, password));
    }
  }

  @Override
  public String toString() {
    return "RedisCheck{" + (tls ? "rediss" : "redis") + "://" + CheckUri.hostAndPort(host, port)
        + (database >= 0 ? "/" + database : "") + "}";
  }

  private String where() {
    return "redis " + CheckUri.hostAndPort(host, port);
  }

  private Socket connect(InetSocketAddress address, Deadline deadline) throws IOException {
    Socket plain = new Socket();
    try {
      plain.connect(address, deadline.remainingMillis("connect"));
      if (!tls) {
        return plain;
      }
      SSLSocket ssl =
          (SSLSocket) ((SSLSocketFactory) SSLSocketFactory.getDefault())
              .createSocket(plain, host, port, true);
      SSLParameters params = ssl.getSSLParameters();
      params.setEndpointIdentificationAlgorithm("HTTPS");
      ssl.setSSLParameters(params);
      ssl.setSoTimeout(deadline.remainingMillis("TLS handshake"));
      ssl.startHandshake();
      return ssl;
    } catch (IOException | RuntimeException e) {
      plain.close();
      throw e;
    }
  }

  /**
   * Reads one CRLF-terminated reply line. The socket timeout is reset to what is left before
   * every read (each buffer fill), so a server that trickles bytes cannot stretch the deadline.
   */
  private static String readLine(InputStream in, Socket socket, Deadline deadline, String command)
      throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(64);
    int previous = -1;
    while (true) {
      socket.setSoTimeout(deadline.remainingMillis(command));
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed before the reply to " + command);
      }
      if (previous == '\r' && b == '\n') {
        byte[] bytes = line.toByteArray();
        return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
      }
      if (line.size() >= MAX_LINE) {
        throw new IOException("reply to " + command + " is longer than " + MAX_LINE + " bytes");
      }
      line.write(b);
      previous = b;
    }
  }

  private static void writeCommand(ByteArrayOutputStream out, String... args) {
    StringBuilder s = new StringBuilder().append('*').append(args.length).append("\r\n");
    for (String arg : args) {
      byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
      s.append('$').append(bytes.length).append("\r\n").append(arg).append("\r\n");
    }
    out.writeBytes(s.toString().getBytes(StandardCharsets.UTF_8));
  }
}
