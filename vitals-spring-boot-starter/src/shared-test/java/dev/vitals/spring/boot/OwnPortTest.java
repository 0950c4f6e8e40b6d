package dev.vitals.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.server.HealthServer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** With vitals.server.port, the endpoints are on HealthServer and not on the application's port. */
@SpringBootTest(
    classes = TestApp.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
        "spring.datasource.url=jdbc:h2:mem:own-port",
        "vitals.server.port=0",
        "vitals.server.host=127.0.0.1",
        "vitals.drain-delay=100ms",
    })
class OwnPortTest {
  @LocalServerPort int port;
  @Autowired HealthServer server;

  @Test
  void theEndpointsAnswerOnTheirOwnPortOnly() {
    assertThat(server.port()).isNotEqualTo(port).isPositive();
    assertThat(Http.get(server.port(), "/health/live").statusCode()).isEqualTo(200);
    assertThat(Http.get(server.port(), "/health/live").body()).isEqualTo("{\"status\":\"pass\"}");
    assertThat(Http.get(port, "/health/live").statusCode()).isEqualTo(404);
    assertThat(Http.get(port, "/livez").statusCode()).isEqualTo(404);
    assertThat(Http.get(port, "/hello").statusCode()).isEqualTo(200);
  }
}
