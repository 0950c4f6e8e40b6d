package dev.vitals.example.spring;

import dev.vitals.testing.ShutdownUnderLoad;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two instances of the Spring example (H2 each, as separate JVMs) behind a client-side balancer that polls readiness; one gets SIGTERM
 * while requests flow, and not one request may fail ({@link ShutdownUnderLoad}).
 */
class ShutdownUnderLoadTest {

  @Test
  void sigtermUnderLoadLosesNoRequest() throws Exception {
    Map<String, String> env = Map.of("VITALS_DRAIN_DELAY", "2s");
    try (SpringProcess a = new SpringProcess(env); SpringProcess b = new SpringProcess(env)) {
      a.awaitReady();
      b.awaitReady();
      ShutdownUnderLoad.assertSigtermLosesNoRequest(
          a, b, Duration.ofSeconds(2), Duration.ofSeconds(10)); // the default shutdown timeout
    }
  }
}
