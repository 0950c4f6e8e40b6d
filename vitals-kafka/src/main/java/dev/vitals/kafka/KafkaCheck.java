package dev.vitals.kafka;

import dev.vitals.Check;
import dev.vitals.Durations;
import dev.vitals.HealthCheck;
import dev.vitals.Outputs;
import dev.vitals.Result;
import dev.vitals.Status;
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
 * Checks a Kafka cluster with {@link Admin#describeCluster}: some broker must answer within the
 * check's timeout, the cluster must report an active controller, and at least {@link
 * #minBrokers(int) minBrokers} brokers (1 by default) must be alive.
 *
 * <pre>{@code
 * // The application's own Admin: no extra client, connection or thread per run.
 * vitals.register(KafkaCheck.of("kafka", admin).build());
 *
 * // A bootstrap URI, for services without an Admin and for the command line.
 * vitals.register(KafkaCheck.of("events", "kafka://app:s3cret@k1:9092,k2:9092?minBrokers=2",
 *     Duration.ofSeconds(2)).build());
 *
 * // Full client properties (TLS trust stores, SCRAM, OAuth…): an Admin per run from them.
 * vitals.register(KafkaCheck.create(adminProperties, Duration.ofSeconds(2))
 *     .minBrokers(3)
 *     .healthCheck("kafka")
 *     .build());
 * }</pre>
 *
 * <p><b>On the application's Admin</b>, each run sends one {@code describeCluster} with {@link
 * DescribeClusterOptions#timeoutMs} set from the time left before the deadline ({@link
 * Check#timeLeft(Duration)}) and waits on its futures no longer than that, so a run ends by its
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
 * by default. With user info the client authenticates with SASL ({@code PLAIN} unless {@code
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
  /** The timeout the factories use when none is given. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);

  private static final AtomicLong CLIENT_IDS = new AtomicLong();
  // Kept back from the Admin call so its own timeout (which names what it was waiting for) fires
  // before ours, and a per-run Admin is closed before the deadline.
  private static final long MAX_RESERVE_MILLIS = 100;

  private final Admin admin; // null: an Admin per run from config
  private final Map<String, Object> config; // per-run Admin properties; never shown
  private final String description; // safe to show, e.g. "kafka k1:9092,k2:9092"
  private final String servers; // componentId of a URI check, else null
  private final Duration timeout;
  private final int minBrokers;

  private KafkaCheck(
      Admin admin,
      Map<String, Object> config,
      String description,
      String servers,
      Duration timeout,
      int minBrokers) {
    this.admin = admin;
    this.config = config;
    this.description = description;
    this.servers = servers;
    this.timeout = timeout;
    this.minBrokers = minBrokers;
  }

  /**
   * A registration named {@code name} that describes the cluster through the application's
   * {@code admin} within 1 s; componentType {@code component}.
   */
  public static HealthCheck.Builder of(String name, Admin admin) {
    return of(name, admin, DEFAULT_TIMEOUT);
  }

  /**
   * As {@link #of(String, Admin)} with {@code timeout} bounding the run and set as the
   * registration's timeout.
   */
  public static HealthCheck.Builder of(String name, Admin admin, Duration timeout) {
    return create(admin, timeout).healthCheck(name);
  }

  /**
   * A registration named {@code name} that bootstraps an Admin from {@code uri} on every run,
   * within 1 s; componentId is the URI's bootstrap servers.
   *
   * @throws IllegalArgumentException if the URI is not a valid kafka URI (see the class doc)
   */
  public static HealthCheck.Builder of(String name, String uri) {
    return of(name, uri, DEFAULT_TIMEOUT);
  }

  /** As {@link #of(String, String)} with {@code timeout} bounding the run. */
  public static HealthCheck.Builder of(String name, String uri, Duration timeout) {
    return create(uri, timeout).healthCheck(name);
  }

  /** The bare check on the application's {@code admin}, which it never closes. */
  public static KafkaCheck create(Admin admin, Duration timeout) {
    Objects.requireNonNull(admin, "admin");
    return new KafkaCheck(
        admin, null, "kafka", null, Durations.requireTimeout("timeout", timeout), 1);
  }

  /** The bare check of a kafka URI; {@code minBrokers} in the URI sets {@link #minBrokers}. */
  public static KafkaCheck create(String uri, Duration timeout) {
    Objects.requireNonNull(uri, "uri");
    KafkaUri parsed = KafkaUri.parse(uri);
    return new KafkaCheck(
        null,
        Collections.unmodifiableMap(parsed.adminConfig()),
        "kafka " + parsed.servers(),
        parsed.servers(),
        Durations.requireTimeout("timeout", timeout),
        parsed.minBrokers());
  }

  /**
   * The bare check that creates an Admin from {@code adminConfig} (copied; {@code
   * bootstrap.servers} required) on every run. The check sets the client's timeouts from its
   * own; security and TLS settings are taken as given.
   */
  public static KafkaCheck create(Map<String, ?> adminConfig, Duration timeout) {
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
    return new KafkaCheck(
        null, copy, "kafka " + servers, servers, Durations.requireTimeout("timeout", timeout), 1);
  }

  /**
   * This check failing unless at least {@code minBrokers} brokers are alive. Set it to the
   * number of brokers the service's topics need (e.g. {@code min.insync.replicas}).
   */
  public KafkaCheck minBrokers(int minBrokers) {
    if (minBrokers < 1) {
      throw new IllegalArgumentException("minBrokers must be at least 1: " + minBrokers);
    }
    return new KafkaCheck(admin, config, description, servers, timeout, minBrokers);
  }

  /**
   * A registration of this check with its timeout and componentType set, and for a URI or
   * properties check its componentId.
   */
  public HealthCheck.Builder healthCheck(String name) {
    HealthCheck.Builder b =
        HealthCheck.builder(name, this).timeout(timeout).componentType("component");
    return servers == null ? b : b.componentId(servers);
  }

  /**
   * The registration's timeout, and the budget when the check runs outside the engine. Under
   * the engine every Kafka timeout comes from the execution's deadline ({@link
   * Check#timeLeft(Duration)}), so a timeout changed on the builder bounds the run too.
   */
  public Duration timeout() {
    return timeout;
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
    long budget = Check.timeLeft(timeout).toMillis();
    long start = System.nanoTime();
    long reserve = Math.min(MAX_RESERVE_MILLIS, budget / 10);
    int callMillis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, budget - reserve));
    if (admin != null) {
      return describe(admin, callMillis, budget, start);
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
      return describe(own, callMillis, budget, start);
    } finally {
      // The run's call has completed or timed out (its deadline was before ours), so the I/O
      // thread has no work left and exits at once; close() joins it, so nothing outlives the run.
      // The wait is bounded in case it has not: what is left of the budget, at least the reserve.
      own.close(Duration.ofMillis(Math.max(MAX_RESERVE_MILLIS, millisLeft(budget, start))));
    }
  }

  @Override
  public String toString() {
    return "KafkaCheck{" + (admin == null ? description : "application Admin")
        + ", minBrokers=" + minBrokers + ", timeout=" + timeout.toMillis() + " ms}";
  }

  private Result describe(Admin client, int callMillis, long budget, long start)
      throws InterruptedException {
    try {
      DescribeClusterResult cluster =
          client.describeCluster(new DescribeClusterOptions().timeoutMs(callMillis));
      Collection<Node> nodes = await(cluster.nodes(), budget, start);
      Node controller = await(cluster.controller(), budget, start);
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
      return noAnswer(budget, null);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (cause instanceof org.apache.kafka.common.errors.TimeoutException) {
        return noAnswer(budget, cause.getMessage());
      }
      return Result.fail(description + ": " + Outputs.describe(cause));
    } catch (RuntimeException e) {
      // A closed or broken Admin throws instead of failing the future.
      return Result.fail(description + ": " + Outputs.describe(e));
    }
  }

  private Result noAnswer(long budget, String detail) {
    return Result.fail(description + ": no broker answered within " + budget + " ms"
        + (detail == null || detail.isBlank() ? "" : " (" + Outputs.sanitize(detail) + ")"));
  }

  private static <T> T await(KafkaFuture<T> future, long budget, long start)
      throws InterruptedException, ExecutionException, java.util.concurrent.TimeoutException {
    return future.get(Math.max(1, millisLeft(budget, start)), TimeUnit.MILLISECONDS);
  }

  private static long millisLeft(long budget, long start) {
    return budget - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
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
