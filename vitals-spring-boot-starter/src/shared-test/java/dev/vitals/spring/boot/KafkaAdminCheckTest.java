package dev.vitals.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.HealthReport;
import dev.vitals.Status;
import dev.vitals.Vitals;
import dev.vitals.testing.Timing;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The opt-in Kafka check through the KafkaAdmin that Boot makes from {@code
 * spring.kafka.bootstrap-servers}, as an application gets it, against a real KRaft broker started
 * in this JVM for the class: from the Kafka release of this Boot line's managed client (see
 * {@link ManagedVersionsTest}), so the check runs on the client a user of this line has.
 */
@SpringBootTest(
    classes = TestApp.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
        "vitals.drain-delay=0ms",
        "vitals.endpoints.bearer-token=" + KafkaAdminCheckTest.TOKEN,
        "vitals.checks.kafka.enabled=true",
        "vitals.checks.kafka.interval=2s",
        "vitals.checks.disk.enabled=false", // a full disk would make readiness warn too
    })
@DirtiesContext
class KafkaAdminCheckTest {
  static final String TOKEN = "a-token-of-twenty-chars";
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final Pattern DOWN =
      Pattern.compile("kafka \\S+: no broker answered within 1000 ms.*|timed out after 1000 ms");

  private static EmbeddedKafkaKraftBroker broker;
  private static boolean stopped;

  @BeforeAll
  static void startBroker() {
    broker = new EmbeddedKafkaKraftBroker(1, 1);
    broker.afterPropertiesSet();
  }

  @AfterAll
  static void stopBroker() {
    if (broker != null && !stopped) {
      broker.destroy();
    }
  }

  @DynamicPropertySource
  static void kafka(DynamicPropertyRegistry registry) {
    registry.add("spring.kafka.bootstrap-servers", () -> broker.getBrokersAsString());
  }

  @LocalServerPort int port;
  @Autowired Vitals vitals;
  @Autowired KafkaAdmin bootsKafkaAdmin;

  @Test
  void passesWhileTheBrokerAnswersAndOnlyMakesReadinessWarnOnceItStops()
      throws InterruptedException {
    assertThat(bootsKafkaAdmin.getConfigurationProperties().get("bootstrap.servers").toString())
        .contains(broker.getBrokersAsString());
    assertThat(Timing.await(() -> kafka().status() == Status.PASS, WAIT))
        .as(() -> "kafka passes: " + vitals.details()).isTrue();
    assertThat(Timing.await(() -> ready().body().startsWith("{\"status\":\"pass\""), WAIT))
        .as(() -> "readiness passes: " + ready().body()).isTrue();
    assertThat(ready().body()).containsPattern(
        "\"kafka:responseTime\":\\[\\{\"componentType\":\"messaging\",[^}]*\"status\":\"pass\"");

    broker.destroy();
    stopped = true;

    // Non-critical: the failure reads warn. Its line is the check's own, or the engine's when the
    // run's Admin took the rest of the deadline to create and close (a busy machine); a run
    // during the broker's shutdown may see it without a controller first.
    assertThat(Timing.await(() -> {
      HealthReport.Entry kafka = kafka();
      return kafka.status() == Status.WARN && kafka.output() != null
          && DOWN.matcher(kafka.output()).matches();
    }, WAIT)).as(() -> "kafka fails once the broker stopped: " + vitals.details()).isTrue();
    // ... and readiness warns with 200 instead of failing.
    HttpResponse<String> ready = ready();
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.body()).startsWith("{\"status\":\"warn\",\"output\":\"degraded: kafka\"")
        .containsPattern("\"kafka:responseTime\":\\[\\{[^}]*\"status\":\"warn\"");
    assertThat(Http.get(port, "/health/ready").body()).isEqualTo("{\"status\":\"warn\"}");
  }

  private HealthReport.Entry kafka() {
    return vitals.details().check("kafka");
  }

  private HttpResponse<String> ready() {
    return Http.send(port, "/health/ready", "GET", TOKEN, Duration.ofSeconds(5));
  }
}
