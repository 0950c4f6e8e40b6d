package dev.vitals.kafka;

import dev.vitals.testing.Services;
import dev.vitals.testing.TcpProxy;
import kafka.server.BrokerServer;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * One Kafka broker (KRaft, combined broker and controller) started inside the test JVM with
 * Kafka's own test kit, on three client listeners:
 *
 * <ul>
 *   <li>{@code EXTERNAL}: plain, on an ephemeral port ({@link #bootstrap()}).
 *   <li>{@code PROXIED}: plain, reached only through a {@link TcpProxy} ({@link #proxy()}). The
 *       broker advertises the proxy's port on this listener, so a client that bootstraps through
 *       the proxy sends every later request through it too, and {@code proxy().freeze()} hangs the
 *       whole conversation, not just the bootstrap.
 *   <li>{@code SASL}: SASL_PLAINTEXT with PLAIN, one user {@link #USER} / {@link #PASSWORD}.
 * </ul>
 */
final class KafkaBroker implements AutoCloseable {
  static final String USER = "app";
  /** Has a JAAS quote and backslash and URI-reserved characters, to prove they are escaped. */
  static final String PASSWORD = "pw-S3cret\"q\\7/@x";

  private final TcpProxy proxy;
  private final KafkaClusterTestKit cluster;
  private final int saslPort;

  private KafkaBroker(TcpProxy proxy, KafkaClusterTestKit cluster, int saslPort) {
    this.proxy = proxy;
    this.cluster = cluster;
    this.saslPort = saslPort;
  }

  static KafkaBroker start() throws Exception {
    // The proxy connects upstream only when a client connects, so it can exist before the
    // broker listens on the port it forwards to.
    int proxiedPort = Services.freePort();
    TcpProxy proxy = new TcpProxy("127.0.0.1", proxiedPort);
    KafkaClusterTestKit cluster = null;
    try {
      TestKitNodes nodes = new TestKitNodes.Builder()
          .setCombined(true)
          .setNumBrokerNodes(1)
          .setNumControllerNodes(1)
          .build();
      cluster = new KafkaClusterTestKit.Builder(nodes)
          .setConfigProp("listeners", "EXTERNAL://localhost:0,CONTROLLER://localhost:0,"
              + "PROXIED://127.0.0.1:" + proxiedPort + ",SASL://127.0.0.1:0")
          .setConfigProp("advertised.listeners", "EXTERNAL://localhost:0,CONTROLLER://localhost:0,"
              + "PROXIED://127.0.0.1:" + proxy.port() + ",SASL://127.0.0.1:0")
          .setConfigProp("listener.security.protocol.map",
              "EXTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT,PROXIED:PLAINTEXT,SASL:SASL_PLAINTEXT")
          .setConfigProp("sasl.enabled.mechanisms", "PLAIN")
          .setConfigProp("listener.name.sasl.plain.sasl.jaas.config",
              "org.apache.kafka.common.security.plain.PlainLoginModule required user_" + USER
                  + "=\"" + KafkaUri.jaasQuote(PASSWORD) + "\";")
          .build();
      cluster.format();
      cluster.startup();
      cluster.waitForReadyBrokers();
      BrokerServer broker = cluster.brokers().values().iterator().next();
      return new KafkaBroker(proxy, cluster, broker.boundPort(ListenerName.normalised("SASL")));
    } catch (Exception | Error e) {
      proxy.close();
      if (cluster != null) {
        new KafkaBroker(proxy, cluster, 0).close();
      }
      throw e;
    }
  }

  /** Bootstrap servers of the plain listener. */
  String bootstrap() {
    return cluster.bootstrapServers();
  }

  /** Bootstrap server through the proxy: {@code 127.0.0.1:port}. */
  String proxiedBootstrap() {
    return "127.0.0.1:" + proxy.port();
  }

  /** Bootstrap server of the SASL listener: {@code 127.0.0.1:port}. */
  String saslBootstrap() {
    return "127.0.0.1:" + saslPort;
  }

  TcpProxy proxy() {
    return proxy;
  }

  @Override
  public void close() {
    try {
      cluster.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      throw new IllegalStateException("cannot stop the test broker", e);
    } finally {
      proxy.close();
    }
  }
}
