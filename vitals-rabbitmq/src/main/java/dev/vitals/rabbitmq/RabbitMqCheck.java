package dev.vitals.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Command;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.Method;
import com.rabbitmq.client.Recoverable;
import dev.vitals.Check;
import dev.vitals.HealthCheck;
import dev.vitals.Result;
import dev.vitals.spi.CheckUri;
import dev.vitals.spi.Deadline;
import dev.vitals.spi.Outputs;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;

/**
 * Checks RabbitMQ through the RabbitMQ Java client ({@code com.rabbitmq:amqp-client} 5.x, which
 * the application brings): either the application's own {@link Connection}, or a broker named by
 * an {@code amqp://} URI.
 *
 * <pre>{@code
 * // The connection the application publishes and consumes on: no new connection per probe.
 * vitals.register(RabbitMqCheck.of("rabbitmq", connection).build());
 *
 * // A broker the application has no connection to: connects, logs in and closes on every run.
 * vitals.register(RabbitMqCheck.of("events", "amqps://app:s3cret@mq.internal/orders")
 *     .timeout(Duration.ofMillis(500)).critical(false).build());
 * }</pre>
 *
 * <p><b>The application's connection.</b> A run fails when the connection is closed (with the
 * broker's or the client's reason), and otherwise makes one round trip: a {@code basic.qos}
 * with the defaults on a channel the check opens on its first run and keeps (it counts toward
 * the connection's {@code channel_max}, carries no consumer and changes nothing). Opening or
 * closing a channel per run would be a round trip too, but the client waits for those replies
 * without honouring interrupts; the kept channel's {@code basic.qos} is sent asynchronously and
 * awaited for the time left before the registration's deadline ({@link Deadline#current()}), so
 * a hung broker fails the run at its deadline ("no reply to
 * basic.qos within N ms"). While that reply is still missing, later runs fail at once without
 * sending another. Only opening the channel (first run, or after the channel was lost) waits
 * for the connection's own {@code channelRpcTimeout}; the engine answers at the deadline
 * meanwhile and holds that one thread. A connection the broker has
 * <em>blocked</em> ({@code connection.blocked}: a memory or disk alarm stops every publisher)
 * warns with the broker's reason and how long it has lasted: consumers still work and every
 * instance of the service sees the same alarm, so failing readiness would only take the whole
 * fleet out. The check learns of blocking through a listener it adds when created, so create it
 * right after opening the connection. An auto-recovering connection keeps the check's channel
 * across recovery.
 *
 * <p><b>A URI.</b> {@code amqp[s]://[user:password@]host[:port][/vhost]}: port 5672 (amqps 5671),
 * user {@code guest}/{@code guest} when none is given, vhost {@code /} when the path is empty or
 * {@code /}, read by {@link CheckUri} like every check URI; percent-encode a {@code /} in the
 * vhost ({@code %2F} is {@code /}) and {@code /}, {@code ?}, {@code #} and {@code @} in the
 * password. No parameters but the policy ones: the check sets its own timeouts. {@code
 * amqps://} uses the JVM's default {@link SSLContext} and verifies the host name (unlike the
 * client's own {@code setUri}, which trusts every certificate). Each run builds a fresh {@link
 * ConnectionFactory} whose connect, handshake, RPC and close timeouts are the time left, so the
 * connect, the AMQP handshake (login and vhost) and the close all end by the deadline, and with
 * no automatic recovery, so nothing outlives the run.
 *
 * <p>componentType {@code component}, componentId {@code host:port}. Outputs start with {@code
 * rabbitmq host:port:}; passwords never appear in outputs, exceptions or {@link #toString()}.
 */
public final class RabbitMqCheck implements Check {
  private static final int AMQP_PORT = 5672;
  private static final int AMQPS_PORT = 5671;
  private static final Method QOS = new AMQP.Basic.Qos.Builder().prefetchCount(0).build();

  private final Connection connection; // null for a URI check
  private final Probe probe; // null for a URI check
  private final Target target; // null for a connection check

  private RabbitMqCheck(Connection connection, Target target) {
    this.connection = connection;
    this.probe = connection == null ? null : new Probe(connection);
    this.target = target;
  }

  /**
   * A registration named {@code name} that checks the application's {@code connection};
   * componentType {@code component}, componentId the broker's {@code host:port}. The
   * registration's timeout (1 s unless set) bounds the round trip.
   */
  public static HealthCheck.Builder of(String name, Connection connection) {
    return create(connection).healthCheck(name);
  }

  /**
   * A registration named {@code name} that connects to the broker at {@code uri} on every run.
   * The registration's timeout (1 s unless set) bounds each run.
   *
   * @throws IllegalArgumentException if the URI is not a valid amqp URI (see the class doc)
   */
  public static HealthCheck.Builder of(String name, String uri) {
    return create(uri).healthCheck(name);
  }

  /**
   * As {@link #of(String, String)} for a parsed URI, whose policy parameters are left to the
   * caller ({@link dev.vitals.CheckUris} applies them): what the {@code amqp://} provider calls.
   */
  public static HealthCheck.Builder of(String name, CheckUri uri) {
    return create(uri).healthCheck(name);
  }

  /**
   * The bare check of the application's {@code connection}. Adds a blocked listener to the
   * connection at once; the check's channel is opened on its first run.
   */
  public static RabbitMqCheck create(Connection connection) {
    Objects.requireNonNull(connection, "connection");
    return new RabbitMqCheck(connection, null);
  }

  /** The bare check of the broker at {@code uri}. */
  public static RabbitMqCheck create(String uri) {
    return create(CheckUri.parse(Objects.requireNonNull(uri, "uri")).requireNoPolicy());
  }

  /** The bare check of the broker at a parsed {@code uri}; its policy parameters are ignored. */
  public static RabbitMqCheck create(CheckUri uri) {
    return new RabbitMqCheck(null, Target.of(Objects.requireNonNull(uri, "uri")));
  }

  /** A registration of this check with its componentType and componentId set. */
  public HealthCheck.Builder healthCheck(String name) {
    return HealthCheck.builder(name, this).componentType("component").componentId(hostPort());
  }

  @Override
  public Result check() {
    Deadline deadline = Deadline.current();
    return probe != null ? probe.run(deadline) : target.run(deadline);
  }

  @Override
  public String toString() {
    return "RabbitMqCheck{"
        + (target == null ? "connection " + hostPort() : target.safeUri()) + "}";
  }

  private String hostPort() {
    return target != null
        ? target.hostPort()
        : CheckUri.hostAndPort(connection.getAddress().getHostAddress(), connection.getPort());
  }

  private static int millisLeft(Deadline deadline) {
    return (int) Math.min(Integer.MAX_VALUE, deadline.timeLeft().toMillis());
  }

  /** The state kept for the application's connection: its channel, last round trip, blocking. */
  private static final class Probe {
    private final Connection connection;
    private final String where;
    private volatile String blockedReason; // null while not blocked
    private volatile long blockedSince;
    private Channel channel; // guarded by this
    private CompletableFuture<Command> pending; // guarded by this; the last round trip
    private long pendingSince; // guarded by this

    Probe(Connection connection) {
      this.connection = connection;
      this.where =
          "rabbitmq " + CheckUri.hostAndPort(connection.getAddress().getHostAddress(),
              connection.getPort());
      connection.addBlockedListener(
          reason -> {
            blockedSince = System.nanoTime();
            blockedReason = reason == null || reason.isBlank() ? "no reason given" : reason;
          },
          () -> blockedReason = null);
      if (connection instanceof Recoverable) {
        // A recovered connection is a new one: the broker re-sends connection.blocked if the
        // alarm still holds.
        ((Recoverable) connection).addRecoveryListener(new com.rabbitmq.client.RecoveryListener() {
          @Override
          public void handleRecovery(Recoverable recoverable) {
            blockedReason = null;
          }

          @Override
          public void handleRecoveryStarted(Recoverable recoverable) {}
        });
      }
    }

    synchronized Result run(Deadline deadline) {
      long start = System.nanoTime();
      if (!connection.isOpen()) {
        return Result.fail(where + ": connection is closed"
            + (connection.getCloseReason() == null
                ? ""
                : ": " + Outputs.describe(connection.getCloseReason())));
      }
      if (pending != null && !pending.isDone()) {
        return Result.fail(where + ": no reply to basic.qos sent "
            + TimeUnit.NANOSECONDS.toMillis(start - pendingSince) + " ms ago");
      }
      try {
        if (channel == null || !channel.isOpen()) {
          channel = connection.createChannel();
          if (channel == null) {
            return Result.fail(where + ": no channel available (channel_max reached)");
          }
        }
        pendingSince = System.nanoTime();
        pending = channel.asyncCompletableRpc(QOS);
        pending.get(deadline.timeLeft().toNanos(), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        return Result.fail(
            where + ": no reply to basic.qos within " + deadline.budget().toMillis() + " ms");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Result.fail(where + ": interrupted waiting for basic.qos");
      } catch (ExecutionException e) {
        return Result.fail(where + ": " + Outputs.describe(e.getCause()));
      } catch (IOException | RuntimeException e) {
        return Result.fail(where + ": " + Outputs.describe(e));
      }
      String reason = blockedReason;
      if (reason != null) {
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - blockedSince);
        return Result.warn(where + ": blocked by the broker for " + seconds + " s: "
            + Outputs.sanitize(reason));
      }
      return Result.pass();
    }
  }

  /** A broker named by an amqp URI; the password is used and never shown. */
  private static final class Target {
    private final boolean tls;
    private final String host;
    private final int port;
    private final String vhost;
    private final String user;
    private final String password;

    private Target(boolean tls, String host, int port, String vhost, String user, String password) {
      this.tls = tls;
      this.host = host;
      this.port = port;
      this.vhost = vhost;
      this.user = user;
      this.password = password;
    }

    static Target of(CheckUri uri) {
      if (!uri.scheme().equals("amqp") && !uri.scheme().equals("amqps")) {
        throw new IllegalArgumentException("amqp URI must start with amqp:// or amqps://");
      }
      boolean tls = uri.scheme().equals("amqps");
      uri.requireKnownParameters(parameter -> false);
      if (uri.host() == null) {
        throw new IllegalArgumentException("amqp URI must have " + (uri.hosts(0).isEmpty()
            ? "a host" : "one host") + ": amqp[s]://[user:password@]host[:port][/vhost]");
      }
      String rawPath = uri.rawPath();
      if (rawPath.indexOf('/', 1) > 0) {
        throw new IllegalArgumentException(
            "amqp URI path must be one vhost (percent-encode '/' in a vhost or password as %2F)");
      }
      // The path less its '/' is the vhost, '/' when there is none.
      String vhost = rawPath.length() <= 1 ? "/" : uri.path().substring(1);
      if ((uri.user() == null) != (uri.password() == null)) {
        throw new IllegalArgumentException("amqp URI user info must be user:password");
      }
      return new Target(tls, uri.host(), uri.port(tls ? AMQPS_PORT : AMQP_PORT), vhost,
          uri.user() == null ? "guest" : uri.user(),
          uri.password() == null ? "guest" : uri.password());
    }

    String hostPort() {
      return CheckUri.hostAndPort(host, port);
    }

    String safeUri() {
      return (tls ? "amqps://" : "amqp://") + hostPort() + "/"
          + java.net.URLEncoder.encode(vhost, java.nio.charset.StandardCharsets.UTF_8);
    }

    Result run(Deadline deadline) {
      String where = "rabbitmq " + hostPort();
      ConnectionFactory factory = new ConnectionFactory();
      factory.setHost(host);
      factory.setPort(port);
      factory.setVirtualHost(vhost);
      factory.setUsername(user);
      factory.setPassword(password);
      factory.setAutomaticRecoveryEnabled(false);
      factory.setTopologyRecoveryEnabled(false);
      factory.setRequestedHeartbeat(0); // no heartbeat thread for a connection that lives a moment
      int left = millisLeft(deadline);
      factory.setConnectionTimeout(left);
      // The client waits handshakeTimeout / 2 for connection.start and again for connection.tune,
      // and channelRpcTimeout for connection.open: each single wait is at most the time left.
      factory.setHandshakeTimeout((int) Math.min(Integer.MAX_VALUE, 2L * left));
      factory.setChannelRpcTimeout(left);
      factory.setShutdownTimeout(0);
      if (tls) {
        try {
          factory.useSslProtocol(SSLContext.getDefault());
        } catch (NoSuchAlgorithmException e) {
          return Result.fail(where + ": no default TLS context: " + Outputs.describe(e));
        }
        factory.enableHostnameVerification();
      }
      Connection connection = null;
      try {
        connection = factory.newConnection("vitals health check");
        return Result.pass();
      } catch (TimeoutException | SocketTimeoutException e) {
        return Result.fail(where + ": connect or AMQP handshake timed out after "
            + deadline.budget().toMillis() + " ms");
      } catch (IOException | RuntimeException e) {
        return Result.fail(where + ": " + Outputs.describe(e, password));
      } finally {
        if (connection != null) {
          try {
            // Waits for close-ok at most the time left, then closes the socket regardless.
            connection.close(millisLeft(deadline));
          } catch (IOException | RuntimeException ignored) {
            // the run's verdict stands; the socket is closed either way
          }
        }
      }
    }
  }
}
