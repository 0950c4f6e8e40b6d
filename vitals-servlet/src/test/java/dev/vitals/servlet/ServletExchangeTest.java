package dev.vitals.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vitals.HealthEndpoints;
import dev.vitals.Vitals;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** The parts of the translation that need no container. */
class ServletExchangeTest {
  @ParameterizedTest
  @CsvSource({
    "127.0.0.1, 127.0.0.1",
    "10.1.2.3, 10.1.2.3",
    "0:0:0:0:0:0:0:1, 0:0:0:0:0:0:0:1",
    "[::1], 0:0:0:0:0:0:0:1",
    "fe80::1%eth0, fe80:0:0:0:0:0:0:1",
    "[fe80::1%3], fe80:0:0:0:0:0:0:1",
    "::ffff:10.0.0.1, 10.0.0.1",
    "' 192.0.2.7 ', 192.0.2.7",
  })
  void remoteAddressesAreReadAsIpLiterals(String remote, String address) {
    InetAddress literal = ServletExchange.literal(remote);
    assertThat(literal).isNotNull();
    assertThat(literal.getHostAddress()).isEqualTo(address);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(
      strings = {"localhost", "example.com", "1.2.3", "1.2.3.4.", "256.1.1.1", "1.2.3.4/8",
          "01234.1.1.1", "[::1", "g::1", "::1]", "[]", "1.2.3.-4", ".::1", "1::2::3"})
  void anythingButAnIpLiteralIsNoAddressAndIsNeverResolved(String remote) {
    assertThat(ServletExchange.literal(remote)).isNull();
  }

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
