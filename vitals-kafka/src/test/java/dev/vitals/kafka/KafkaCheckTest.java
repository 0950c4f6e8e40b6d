package dev.vitals.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.CheckUris;
import dev.vitals.HealthCheck;
import dev.vitals.HealthReport;
import dev.vitals.Result;
import dev.vitals.Status;
import dev.vitals.Vitals;
import dev.vitals.testing.Services;
import dev.vitals.testing.SilentServer;
import dev.vitals.testing.Threads;
import dev.vitals.testing.Timing;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Against one real broker started in this JVM for the whole class (see {@link KafkaBroker}). */
class KafkaCheckTest {
  private static final Duration SHORT = Duration.ofMillis(500);
  private static final String ENCODED_PASSWORD =
      URLEncoder.encode(KafkaBroker.PASSWORD, StandardCharsets.UTF_8);

  private static KafkaBroker broker;
  private static Admin admin; // the "application's" Admin
  private static Admin proxiedAdmin; // the same, talking through the freezable proxy

  @BeforeAll
  static void startBroker() throws Exception {
    broker = KafkaBroker.start();
    admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrap()));
    proxiedAdmin = Admin.create(Map.of("bootstrap.servers", broker.proxiedBootstrap()));
  }

  @AfterAll
  static void stopBroker() {
    for (Admin a : new Admin[] {admin, proxiedAdmin}) {
      if (a != null) {
        a.close(Duration.ofSeconds(5));
      }
    }
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void passesOnTheApplicationsAdmin() throws Exception {
    HealthCheck check = KafkaCheck.of("kafka", admin).build();

    Result result = Timing.runWithinDeadline(check);

    assertThat(result.status()).isEqualTo(Status.PASS);
    assertThat(result.output()).matches("1 broker, controller id \\d+");
  }

  @Test
  void passesFromAUri() throws Exception {
    HealthCheck check = KafkaCheck.of("kafka", "kafka://" + broker.bootstrap()).build();

    Result result = Timing.runWithinDeadline(check);

    assertThat(result.status()).isEqualTo(Status.PASS);
    assertThat(check.componentId()).isEqualTo(broker.bootstrap());
  }

  @Test
  void fewerBrokersThanTheMinimumFails() throws Exception {
    HealthCheck byAdmin = KafkaCheck.create(admin).minBrokers(2).healthCheck("kafka").build();
    HealthCheck byUri = KafkaCheck.of("kafka", "kafka://" + broker.bootstrap() + "?minBrokers=3").build();

    Result tooFew = Timing.runWithinDeadline(byAdmin);
    Result fromUri = Timing.runWithinDeadline(byUri);

    assertThat(tooFew.status()).isEqualTo(Status.FAIL);
    assertThat(tooFew.output()).isEqualTo("kafka: 1 broker alive, at least 2 required");
    assertThat(fromUri.output()).isEqualTo("kafka " + broker.bootstrap() + ": 1 broker alive, at least 3 required");
  }

  @Test
  void refusedBootstrapFailsByTheDeadlineWithAClearLine() throws Exception {
    int port = Services.freePort();
    HealthCheck byUri = KafkaCheck.of("kafka", "kafka://127.0.0.1:" + port).timeout(SHORT).build();

    Result result = Timing.runWithinDeadline(byUri);

    assertThat(result.status()).isEqualTo(Status.FAIL);
    assertThat(result.output())
        .startsWith("kafka 127.0.0.1:" + port + ": no broker answered within 500 ms (Timed out waiting for a node assignment.");

    try (Admin refused = Admin.create(Map.of("bootstrap.servers", "127.0.0.1:" + port))) {
      Result onAdmin = Timing.runWithinDeadline(KafkaCheck.of("kafka", refused).timeout(SHORT).build());

      assertThat(onAdmin.status()).isEqualTo(Status.FAIL);
      assertThat(onAdmin.output()).startsWith("kafka: no broker answered within 500 ms (");
    }
  }

  @Test
  void unresolvableBootstrapFailsWithTheReason() throws Exception {
    HealthCheck check = KafkaCheck.of("kafka", "kafka://no-such-broker.invalid:9092").build();

    Result result = Timing.runWithinDeadline(check);

    assertThat(result.status()).isEqualTo(Status.FAIL);
    assertThat(result.output()).isEqualTo("kafka no-such-broker.invalid:9092: cannot create an Admin client: "
        + "ConfigException: No resolvable bootstrap urls given in bootstrap.servers");
  }

  @Test
  void frozenBrokerFailsAtTheDeadlineAndPassesAgainWhenThawed() throws Exception {
    HealthCheck check = KafkaCheck.of("kafka", proxiedAdmin).timeout(SHORT).build();
    assertThat(Timing.runWithinDeadline(check).status()).isEqualTo(Status.PASS);

    broker.proxy().freeze();
    Result frozen;
    try {
      frozen = Timing.runWithinDeadline(check);
    } finally {
      broker.proxy().thaw();
    }

    assertThat(frozen.status()).isEqualTo(Status.FAIL);
    assertThat(frozen.output()).startsWith("kafka: no broker answered within 500 ms");
    assertThat(Timing.runWithinDeadline(
        KafkaCheck.of("kafka", proxiedAdmin).timeout(Duration.ofSeconds(5)).build()).status())
        .isEqualTo(Status.PASS);
  }

  @Test
  void hungBootstrapFailsAtTheDeadlineAndLeavesNoClientThreadBehind() throws Exception {
    long before = kafkaClientThreads();
    assertThat(before).as("the two application Admins' I/O threads").isEqualTo(2);
    try (SilentServer silent = new SilentServer()) {
      HealthCheck toSilent = KafkaCheck.of("kafka", "kafka://127.0.0.1:" + silent.port()).timeout(SHORT).build();
      HealthCheck toFrozen = KafkaCheck.of("kafka", "kafka://" + broker.proxiedBootstrap()).timeout(SHORT).build();
      broker.proxy().freeze();
      try {
        for (int run = 0; run < 3; run++) {
          Result silentResult = Timing.runWithinDeadline(toSilent);
          Result frozenResult = Timing.runWithinDeadline(toFrozen);

          assertThat(silentResult.status()).isEqualTo(Status.FAIL);
          assertThat(silentResult.output())
              .startsWith("kafka 127.0.0.1:" + silent.port() + ": no broker answered within 500 ms");
          assertThat(frozenResult.status()).isEqualTo(Status.FAIL);
          assertThat(frozenResult.output())
              .startsWith("kafka " + broker.proxiedBootstrap() + ": no broker answered within 500 ms");
        }
      } finally {
        broker.proxy().thaw();
      }
      assertThat(silent.accepted()).isGreaterThanOrEqualTo(3);
    }

    assertThat(kafkaClientThreads()).as("Kafka client threads, after 6 runs").isEqualTo(before);
  }

  @Test
  void saslCredentialsFromTheUriAuthenticate() throws Exception {
    String uri = "kafka://" + KafkaBroker.USER + ":" + ENCODED_PASSWORD + "@" + broker.saslBootstrap();

    Result result = Timing.runWithinDeadline(KafkaCheck.of("kafka", uri).timeout(Duration.ofSeconds(2)).build());

    assertThat(result.status()).isEqualTo(Status.PASS);
  }

  @Test
  void wrongSaslPasswordFailsWithTheAuthenticationErrorWithoutShowingIt() throws Exception {
    String wrong = "not-" + ENCODED_PASSWORD;
    HealthCheck check = KafkaCheck.of(
        "kafka", "kafka://" + KafkaBroker.USER + ":" + wrong + "@" + broker.saslBootstrap())
        .timeout(Duration.ofSeconds(5)).build();

    Result result = Timing.runWithinDeadline(check);

    assertThat(result.status()).isEqualTo(Status.FAIL);
    assertThat(result.output())
        .startsWith("kafka " + broker.saslBootstrap() + ": SaslAuthenticationException: Authentication failed")
        .doesNotContain(wrong)
        .doesNotContain("S3cret");
    assertThat(check.check().toString()).doesNotContain("S3cret");
  }

  @Test
  void checkUriMakesARegistrationThatPasses() throws Exception {
    HealthCheck check = CheckUris.create("kafka://" + broker.bootstrap() + "?minBrokers=1&timeout=2s&name=events").build();

    assertThat(check.name()).isEqualTo("events");
    assertThat(check.timeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(Timing.runWithinDeadline(check).status()).isEqualTo(Status.PASS);
  }

  @Test
  void underTheEngineAHungClusterFailsWithTheChecksOwnLineBeforeTheDeadline() throws Exception {
    try (SilentServer silent = new SilentServer();
        Vitals vitals = Vitals.builder()
            .shutdownHook(false)
            .check(KafkaCheck.of("kafka", "kafka://127.0.0.1:" + silent.port())
                .timeout(Duration.ofMillis(600)).onDemand(Duration.ofMillis(100)))
            .check(KafkaCheck.of("app-kafka", admin).timeout(Duration.ofSeconds(2)).onDemand(Duration.ofMillis(100)))
            .build()) {
      vitals.markStarted();

      HealthReport report = vitals.details();

      assertThat(report.check("app-kafka").status()).isEqualTo(Status.PASS);
      assertThat(report.check("kafka").status()).isEqualTo(Status.FAIL);
      assertThat(report.check("kafka").output())
          .matches("kafka 127\\.0\\.0\\.1:" + silent.port() + ": no broker answered within \\d+ ms.*");
      assertThat(report.check("kafka").duration()).isLessThan(Duration.ofMillis(600));
    }
  }

  /**
   * Live Kafka client threads now: Admin I/O threads ({@code kafka-admin-client-thread | id})
   * and any thread named after a check's client id. No waiting: a per-run Admin must have joined
   * its thread before the run returns.
   */
  private static long kafkaClientThreads() {
    return Threads.countLive(
        n -> n.startsWith("kafka-admin-client-thread") || n.contains("vitals-kafka-check"));
  }
}
