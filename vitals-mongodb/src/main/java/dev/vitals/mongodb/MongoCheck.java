package dev.vitals.mongodb;

import com.mongodb.MongoClientSettings;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoCredential;
import com.mongodb.MongoInterruptedException;
import com.mongodb.MongoSecurityException;
import com.mongodb.MongoSocketReadTimeoutException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.ServerAddress;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.connection.ClusterDescription;
import com.mongodb.connection.ClusterSettings;
import com.mongodb.connection.ServerConnectionState;
import com.mongodb.connection.ServerDescription;
import dev.vitals.Check;
import dev.vitals.HealthCheck;
import dev.vitals.Result;
import dev.vitals.spi.CheckUri;
import dev.vitals.spi.Deadline;
import dev.vitals.spi.Outputs;
import java.net.ConnectException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.bson.Document;

/**
 * Checks MongoDB through the official Java driver ({@code org.mongodb:mongodb-driver-sync} 5.2 or
 * later, which the application brings): the {@code ping} command on the {@code admin} database,
 * either through the application's own {@link MongoClient} or through a client made for a {@code
 * mongodb://} or {@code mongodb+srv://} URI.
 *
 * <pre>{@code
 * // The client the application reads and writes with: its pool, its credentials, no new client.
 * vitals.register(MongoCheck.of("mongodb", mongoClient).build());
 *
 * // A deployment the application has no client for, and the command line.
 * vitals.register(MongoCheck.of("orders", "mongodb://app:s3cret@db1,db2/orders?replicaSet=rs0")
 *     .timeout(Duration.ofMillis(500)).build());
 * }</pre>
 *
 * <p><b>Bounded by the deadline.</b> The driver's own limits are far longer than a check's
 * timeout (server selection 30 s, connect 10 s, socket reads unbounded by default), so each run
 * sends {@code ping} through {@link com.mongodb.client.MongoDatabase#withTimeout} set to the time
 * left before the registration's deadline ({@link Deadline#current()}), less a small reserve so
 * that the driver's timeout fires first and names what it waited for. That per-operation
 * timeout (CSOT, {@code timeoutMS}) bounds server selection (in place of {@code
 * serverSelectionTimeoutMS}), the wait for a pooled connection, opening a new one (the TCP
 * connect takes the smaller of {@code connectTimeoutMS} and the time left; the TLS and MongoDB
 * handshakes, authentication included, the time left) and the command's reply (in place of
 * {@code socketTimeoutMS}); a timed-out connection is closed by the driver, not reused. The
 * driver still marks this per-operation timeout {@code @Alpha}: should a later driver change it,
 * this module follows. It cannot bound
 * the host name lookup the driver makes with the JVM's resolver when it opens a new pooled
 * connection on the run's thread: should that hang, the engine still answers at the deadline
 * and, one execution per check at a time, holds only this check's thread until the lookup
 * returns. Nothing else of the application's client changes: its settings, pool and monitors
 * stay as they are.
 *
 * <p><b>The application's client.</b> The ping goes to the primary (the driver's {@code
 * runCommand} default), so a replica set without a primary fails the run, as writes would. A
 * run fails with what the driver saw: "no server available within N ms" with each server's
 * problem ("connection refused by db1:27017"), "ping timed out after N ms", "authentication
 * failed for user U on admin: …", or the command's error.
 *
 * <p><b>A URI.</b> {@code mongodb://[user:password@]host[:27017][,host[:port]…][/db][?parameters]}
 * or {@code mongodb+srv://[user:password@]host[/db][?parameters]}, read by {@link CheckUri} like
 * every check URI (IPv6 hosts in brackets; percent-encode {@code /}, {@code ?}, {@code #} and
 * {@code @} in the password) and handed to the driver as settings, never as text. Parameters:
 * {@code authSource} (default: the path's database, else {@code admin}), {@code authMechanism}
 * ({@code SCRAM-SHA-1} or {@code SCRAM-SHA-256}; default: negotiated), {@code tls} ({@code
 * true}/{@code false}; on by default for {@code mongodb+srv}, with the JVM's trust store and host
 * name verification), {@code replicaSet}, {@code directConnection}. Anything else is rejected
 * when the check is created. A {@code mongodb+srv} host's SRV records are polled by the driver
 * in the background, within server selection; its TXT records (default options) are not read,
 * so give {@code replicaSet} or {@code authSource} in the URI if the deployment needs them.
 * Each run creates a client with {@code timeoutMS}, {@code serverSelectionTimeoutMS} and {@code
 * connectTimeoutMS} set to the time left, pings and closes it, its monitor threads included: a
 * {@link Check} has no close hook, so a kept client would outlive a dropped check. The cost is a
 * connection and handshake per run, cheap at health-check intervals, and the driver's INFO log
 * line per client ({@code org.mongodb.driver.client}). A server that is down fails at the
 * deadline, not at once, naming why: the driver retries server selection until its timeout.
 *
 * <p>componentType {@code datastore}, componentId the {@code host:port} list (a {@code
 * mongodb+srv} host name as it is). Outputs start with {@code mongodb host:port:}; passwords
 * never appear in outputs, exceptions or {@link #toString()}.
 */
public final class MongoCheck implements Check {
  private static final Document PING = new Document("ping", 1);
  // Kept back from the driver's timeout so that it fires, naming what it waited for, before the
  // engine's deadline, and a per-run client is closed by then.
  private static final long MAX_RESERVE_MILLIS = 100;

  private final MongoClient client; // null: a client per run for target
  private final MongoUri target; // null: the application's client
  private final String servers; // componentId
  private final String where; // the outputs' prefix, e.g. "mongodb db1:27017"

  private MongoCheck(MongoClient client, MongoUri target, String servers, String where) {
    this.client = client;
    this.target = target;
    this.servers = servers;
    this.where = where;
  }

  /**
   * A registration named {@code name} that pings through the application's {@code client};
   * componentType {@code datastore}, componentId the client's hosts. The registration's timeout
   * (1 s unless set) bounds the run.
   */
  public static HealthCheck.Builder of(String name, MongoClient client) {
    return create(client).healthCheck(name);
  }

  /**
   * A registration named {@code name} that connects to the deployment at {@code uri} on every
   * run. The URI is parsed by {@link CheckUri#parse}, as {@link dev.vitals.CheckUris} parses it,
   * and must not carry policy parameters ({@code timeout}, {@code name}…): set those on the
   * returned builder.
   *
   * @throws IllegalArgumentException if the URI is not a valid mongodb URI (see the class doc)
   */
  public static HealthCheck.Builder of(String name, String uri) {
    return create(uri).healthCheck(name);
  }

  /**
   * As {@link #of(String, String)} for a parsed URI, whose policy parameters are left to the
   * caller ({@link dev.vitals.CheckUris} applies them): what the {@code mongodb://} provider
   * calls.
   */
  public static HealthCheck.Builder of(String name, CheckUri uri) {
    return create(uri).healthCheck(name);
  }

  /** The bare check of the application's {@code client}, which it never closes. */
  public static MongoCheck create(MongoClient client) {
    Objects.requireNonNull(client, "client");
    ClusterSettings cluster = client.getClusterDescription().getClusterSettings();
    String servers = cluster.getSrvHost() != null
        ? cluster.getSrvHost()
        : cluster.getHosts().stream().map(MongoCheck::hostAndPort).collect(Collectors.joining(","));
    return new MongoCheck(client, null, servers, "mongodb " + servers);
  }

  /** The bare check of the deployment at {@code uri}. */
  public static MongoCheck create(String uri) {
    return create(CheckUri.parse(Objects.requireNonNull(uri, "uri")).requireNoPolicy());
  }

  /** The bare check of the deployment at a parsed {@code uri}; its policy parameters are ignored. */
  public static MongoCheck create(CheckUri uri) {
    MongoUri target = MongoUri.of(Objects.requireNonNull(uri, "uri"));
    return new MongoCheck(null, target, target.servers(), target.description());
  }

  /** A registration of this check with its componentType and componentId set. */
  public HealthCheck.Builder healthCheck(String name) {
    return HealthCheck.builder(name, this).componentType("datastore").componentId(servers);
  }

  /** Sends one {@code ping}, with a client of its own for a URI check. */
  @Override
  public Result check() {
    Deadline deadline = Deadline.current();
    long call = callMillis(deadline);
    if (client != null) {
      return ping(client, call, deadline, null);
    }
    MongoClientSettings settings = target.settings()
        .timeout(call, TimeUnit.MILLISECONDS)
        .applyToClusterSettings(b -> b.serverSelectionTimeout(call, TimeUnit.MILLISECONDS))
        .applyToSocketSettings(b -> b.connectTimeout((int) call, TimeUnit.MILLISECONDS))
        .applicationName("vitals health check")
        .build();
    MongoClient own;
    try {
      own = MongoClients.create(settings);
    } catch (RuntimeException e) {
      return Result.fail(where + ": cannot create a client: " + reason(e, target.password()));
    }
    try (own) {
      // close() stops the client's monitor threads and closes its connections; it does not wait
      // for a server. The time left is read again: creating the first client of a cold JVM
      // (the command's) loads the driver, which can take a good part of the deadline.
      return ping(own, callMillis(deadline), deadline, target.password());
    }
  }

  /** The time left, less a reserve for the answer to reach the engine before its deadline. */
  private static long callMillis(Deadline deadline) {
    long left = deadline.timeLeft().toMillis();
    return Math.max(1, left - Math.min(MAX_RESERVE_MILLIS, left / 10));
  }

  @Override
  public String toString() {
    return "MongoCheck{" + (client == null ? where : "application MongoClient " + servers) + "}";
  }

  private Result ping(MongoClient on, long callMillis, Deadline deadline, String secret) {
    try {
      on.getDatabase("admin").withTimeout(callMillis, TimeUnit.MILLISECONDS).runCommand(PING);
      return Result.pass();
    } catch (MongoTimeoutException e) { // MongoOperationTimeoutException included
      return Result.fail(where + ": " + timedOut(on.getClusterDescription(), e, deadline, secret));
    } catch (MongoSecurityException e) {
      MongoCredential who = e.getCredential();
      return Result.fail(Outputs.sanitize(where + ": authentication failed for user "
          + who.getUserName() + " on " + who.getSource() + ": "
          + reason(e.getCause() == null ? e : e.getCause(), secret), secret));
    } catch (MongoInterruptedException e) {
      Thread.currentThread().interrupt();
      return Result.fail(where + ": interrupted at the deadline");
    } catch (RuntimeException e) {
      return Result.fail(where + ": " + reason(e, secret));
    }
  }

  /**
   * Why the driver gave up: no server was selectable (with each server's problem, as the
   * client's monitors last saw it), or the command itself got no reply in time.
   */
  private static String timedOut(ClusterDescription cluster, MongoTimeoutException e,
      Deadline deadline, String secret) {
    long budget = deadline.budget().toMillis();
    if (cluster.hasWritableServer()) {
      String why = reason(e, secret);
      return "ping timed out after " + budget + " ms ("
          + (why.startsWith("SocketTimeoutException") ? "no reply" : why) + ")";
    }
    List<String> problems = new ArrayList<>();
    if (cluster.getSrvResolutionException() != null) {
      problems.add("SRV lookup: " + reason(cluster.getSrvResolutionException(), secret));
    }
    for (ServerDescription server : cluster.getServerDescriptions()) {
      String at = hostAndPort(server.getAddress());
      Throwable error = server.getException();
      String why = error == null ? null : reason(error, secret);
      if ("connection refused".equals(why)) {
        problems.add("connection refused by " + at);
      } else if (error instanceof MongoSocketReadTimeoutException
          || (error == null && server.getState() == ServerConnectionState.CONNECTING)) {
        // Connected, and the monitor's hello got no reply yet, or none within its own timeout.
        problems.add(at + ": no answer");
      } else if (error != null) {
        problems.add(at + ": " + why);
      } else {
        problems.add(at + ": " + server.getType());
      }
    }
    return "no server available within " + budget + " ms"
        + (problems.isEmpty() ? "" : " (" + String.join("; ", problems) + ")");
  }

  /** The innermost cause in one line: a server's error by code, a refusal by name. */
  private static String reason(Throwable error, String secret) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (root instanceof MongoCommandException) {
      MongoCommandException c = (MongoCommandException) root;
      return Outputs.sanitize("error " + c.getErrorCode() + " (" + c.getErrorCodeName() + "): "
          + c.getErrorMessage(), secret);
    }
    if (root instanceof ConnectException
        && String.valueOf(root.getMessage()).toLowerCase(Locale.ROOT).contains("refused")) {
      return "connection refused";
    }
    return Outputs.describe(root, secret);
  }

  private static String hostAndPort(ServerAddress address) {
    return CheckUri.hostAndPort(address.getHost(), address.getPort());
  }
}
