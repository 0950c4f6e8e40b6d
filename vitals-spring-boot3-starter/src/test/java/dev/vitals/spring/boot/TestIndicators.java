package dev.vitals.spring.boot;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.ReactiveHealthIndicator;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import reactor.core.publisher.Mono;

/**
 * Actuator indicators for the shared tests, in this Boot line's types (the Boot 4 starter has
 * the same class over {@code org.springframework.boot.health.contributor}).
 */
final class TestIndicators {
  private TestIndicators() {}

  /** Indicators that answer: UP with a secret in its details, OUT_OF_SERVICE, UNKNOWN, reactive DOWN. */
  @TestConfiguration(proxyBeanMethods = false)
  static class Answering {
    @Bean
    HealthIndicator notesQuotaHealthIndicator() {
      return () -> Health.up().withDetail("used", 12).withDetail("password", "hunter2").build();
    }

    @Bean
    HealthIndicator maintenanceHealthIndicator() {
      return () -> Health.outOfService().withDetail("until", "noon").build();
    }

    @Bean
    HealthIndicator legacyHealthIndicator() {
      return () -> Health.unknown().build();
    }

    @Bean
    ReactiveHealthIndicator stockHealthIndicator() {
      return () -> Mono.just(Health.down().withDetail("error", "connection refused").build());
    }
  }

  /** An indicator that never returns until released, ignoring interrupts (the worst case). */
  @TestConfiguration(proxyBeanMethods = false)
  static class Hanging {
    static final AtomicInteger CALLS = new AtomicInteger();
    static final CountDownLatch RELEASE = new CountDownLatch(1);

    @Bean
    HealthIndicator hangingHealthIndicator() {
      return () -> {
        CALLS.incrementAndGet();
        Hung.hang(RELEASE);
        return Health.up().build();
      };
    }
  }
}
