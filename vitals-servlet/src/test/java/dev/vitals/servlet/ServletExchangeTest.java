package dev.vitals.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vitals.HealthEndpoints;
import dev.vitals.Vitals;
import org.junit.jupiter.api.Test;

/** The parts of the translation that need no container. */
class ServletExchangeTest {
  @Test
  void waiterThreadsMustBeAtLeastOne() {
    try (Vitals vitals = Vitals.builder().shutdownHook(false).build()) {
      HealthEndpoints endpoints = HealthEndpoints.builder(vitals).build();
      assertThatThrownBy(() -> new HealthServlet(endpoints, 0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("waiterThreads must be at least 1: 0");
      assertThatThrownBy(() -> new HealthFilter(endpoints, -1))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("waiterThreads must be at least 1: -1");
    }
  }
}
