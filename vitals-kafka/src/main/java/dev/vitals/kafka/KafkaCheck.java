package dev.vitals.kafka;

import dev.vitals.Check;
import dev.vitals.HealthCheck;
import dev.vitals.Result;
import dev.vitals.Status;
import dev.vitals.spi.CheckUri;
import dev.vitals.spi.Deadline;
import dev.vitals.spi.Outputs;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;

/**
 * Checks a Kafka cluster with {@link Admin#describeCluster}: some broker must answer by the
 * registration's deadline, the cluster must report an active controller, and at least {@link
 * #minBrokers(int) minBrokers} brokers (1 by default) must be alive.
 *
 * <pre>{@code
 * // The application's own Admin: no extra client, connection or thread per run.
 * vitals.register(KafkaCheck.of("kafka", admin).build());
 *
 * // A bootstrap URI, for services without an Admin and for the command line.
 * vitals.register(KafkaCheck.of("events", "kafka://app:s3cret@k1:9092,k2:9092?minBrokers=2")
 *     .timeout(Duration.ofSeconds(2)).build());
 *
 * // Full client properties (TLS trust stores, SCRAM, OAuth…): an Admin per run from them.
 * vitals.register(KafkaCheck.create(adminProperties)
 *     .minBrokers(3)
 *     .healthCheck("kafka")
 *     .timeout(Duration.ofSeconds(2))
 *     .build());
 * }</pre>
 *
 * <p><b>On the application's Admin</b>, each run sends one {@code describeCluster} with {@link
 * DescribeClusterOptions#timeoutMs} set from the time left before the registration's deadline
 * ({@link Deadline#current()}) and waits on its futures no longer than that, so a run ends by its
 * deadline however the cluster behaves; the Admin keeps its own connections and thread. Prefer
 * this form: it checks the client the service really uses.
 *
 * <p><b>From a URI or properties</b>, each run creates an Admin with {@code request.timeout.ms},
 * {@code default.api.timeout.ms} and the socket connection setup timeouts set from the time left
 * (overriding any value in the properties), sends the same request and closes the Admin before it
 * returns, its I/O thread included: nothing outlives the run. A per-run Admin rather than one kept
 * per check, because a {@link Check} has no close hook: a kept Admin's thread, sockets and JMX
 * beans would outlive every check that is dropped or rebuilt. The cost is a fresh bootstrap
 * (connection, API versions, SASL/TLS handshake, metadata) per run, which is cheap at health-check
 * intervals, and the Admin's INFO log lines per run (its configuration dump, "Kafka version"):
 * turn {@code org.apache.kafka.clients.admin.AdminClientConfig} and {@code
 * org.apache.kafka.common.utils.AppInfoParser} down to WARN, or pass the application's Admin.
 * Creating the Admin resolves the bootstrap host names with the JVM's resolver, a lookup no Kafka
 * timeout bounds; a name that does not resolve fails at once ("No resolvable bootstrap urls").
 *
 * <p>URI form: {@code kafka://[user:password@]host[:port][,host[:port]…][?parameters]}, port 9092
 * by default, read by {@link CheckUri} like every check URI (IPv6 hosts in brackets). With user
 * info the client authenticates with SASL ({@code PLAIN} unless {@code
 * mechanism} says {@code SCRAM-SHA-256} or {@code SCRAM-SHA-512}); percent-encode reserved
 * characters in the password. Parameters: {@code minBrokers} (a whole number, at least 1), {@code
 * tls} ({@code true}: {@code SSL} or {@code SASL_SSL} with the JVM's default trust store), {@code
 * mechanism}. Anything else is rejected when the check is created; messages never repeat the
 * credentials.
 *
 * <p>What a pass means: a broker answered, the cluster named a controller and enough brokers are
 * registered and unfenced. The broker count is what the cluster reports alive, not a probe of
 * each broker. Kafka clients retry refused connections silently until their timeout, so a cluster
 * that is down fails at the deadline ("no broker answered within N ms") rather than at once.
 * Wrong credentials fail fast with Kafka's authentication error. The engine reports the run time
 * as {@code responseTime}; a pass carries "N brokers, controller id C" as its output. componentType
 * is {@code component}; a URI check's componentId is its bootstrap servers.
 */
public final class KafkaCheck implements Check {
  private static final AtomicLong CLIENT_IDS = new AtomicLong();
  // Kept back from the Admin call so its own timeout (which names what it was waiting for) fires
  // before ours, and a per-run Admin is closed before the deadline.
  private static final long MAX_RESERVE_MILLIS = 100;

  private final Admin admin; // null: an Admin per run from config
  private final Map<String, Object> config; // per-run Admin properties; never shown
  private final String description; // safe to show, e.g. "kafka k1:9092,k2:9092"
  private final String servers; // componentId of a URI check, else null
  private final int minBrokers;

  private KafkaCheck(
      Admin admin, Map<String, Object> config, String description, String servers, int minBrokers) {
    this.admin = admin;
    this.config = config;
    this.description = description;
    this.servers = servers;
    this.minBrokers = minBrokers;
  }

  /**
   * A registration named {@code name} that describes the cluster through the application's
   * {@code admin}; componentType {@code component}. The registration's timeout (1 s unless set)
   * bounds the run.
   */
  public static HealthCheck.Builder of(String name, Admin admin) {
    return create(admin).healthCheck(name);
  }

  /**
   * A registration named {@code name} that bootstraps an Admin from {@code uri} on every run;
   * componentId is the URI's bootstrap servers. The URI is parsed by {@link CheckUri#parse}, as
   * {@link dev.vitals.CheckUris} parses it, and must not carry policy parameters ({@code
   * timeout}, {@code name}…): set those on the returned builder.
   *
   * @throws IllegalArgumentException if the URI is not a valid kafka URI (see the class doc)
   */
  public static HealthCheck.Builder of(String name, String uri) {
    return create(uri).healthCheck(name);
  }

  /**
   * As {@link #of(String, String)} for a parsed URI, whose policy parameters are left to the
   * caller ({@link dev.vitals.CheckUris} applies them): what the {@code kafka://} provider calls.
   */
  public static HealthCheck.Builder of(String name, CheckUri uri) {
    return create(uri).healthCheck(name);
  }

  /** The bare check on the application's {@code admin}, which it never closes. */
  public static KafkaCheck create(Admin admin) {
    Objects.requireNonNull(admin, "admin");
    return new KafkaCheck(admin, null, "kafka", null, 1);
  }

  /** The bare check of a kafka URI; {@code minBrokers} in the URI sets {@link #minBrokers}. */
  public static KafkaCheck create(String uri) {
    return create(CheckUri.parse(Objects.requireNonNull(uri, "uri")).requireNoPolicy());
  }

  /** The bare check of a parsed kafka URI; its policy parameters are ignored. */
  public static KafkaCheck create(CheckUri uri) {
    KafkaUri parsed = KafkaUri.of(Objects.requireNonNull(uri, "uri"));
    return new KafkaCheck(
        null,
        Collections.unmodifiableMap(parsed.adminConfig()),
        "kafka " + parsed.servers(),
        parsed.servers(),
        parsed.minBrokers());
  }

  /**
   * The bare check that creates an Admin from {@code adminConfig} (copied; {@code
   * bootstrap.servers} required) on every run. The check sets the client's timeouts from the
   * time left on each run (overriding any in {@code adminConfig}); security and TLS settings are
   * taken as given.
   */
  public static KafkaCheck create(Map<String, ?> adminConfig) {
    Objects.requireNonNull(adminConfig, "adminConfig");
    Object bootstrap = adminConfig.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
    String list = bootstrap instanceof Collection<?>
        ? ((Collection<?>) bootstrap).stream().map(String::valueOf).collect(Collectors.joining(","))
        : String.valueOf(bootstrap == null ? "" : bootstrap);
    if (list.isBlank()) {
      throw new IllegalArgumentException("adminConfig must set bootstrap.servers");
    }
    Map<String, Object> copy = Collections.unmodifiableMap(new HashMap<>(adminConfig));
    String servers = Outputs.sanitize(list.replace(" ", ""));
    return new KafkaCheck(null, copy, "kafka " + servers, servers, 1);
  }

  /**
   * This check failing unless at least {@code minBrokers} brokers are alive. Set it to the
   * number of brokers the service's topics need (e.g. {@code min.insync.replicas}).
   */
  public KafkaCheck minBrokers(int minBrokers) {
    if (minBrokers < 1) {
      throw new IllegalArgumentException("minBrokers must be at least 1: " + minBrokers);
    }
    return new KafkaCheck(admin, config, description, servers, minBrokers);
  }

  /**
   * A registration of this check with its componentType set, and for a URI or properties check
   * its componentId.
   */
  public HealthCheck.Builder healthCheck(String name) {
    HealthCheck.Builder b = HealthCheck.builder(name, this).componentType("component");
    return servers == null ? b : b.componentId(servers);
  }

  /** The fewest live brokers that pass; 1 unless set. */
  public int minBrokers() {
    return minBrokers;
  }

  /**
   * Runs one {@code describeCluster}.
   *
   * @throws InterruptedException when the engine interrupts the run at its deadline
   */
  @Override
  public Result check() throws InterruptedException {
    Deadline deadline = Deadline.current();
    long left = deadline.timeLeft().toMillis();
    long reserve = Math.min(MAX_RESERVE_MILLIS, left / 10);
    int callMillis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, left - reserve));
    if (admin != null) {
      return describe(admin, callMillis, deadline);
    }
    Admin own;
    try {
      own = Admin.create(runConfig(callMillis));
    } catch (RuntimeException e) {
      // Bad properties, or no bootstrap address resolves: "Failed to create new
      // KafkaAdminClient" says nothing, its cause says why.
      Throwable why = e.getCause() == null ? e : e.getCause();
      return Result.fail(description + ": cannot create an Admin client: " + Outputs.describe(why));
    }
    try {
      return describe(own, callMillis, deadline);
    } finally {
      // The run's call has completed or timed out (its deadline was before ours), so the I/O
      // thread has no work left and exits at once; close() joins it, so nothing outlives the run.
      // The wait is bounded in case it has not: what is left of the budget, at least the reserve.
      own.close(Duration.ofMillis(Math.max(MAX_RESERVE_MILLIS, deadline.timeLeft().toMillis())));
    }
  }

  @Override
  public String toString() {
    return "KafkaCheck{" + (admin == null ? description : "application Admin")
        + ", minBrokers=" + minBrokers + "}";
  }

  private Result describe(Admin client, int callMillis, Deadline deadline)
      throws InterruptedException {
    try {
      DescribeClusterResult cluster =
          client.describeCluster(new DescribeClusterOptions().timeoutMs(callMillis));
      Collection<Node> nodes = await(cluster.nodes(), deadline);
      Node controller = await(cluster.controller(), deadline);
      int alive = nodes.size();
      if (controller == null || controller.isEmpty()) {
        return Result.fail(description + ": no active controller (" + brokers(alive) + " alive)");
      }
      if (alive < minBrokers) {
        return Result.fail(
            description + ": " + brokers(alive) + " alive, at least " + minBrokers + " required");
      }
      return Result.of(Status.PASS, brokers(alive) + ", controller id " + controller.id());
    } catch (java.util.concurrent.TimeoutException e) {
      return noAnswer(deadline, null);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (cause instanceof org.apache.kafka.common.errors.TimeoutException) {
        return noAnswer(deadline, cause.getMessage());
      }
      return Result.fail(description + ": " + Outputs.describe(cause));
    } catch (RuntimeException e) {
      // A closed or broken Admin throws instead of failing the future.
      return Result.fail(description + ": " + Outputs.describe(e));
    }
  }

  private Result noAnswer(Deadline deadline, String detail) {
    return Result.fail(description + ": no broker answered within "
        + deadline.budget().toMillis() + " ms"
        + (detail == null || detail.isBlank() ? "" : " (" + Outputs.sanitize(detail) + ")"));
  }

  private static <T> T await(KafkaFuture<T> future, Deadline deadline)
      throws InterruptedException, ExecutionException, java.util.concurrent.TimeoutException {
    return future.get(deadline.timeLeft().toNanos(), TimeUnit.NANOSECONDS);
  }

  private Map<String, Object> runConfig(int callMillis) {
    Map<String, Object> props = new HashMap<>(config);
    String millis = Integer.toString(callMillis);
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
    // Known since kafka-clients 2.7 / 3.7: set only where the client knows them, so an older
    // client does not log "supplied but isn't a known config" on every run.
    putIfKnown(props, "socket.connection.setup.timeout.ms", millis);
    putIfKnown(props, "socket.connection.setup.timeout.max.ms", millis);
    putIfKnown(props, "enable.metrics.push", "false");
    props.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG,
        "vitals-kafka-check-" + CLIENT_IDS.incrementAndGet());
    return props;
  }

  private static void putIfKnown(Map<String, Object> props, String key, String value) {
    if (AdminClientConfig.configNames().contains(key)) {
      props.put(key, value);
    }
  }

  private static String brokers(int n) {
    return n == 1 ? "1 broker" : n + " brokers";
  }
}
