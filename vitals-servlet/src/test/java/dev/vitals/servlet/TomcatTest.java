package dev.vitals.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.ServletRegistration;
import org.junit.jupiter.api.Test;

/** The contract on embedded Tomcat: 11 in the default execution, 10.1 in {@code tomcat-10.1}. */
class TomcatTest extends ContainerContract {
  @Override
  Container newContainer() {
    return new TomcatContainer(true);
  }

  /**
   * With its default {@code allowTrace="false"}, Tomcat's connector answers TRACE itself, with
   * its own 405 page, before any filter or servlet runs: TRACE is refused either way, but the
   * endpoints' 405 needs {@code allowTrace="true"} (docs/servlet.md).
   */
  @Test
  void byDefaultTomcatRefusesTraceBeforeTheServletRuns() throws Exception {
    Container tomcat = new TomcatContainer(false);
    try {
      int port = tomcat.start("", 4, context -> {
        ServletRegistration.Dynamic health =
            context.addServlet("health", new HealthServlet(sharedEndpoints()));
        health.addMapping("/*");
      });
      RawHttp.Answer answer = RawHttp.send(port, "TRACE", "/health/ready", null);
      assertThat(answer.status()).isEqualTo(405);
      assertThat(answer.headers("Cache-Control")).as("Tomcat's own answer").isEmpty();
    } finally {
      tomcat.stop();
    }
  }
}
