package dev.vitals.nats;

import dev.vitals.Check;
import dev.vitals.HealthCheck;
import dev.vitals.Result;
import dev.vitals.spi.CheckUri;
import dev.vitals.spi.Deadline;
import dev.vitals.spi.Outputs;
import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeoutException;

/**
 * Checks NATS through jnats ({@code io.nats:jnats} 2.x, which the application brings): either the
 * application's own {@link Connection}, or a server named by a {@code nats://} URI.
 *
 * <pre>{@code
 * // The connection the application publishes and subscribes on: no new connection per probe.
 * vitals.register(NatsCheck.of("nats", connection).build());
 *
 * // A server the application has no connection to: connects and closes on every run.
 * vitals.register(NatsCheck.of("nats", "nats://app:s3cret@nats.internal:4222").build());
 * }</pre>
 *
 * <p><b>The application's connection.</b> A run fails unless the connection's status is {@code
 * CONNECTED} (so it fails while jnats reconnects), then makes one round trip: {@link
 * Connection#flush(Duration)}, a PING the server must answer with PONG within the time left
 * before the registration's deadline ({@link Deadline#current()}): "no PONG within N ms". The
 * flush also sends whatever the application had buffered, which jnats would send anyway. A PING
 * left unanswered stays queued in jnats and counts toward its {@code maxPingsOut}, so a hung
 * server is declared stale a little sooner; nothing else changes.
 *
 * <p><b>A URI.</b> {@code nats://[user:password@ | token@]host[:port][,host[:port]…]}, port 4222
 * by default, read by {@link CheckUri} like every check URI; percent-encode {@code /}, {@code ?},
 * {@code #} and {@code @} in the credentials. No path, no parameters but the policy ones. Each run
 * builds its jnats {@link Options} afresh: the servers in the URI's order, each with a connection
 * timeout of an equal share of the time left (covering the TCP connect, the server's INFO,
 * CONNECT with the credentials, and the PING/PONG that confirms them), so that trying them all
 * ends by the deadline; no reconnects, no servers discovered from the cluster, and an error
 * listener that only keeps the reason for the output (nothing is logged). A run passes when one
 * server accepts it, then closes. jnats is handed the URLs without credentials, so its own
 * messages cannot quote them.
 *
 * <p>componentType {@code component}, componentId {@code host:port} (the list, for several).
 * Outputs start with {@code nats host:port:}; passwords and tokens never appear in outputs,
 * exceptions or {@link #toString()}.
 */
public final class NatsCheck implements Check {
  private static final int DEFAULT_PORT = 4222;

  private final Connection connection; // null for a URI check
  private final List<String> servers; // host:port each; empty for a connection check
  private final String user; // null: no user
  private final String secret; // password, or the token when user is null; null: none

  private NatsCheck(Connection connection, List<String> servers, String user, String secret) {
    this.connection = connection;
    this.servers = servers;
    this.user = user;
    this.secret = secret;
  }

  /**
   * A registration named {@code name} that checks the application's {@code connection};
   * componentType {@code component}, componentId the connected server's {@code host:port} (as
   * known when the registration is made). The registration's timeout (1 s unless set) bounds the
   * round trip.
   */
  public static HealthCheck.Builder of(String name, Connection connection) {
    return create(connection).healthCheck(name);
  }

  /**
   * A registration named {@code name} that connects to the server at {@code uri} on every run.
   * The registration's timeout (1 s unless set) bounds each run.
   *
   * @throws IllegalArgumentException if the URI is not a valid nats URI (see the class doc)
   */
  public static HealthCheck.Builder of(String name, String uri) {
    return create(uri).healthCheck(name);
  }

  /**
   * As {@link #of(String, String)} for a parsed URI, whose policy parameters are left to the
   * caller ({@link dev.vitals.CheckUris} applies them): what the {@code nats://} provider calls.
   */
  public static HealthCheck.Builder of(String name, CheckUri uri) {
    return create(uri).healthCheck(name);
  }

  /** The bare check of the application's {@code connection}. */
  public static NatsCheck create(Connection connection) {
    Objects.requireNonNull(connection, "connection");
    return new NatsCheck(connection, List.of(), null, null);
  }

  /** The bare check of the server at {@code uri}. */
  public static NatsCheck create(String uri) {
    return create(CheckUri.parse(Objects.requireNonNull(uri, "uri")).requireNoPolicy());
  }

  /** The bare check of the servers of a parsed {@code uri}; its policy parameters are ignored. */
  public static NatsCheck create(CheckUri uri) {
    if (!uri.scheme().equals("nats")) {
      throw new IllegalArgumentException("nats URI must start with nats://");
    }
    uri.requireKnownParameters(parameter -> false);
    if (!uri.path().isEmpty() && !uri.path().equals("/")) {
      throw new IllegalArgumentException("nats URI must not have a path, query or fragment"
          + " (percent-encode '/', '?' and '#' in a password)");
    }
    List<String> servers = uri.hosts(DEFAULT_PORT);
    if (servers.isEmpty()) {
      throw new IllegalArgumentException(
          "nats URI must have a host: nats://[user:password@ | token@]host[:port]");
    }
    String password = uri.password();
    if (password != null && (password.isEmpty() || uri.user() == null)) {
      throw new IllegalArgumentException("nats URI user info must be user:password or a token");
    }
    return password == null
        ? new NatsCheck(null, servers, null, uri.user()) // a lone user info is a token
        : new NatsCheck(null, servers, uri.user(), password);
  }

  /** A registration of this check with its componentType and componentId set. */
  public HealthCheck.Builder healthCheck(String name) {
    HealthCheck.Builder builder = HealthCheck.builder(name, this).componentType("component");
    String id = hostPort();
    return id == null ? builder : builder.componentId(id);
  }

  @Override
  public Result check() {
    Deadline deadline = Deadline.current();
    return connection != null ? checkConnection(deadline) : checkUri(deadline);
  }

  @Override
  public String toString() {
    String id = hostPort();
    return "NatsCheck{" + (connection != null ? "connection " : "nats://")
        + (id == null ? "(not connected)" : id) + "}";
  }

  private Result checkConnection(Deadline deadline) {
    String id = hostPort();
    String where = id == null ? "nats" : "nats " + id;
    Connection.Status status = connection.getStatus();
    if (status != Connection.Status.CONNECTED) {
      return Result.fail(where + ": connection is " + status.name().toLowerCase(Locale.ROOT));
    }
    try {
      connection.flush(deadline.timeLeft());
      return Result.pass();
    } catch (TimeoutException e) {
      return Result.fail(where + ": no PONG within " + deadline.budget().toMillis() + " ms");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Result.fail(where + ": interrupted waiting for PONG");
    } catch (RuntimeException e) {
      return Result.fail(where + ": " + Outputs.describe(e));
    }
  }

  private Result checkUri(Deadline deadline) {
    String where = "nats " + hostPort();
    Recorder recorder = new Recorder();
    Options.Builder options = new Options.Builder()
        .servers(servers.stream().map(server -> "nats://" + server).toArray(String[]::new))
        .connectionName("vitals health check")
        .connectionTimeout(deadline.timeLeft().dividedBy(servers.size()))
        .noReconnect()
        .noRandomize()
        .ignoreDiscoveredServers()
        .errorListener(recorder);
    if (user != null) {
      options.userInfo(user.toCharArray(), secret.toCharArray());
    } else if (secret != null) {
      options.token(secret.toCharArray());
    }
    Connection opened = null;
    try {
      opened = Nats.connect(options.build());
      return Result.pass();
    } catch (IOException | RuntimeException e) {
      return Result.fail(
          where + ": " + Outputs.sanitize(describe(e, recorder.last, deadline.budget()), secret));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Result.fail(where + ": interrupted while connecting");
    } finally {
      if (opened != null) {
        try {
          opened.close();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } catch (RuntimeException ignored) {
          // the run's verdict stands
        }
      }
    }
  }

  /**
   * What went wrong: jnats reports "Unable to connect to NATS servers" and hands the reason
   * (refused, timed out) to the error listener, so the recorded one is shown when there is one.
   */
  private static String describe(Exception e, Exception recorded, Duration budget) {
    boolean generic = e.getCause() == null && String.valueOf(e.getMessage()).startsWith("Unable to connect");
    Throwable shown = generic && recorded != null ? recorded : e;
    for (Throwable t = shown; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof TimeoutException || t instanceof java.net.SocketTimeoutException) {
        return "connect timed out after " + budget.toMillis() + " ms";
      }
    }
    return Outputs.describe(shown);
  }

  /** Keeps the last exception jnats reports during one run; logs nothing. */
  private static final class Recorder implements ErrorListener {
    volatile Exception last;

    @Override
    public void exceptionOccurred(Connection conn, Exception exp) {
      last = exp;
    }
  }

  private String hostPort() {
    if (connection == null) {
      return String.join(",", servers);
    }
    String url = connection.getConnectedUrl();
    try {
      // jnats' URL of the server it is connected to, read by the one URI parser.
      return url == null ? null : CheckUri.parse(url).hostAndPort(DEFAULT_PORT);
    } catch (RuntimeException e) {
      return null;
    }
  }
}
