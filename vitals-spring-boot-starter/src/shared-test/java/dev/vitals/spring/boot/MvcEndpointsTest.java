package dev.vitals.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.Vitals;
import dev.vitals.testing.Services;
import dev.vitals.testing.Timing;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/** Spring MVC on Tomcat, on a real port, against the real PostgreSQL. */
@SpringBootTest(
    classes = {TestApp.class, MvcEndpointsTest.BeforeReady.class},
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
        "spring.application.name=notes",
        "spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/test",
        "spring.datasource.username=postgres",
        "vitals.version=1.4.2",
        "vitals.endpoints.bearer-token=" + MvcEndpointsTest.TOKEN,
        "vitals.checks.database.interval=2s",
        "vitals.drain-delay=100ms",
    })
class MvcEndpointsTest {
  static final String TOKEN = "a-token-of-twenty-chars";
  private static final Duration WAIT = Duration.ofSeconds(10);

  /** What readiness answered while the application was starting, before ApplicationReadyEvent. */
  static final List<String> beforeReady = new CopyOnWriteArrayList<>();

  @TestConfiguration(proxyBeanMethods = false)
  static class BeforeReady {
    /** Runners run after the web server started and before the application is ready. */
    @Bean
    ApplicationRunner probeWhileStarting(Environment environment) {
      return args -> {
        int port = Integer.parseInt(environment.getProperty("local.server.port"));
        HttpResponse<String> ready = Http.get(port, "/health/ready");
        HttpResponse<String> live = Http.get(port, "/health/live");
        beforeReady.add("ready " + ready.statusCode() + " " + ready.body());
        beforeReady.add("live " + live.statusCode());
      };
    }
  }

  @LocalServerPort int port;
  @Autowired Vitals vitals;

  @BeforeAll
  static void postgres() {
    Services.require("127.0.0.1", 5432, "postgres");
  }

  private void awaitReady() throws InterruptedException {
    assertThat(Timing.await(() -> Http.get(port, "/health/ready").statusCode() == 200, WAIT))
        .as("readiness turns 200 once the database check passed").isTrue();
  }

  @Test
  void readinessFailsUntilTheApplicationIsReady() throws InterruptedException {
    assertThat(beforeReady).containsExactly("ready 503 {\"status\":\"fail\"}", "live 200");
    awaitReady();
  }

  @Test
  void probesAnswerAnonymouslyWithStatusOnly() throws InterruptedException {
    awaitReady();
    for (String path : List.of("/health/ready", "/readyz", "/health/live", "/livez",
        "/health/startup")) {
      HttpResponse<String> answer = Http.get(port, path);
      assertThat(answer.statusCode()).as(path).isEqualTo(200);
      assertThat(answer.body()).as(path).isEqualTo("{\"status\":\"pass\"}");
      assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/health+json");
      assertThat(answer.headers().firstValue("Cache-Control")).hasValue("no-store");
      assertThat(answer.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    }
  }

  @Test
  void detailsNeedTheToken() throws InterruptedException {
    awaitReady();
    HttpResponse<String> anonymous = Http.get(port, "/health");
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.headers().firstValue("WWW-Authenticate"))
        .hasValue("Bearer realm=\"vitals\"");
    HttpResponse<String> details = Http.send(port, "/health", "GET", TOKEN, WAIT);
    assertThat(details.statusCode()).isEqualTo(200);
    assertThat(details.body())
        .startsWith("{\"status\":\"pass\",\"version\":\"1.4.2\",\"serviceId\":\"notes\"")
        .contains("\"database:responseTime\"", "\"database-pool:threadsAwaiting\"",
            "\"disk:utilization\"", "\"deadlock:responseTime\"");
  }

  @Test
  void methodsAndPathsAnswerAsEverywhere() {
    HttpResponse<String> post = Http.send(port, "/health/ready", "POST", null, WAIT);
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
    HttpResponse<String> head = Http.send(port, "/health/live", "HEAD", null, WAIT);
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.headers().firstValue("Content-Length")).hasValue("17");
    assertThat(head.body()).isEmpty();
  }

  @Test
  void theApplicationsOwnTrafficIsUntouched() {
    HttpResponse<String> hello = Http.get(port, "/hello");
    assertThat(hello.statusCode()).isEqualTo(200);
    assertThat(hello.body()).isEqualTo("hello");
    // Actuator's own indicators (Boot's ssl) are checks too; db, diskSpace and ping are covered.
    assertThat(vitals.checks()).filteredOn(c -> !"actuator".equals(c.componentType()))
        .extracting(c -> c.name())
        .containsExactly("database", "database-pool", "disk", "deadlock", "availability");
    assertThat(vitals.checks()).extracting(c -> c.name())
        .doesNotContain("db", "diskSpace", "ping", "livenessState", "readinessState");
  }
}
