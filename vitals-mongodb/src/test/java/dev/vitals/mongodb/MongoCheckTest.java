package dev.vitals.mongodb;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.MongoClientSettings;
import com.mongodb.ServerAddress;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerError;
import dev.vitals.CheckUris;
import dev.vitals.HealthCheck;
import dev.vitals.Result;
import dev.vitals.Status;
import dev.vitals.testing.Services;
import dev.vitals.testing.SilentServer;
import dev.vitals.testing.TcpProxy;
import dev.vitals.testing.Threads;
import dev.vitals.testing.Timing;
import io.netty.channel.Channel;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Against mongo-java-server, a MongoDB wire-protocol server run in this JVM (not mongod): one
 * plain, one behind the freezable proxy, one that refuses every login as mongod refuses a wrong
 * password.
 */
class MongoCheckTest {
  private static final Duration SHORT = Duration.ofMillis(300);
  private static final String SECRET = "pw-S3cret-x9";

  private static MongoServer server;
  private static MongoServer locked;
  private static TcpProxy proxy;
  private static MongoClient client; // the "application's" client, with the driver's defaults
  private static MongoClient proxiedClient; // the same, through the proxy

  @BeforeAll
  static void startServers() {
    server = new MongoServer(new MemoryBackend());
    server.bind("127.0.0.1", 0);
    locked = new MongoServer(new LockedBackend());
    locked.bind("127.0.0.1", 0);
    proxy = new TcpProxy("127.0.0.1", port(server));
    client = client(port(server));
    proxiedClient = client(proxy.port());
    // Each client's connection pool starts its maintenance thread once the server is found:
    // let that happen now, so that thread counts in the tests see only the check's clients.
    client.getDatabase("admin").runCommand(new org.bson.Document("ping", 1));
    proxiedClient.getDatabase("admin").runCommand(new org.bson.Document("ping", 1));
  }

  @AfterAll
  static void stopServers() {
    for (AutoCloseable c : new AutoCloseable[] {client, proxiedClient, proxy}) {
      if (c != null) {
        try {
          c.close();
        } catch (Exception ignored) {
          // tearing down anyway
        }
      }
    }
    for (MongoServer s : new MongoServer[] {server, locked}) {
      if (s != null) {
        s.shutdownNow();
      }
    }
  }

  @Test
  void passesOnTheApplicationsClient() throws Exception {
    HealthCheck check = MongoCheck.of("mongodb", client).build();

    Result result = Timing.runWithinDeadline(check);

    assertThat(result.status()).isEqualTo(Status.PASS);
    assertThat(check.componentType()).isEqualTo("datastore");
    assertThat(check.componentId()).isEqualTo("127.0.0.1:" + port(server));
    assertThat(check.check()).hasToString("MongoCheck{application MongoClient 127.0.0.1:" + port(server) + "}");
  }

  @Test
  void passesFromAUriAndLeavesNoClientThreadBehind() throws Exception {
    long before = driverThreads();
    HealthCheck check = MongoCheck.of("mongodb", "mongodb://127.0.0.1:" + port(server) + "/app").build();

    for (int run = 0; run < 3; run++) {
      assertThat(Timing.runWithinDeadline(check).status()).isEqualTo(Status.PASS);
    }

    assertThat(Timing.await(() -> driverThreads() == before, Duration.ofSeconds(2)))
        .as("driver threads back to the application clients' %d, now %d", before, driverThreads())
        .isTrue();
  }

  @Test
  void refusedServerFailsByTheDeadlineNamingTheRefusal() throws Exception {
    int port = Services.freePort();
    HealthCheck byUri = MongoCheck.of("mongodb", "mongodb://127.0.0.1:" + port).timeout(SHORT).build();

    Result result = Timing.runWithinDeadline(byUri);

    assertThat(result.status()).isEqualTo(Status.FAIL);
    assertThat(result.output()).isEqualTo("mongodb 127.0.0.1:" + port
        + ": no server available within 300 ms (connection refused by 127.0.0.1:" + port + ")");

    try (MongoClient refused = client(port)) {
      Result onClient = Timing.runWithinDeadline(MongoCheck.of("mongodb", refused).timeout(SHORT).build());

      assertThat(onClient.status()).isEqualTo(Status.FAIL);
      assertThat(onClient.output()).isEqualTo("mongodb 127.0.0.1:" + port
          + ": no server available within 300 ms (connection refused by 127.0.0.1:" + port + ")");
    }
  }

  @Test
  void frozenServerFailsTheApplicationsClientAtTheDeadlineNotAtTheDriversTimeouts() throws Exception {
    HealthCheck check = MongoCheck.of("mongodb", proxiedClient).timeout(SHORT).build();
    assertThat(Timing.runWithinDeadline(check).status()).isEqualTo(Status.PASS);

    proxy.freeze();
    Result frozen;
    Result reconnecting;
    try {
      // The client keeps the driver's defaults: 30 s server selection, no socket timeout.
      frozen = Timing.runWithinDeadline(check);
      // The driver closed the timed-out connection: this run opens a new one, whose handshake
      // (hello) gets no reply either.
      int connections = proxy.connections();
      reconnecting = Timing.runWithinDeadline(check);
      assertThat(proxy.connections()).as("connections through the proxy").isGreaterThan(connections);
    } finally {
      proxy.thaw();
    }

    assertThat(frozen.output()).isEqualTo("mongodb 127.0.0.1:" + proxy.port() + ": ping timed out after 300 ms (no reply)");
    assertThat(reconnecting.output()).isEqualTo(frozen.output());
    assertThat(Timing.runWithinDeadline(
        MongoCheck.of("mongodb", proxiedClient).timeout(Duration.ofSeconds(5)).build()).status())
        .as("a new connection after the timed-out one was closed").isEqualTo(Status.PASS);
  }

  @Test
  void hungServerFailsAUriCheckAtTheDeadlineAndLeavesNoClientThreadBehind() throws Exception {
    long before = driverThreads();
    try (SilentServer silent = new SilentServer()) {
      HealthCheck toSilent = MongoCheck.of("mongodb", "mongodb://127.0.0.1:" + silent.port()).timeout(SHORT).build();
      HealthCheck toFrozen = MongoCheck.of("mongodb", "mongodb://127.0.0.1:" + proxy.port()).timeout(SHORT).build();
      proxy.freeze();
      try {
        for (int run = 0; run < 2; run++) {
          Result silentResult = Timing.runWithinDeadline(toSilent);
          Result frozenResult = Timing.runWithinDeadline(toFrozen);

          assertThat(silentResult.output()).isEqualTo("mongodb 127.0.0.1:" + silent.port()
              + ": no server available within 300 ms (127.0.0.1:" + silent.port() + ": no answer)");
          assertThat(frozenResult.output()).isEqualTo("mongodb 127.0.0.1:" + proxy.port()
              + ": no server available within 300 ms (127.0.0.1:" + proxy.port() + ": no answer)");
        }
      } finally {
        proxy.thaw();
      }
      assertThat(silent.accepted()).isGreaterThanOrEqualTo(2);
    }

    assertThat(Timing.await(() -> driverThreads() == before, Duration.ofSeconds(2)))
        .as("driver threads back to the application clients' %d, now %d", before, driverThreads())
        .isTrue();
  }

  @Test
  void refusedLoginFailsNamingTheUserWithoutThePassword() throws Exception {
    HealthCheck check = MongoCheck.of("mongodb",
        "mongodb://app:" + SECRET + "@127.0.0.1:" + port(locked) + "/orders").build();

    Result result = Timing.runWithinDeadline(check);

    assertThat(result.status()).isEqualTo(Status.FAIL);
    assertThat(result.output()).isEqualTo("mongodb 127.0.0.1:" + port(locked)
        + ": authentication failed for user app on orders: error 18 (AuthenticationFailed): Authentication failed.");
    assertThat(check.check().toString()).doesNotContain(SECRET);
  }

  @Test
  void credentialsAgainstAServerWithoutAuthenticationFailSayingSo() throws Exception {
    // mongo-java-server has no authentication: a login is a command it does not know.
    HealthCheck check = MongoCheck.of("mongodb",
        "mongodb://app:" + SECRET + "@127.0.0.1:" + port(server) + "?authSource=admin&authMechanism=SCRAM-SHA-256").build();

    Result result = Timing.runWithinDeadline(check);

    assertThat(result.status()).isEqualTo(Status.FAIL);
    assertThat(result.output())
        .isEqualTo("mongodb 127.0.0.1:" + port(server) + ": authentication failed for user app on admin:"
            + " error 59 (CommandNotFound): no such command: 'saslStart'");
  }

  @Test
  void checkUriMakesARegistrationThatPasses() throws Exception {
    HealthCheck check = CheckUris.create("mongodb://127.0.0.1:" + port(server) + "?directConnection=true&timeout=2s&name=orders").build();

    assertThat(check.name()).isEqualTo("orders");
    assertThat(check.timeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(Timing.runWithinDeadline(check).status()).isEqualTo(Status.PASS);
  }

  /** The driver's threads: monitors ("cluster-…") and pool maintenance, of every client. */
  private static long driverThreads() {
    return Threads.countLive(name -> name.startsWith("cluster-") || name.startsWith("MaintenanceTimer-"));
  }

  private static int port(MongoServer s) {
    return s.getLocalAddress().getPort();
  }

  /** A client as an application would build it: the driver's default timeouts. */
  private static MongoClient client(int port) {
    return MongoClients.create(MongoClientSettings.builder()
        .applyToClusterSettings(b -> b.hosts(List.of(new ServerAddress("127.0.0.1", port))))
        .build());
  }

  /** Answers every login as mongod answers a wrong password or an unknown user. */
  private static final class LockedBackend extends MemoryBackend {
    @Override
    public Document handleCommand(Channel channel, String database, String command, Document query) {
      if (command.equals("saslStart") || command.equals("authenticate")) {
        throw new MongoServerError(18, "AuthenticationFailed", "Authentication failed.");
      }
      return super.handleCommand(channel, database, command, query);
    }
  }
}
