package dev.vitals.mqtt;

import dev.vitals.Check;
import dev.vitals.HealthCheck;
import dev.vitals.Result;
import dev.vitals.spi.CheckUri;
import dev.vitals.spi.Deadline;
import dev.vitals.spi.Outputs;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.eclipse.paho.client.mqttv3.IMqttAsyncClient;
import org.eclipse.paho.client.mqttv3.IMqttClient;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * Checks an MQTT broker through the Eclipse Paho MQTT v3 client ({@code
 * org.eclipse.paho:org.eclipse.paho.client.mqttv3} 1.2.5, which the application brings): either
 * the application's own client, or a broker named by an {@code mqtt://} URI. Paho is one small
 * jar with no dependencies and the most widely deployed JVM MQTT client; the HiveMQ client would
 * bring RxJava and Netty with it.
 *
 * <pre>{@code
 * // The client the application publishes and subscribes with: no new connection per probe.
 * vitals.register(MqttCheck.of("mqtt", client).build());
 *
 * // A broker the application has no client for: connects and disconnects on every run.
 * vitals.register(MqttCheck.of("mqtt", "mqtts://app:s3cret@broker.internal").build());
 * }</pre>
 *
 * <p><b>The application's client</b> ({@link IMqttClient} or {@link IMqttAsyncClient}). A run
 * fails unless {@code isConnected()}. That is all the check asks: Paho offers no round trip
 * without side effects. Its PINGREQ belongs to the keep-alive timer ({@code checkPing} sends
 * one only when keep-alive is due), and a QoS 1 publish would reach the application's {@code
 * MqttCallback.deliveryComplete} with a token it never made and take a slot of its in-flight
 * window. A broker that hangs is noticed by Paho's keep-alive, within about 1.5 keep-alive
 * intervals, after which the client is disconnected and the check fails; keep the application's
 * keep-alive short if that matters. No I/O happens, so the run ends at once.
 *
 * <p><b>A URI.</b> {@code mqtt[s]://[user[:password]@]host[:port]}, port 1883 (mqtts 8883), read
 * by {@link CheckUri} like every check URI; percent-encode {@code /}, {@code ?}, {@code #} and
 * {@code @} in the credentials. No path, no parameters but the policy ones. Each run connects
 * with a fresh client (MQTT 3.1.1, clean session, an in-memory store, no keep-alive pings, a
 * random client id {@code vitals-…}), waits for CONNACK for the time left before the
 * registration's deadline ({@link Deadline#current()}), and disconnects. The
 * broker's refusal (bad user name or password, not authorised) fails the run with its reason.
 * {@code mqtts://} uses the JVM's default TLS settings and verifies the host name. The check
 * builds Paho's connection options on every run from the time left; but Paho takes its TCP
 * connect timeout in whole seconds (rounded up), so against an address that drops packets its
 * connecting thread may outlive the run by under a second; the run itself still ends at its
 * deadline.
 *
 * <p>componentType {@code component}, componentId {@code host:port}. Outputs start with {@code
 * mqtt host:port:}; passwords never appear in outputs, exceptions or {@link #toString()}.
 */
public final class MqttCheck implements Check {
  private static final int MQTT_PORT = 1883;
  private static final int MQTTS_PORT = 8883;

  private final BooleanSupplier connected; // null for a URI check
  private final Supplier<String> serverUri; // null for a URI check
  private final boolean tls;
  private final String host; // null for a client check
  private final int port;
  private final String user; // null: none
  private final String password; // null: none

  private MqttCheck(BooleanSupplier connected, Supplier<String> serverUri, boolean tls, String host,
      int port, String user, String password) {
    this.connected = connected;
    this.serverUri = serverUri;
    this.tls = tls;
    this.host = host;
    this.port = port;
    this.user = user;
    this.password = password;
  }

  /**
   * A registration named {@code name} that checks the application's {@code client};
   * componentType {@code component}, componentId the broker's {@code host:port}.
   */
  public static HealthCheck.Builder of(String name, IMqttClient client) {
    return create(client).healthCheck(name);
  }

  /** As {@link #of(String, IMqttClient)} for an asynchronous client. */
  public static HealthCheck.Builder of(String name, IMqttAsyncClient client) {
    return create(client).healthCheck(name);
  }

  /**
   * A registration named {@code name} that connects to the broker at {@code uri} on every run.
   * The registration's timeout (1 s unless set) bounds each run. The URI is parsed by {@link
   * CheckUri#parse}, as {@link dev.vitals.CheckUris} parses it, and must not carry policy
   * parameters ({@code timeout}, {@code name}…): set those on the returned builder.
   *
   * @throws IllegalArgumentException if the URI is not a valid mqtt URI (see the class doc)
   */
  public static HealthCheck.Builder of(String name, String uri) {
    return create(uri).healthCheck(name);
  }

  /**
   * As {@link #of(String, String)} for a parsed URI, whose policy parameters are left to the
   * caller ({@link dev.vitals.CheckUris} applies them): what the {@code mqtt://} provider calls.
   */
  public static HealthCheck.Builder of(String name, CheckUri uri) {
    return create(uri).healthCheck(name);
  }

  /** The bare check of the application's {@code client}. */
  public static MqttCheck create(IMqttClient client) {
    Objects.requireNonNull(client, "client");
    return new MqttCheck(client::isConnected, client::getServerURI, false, null, 0, null, null);
  }

  /** The bare check of the application's asynchronous {@code client}. */
  public static MqttCheck create(IMqttAsyncClient client) {
    Objects.requireNonNull(client, "client");
    return new MqttCheck(client::isConnected, client::getServerURI, false, null, 0, null, null);
  }

  /** The bare check of the broker at {@code uri}. */
  public static MqttCheck create(String uri) {
    return create(CheckUri.parse(Objects.requireNonNull(uri, "uri")).requireNoPolicy());
  }

  /** The bare check of the broker at a parsed {@code uri}; its policy parameters are ignored. */
  public static MqttCheck create(CheckUri uri) {
    if (!uri.scheme().equals("mqtt") && !uri.scheme().equals("mqtts")) {
      throw new IllegalArgumentException("mqtt URI must start with mqtt:// or mqtts://");
    }
    boolean tls = uri.scheme().equals("mqtts");
    uri.requireKnownParameters(parameter -> false);
    if (!uri.path().isEmpty() && !uri.path().equals("/")) {
      throw new IllegalArgumentException("mqtt URI must not have a path, query or fragment"
          + " (percent-encode '/', '?' and '#' in a password)");
    }
    if (uri.host() == null) {
      throw new IllegalArgumentException("mqtt URI must have " + (uri.hosts(0).isEmpty()
          ? "a host" : "one host") + ": mqtt[s]://[user[:password]@]host[:port]");
    }
    if (uri.user() == null && uri.password() != null) {
      throw new IllegalArgumentException("mqtt URI user info must be user or user:password");
    }
    return new MqttCheck(null, null, tls, uri.host(), uri.port(tls ? MQTTS_PORT : MQTT_PORT),
        uri.user(), uri.password());
  }

  /** A registration of this check with its componentType and componentId set. */
  public HealthCheck.Builder healthCheck(String name) {
    HealthCheck.Builder builder = HealthCheck.builder(name, this).componentType("component");
    String id = hostPort();
    return id == null ? builder : builder.componentId(id);
  }

  @Override
  public Result check() {
    if (connected != null) {
      String id = hostPort();
      return connected.getAsBoolean()
          ? Result.pass()
          : Result.fail((id == null ? "mqtt" : "mqtt " + id) + ": client is not connected");
    }
    return connectOnce(Deadline.current());
  }

  @Override
  public String toString() {
    String id = hostPort();
    return "MqttCheck{" + (connected != null ? "client " : tls ? "mqtts://" : "mqtt://")
        + (id == null ? "?" : id) + "}";
  }

  private Result connectOnce(Deadline deadline) {
    Duration budget = deadline.timeLeft();
    String where = "mqtt " + hostPort();
    MqttConnectOptions options = new MqttConnectOptions();
    options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1); // no 3.1 retry: one attempt
    options.setCleanSession(true);
    options.setAutomaticReconnect(false);
    options.setKeepAliveInterval(0); // no ping timer for a connection that lives a moment
    options.setConnectionTimeout((int) Math.max(1, (budget.toMillis() + 999) / 1000));
    options.setHttpsHostnameVerificationEnabled(true);
    if (user != null) {
      options.setUserName(user);
    }
    if (password != null) {
      options.setPassword(password.toCharArray());
    }
    String clientId = "vitals-" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    MqttAsyncClient client = null;
    try {
      client = new MqttAsyncClient((tls ? "ssl://" : "tcp://") + hostPort(), clientId,
          new MemoryPersistence());
      IMqttToken token = client.connect(options);
      token.waitForCompletion(Math.max(1, budget.toMillis()));
      return Result.pass();
    } catch (MqttException e) {
      if (e.getReasonCode() == MqttException.REASON_CODE_CLIENT_TIMEOUT) {
        return Result.fail(where + ": connect or CONNACK timed out after "
            + deadline.budget().toMillis() + " ms");
      }
      return Result.fail(where + ": " + Outputs.sanitize(describe(e), password));
    } catch (RuntimeException e) {
      return Result.fail(where + ": " + Outputs.describe(e, password));
    } finally {
      if (client != null) {
        // The verdict is known: spend at most 100 ms saying goodbye (Paho waits out the whole
        // disconnect timeout when the broker closes first).
        close(client, Math.min(100, deadline.timeLeft().toMillis()));
      }
    }
  }

  /**
   * Says DISCONNECT when connected, waiting at most {@code millis} for it to be sent (Paho reads
   * 0 as "forever"), closes the socket, then releases the client's threads.
   */
  private static void close(MqttAsyncClient client, long millis) {
    try {
      client.disconnectForcibly(0, millis, client.isConnected());
    } catch (MqttException | RuntimeException ignored) {
      // not connected, or already gone
    }
    try {
      client.close(true);
    } catch (MqttException | RuntimeException ignored) {
      // the run's verdict stands
    }
  }

  /** Paho's message and reason code, then its cause: "Not authorized to connect (5)". */
  private static String describe(MqttException e) {
    String text = e.getMessage() + " (" + e.getReasonCode() + ")";
    return e.getCause() == null ? text : text + ": " + Outputs.describe(e.getCause());
  }

  private String hostPort() {
    if (host != null) {
      return CheckUri.hostAndPort(host, port);
    }
    try {
      // Paho's server URI (tcp://host:port, ssl://…), read by the one URI parser.
      CheckUri server = CheckUri.parse(serverUri.get());
      return server.hostAndPort(server.scheme().equals("ssl") ? MQTTS_PORT : MQTT_PORT);
    } catch (RuntimeException e) {
      return null;
    }
  }
}
