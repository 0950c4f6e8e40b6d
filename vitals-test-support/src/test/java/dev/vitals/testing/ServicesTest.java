package dev.vitals.testing;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class ServicesTest {

  @Test
  void freePortRefusesConnections() {
    int port = Services.freePort();

    assertThatThrownBy(() -> TcpProxyTest.connect(port)).isInstanceOf(ConnectException.class);
  }

  @Test
  void requireSkipsOrFailsInCiWhenTheServiceIsDown() {
    int port = Services.freePort();
    boolean ci = "true".equals(System.getenv("CI"));

    assertThatThrownBy(() -> Services.require("127.0.0.1", port, "redis"))
        .isInstanceOf(ci ? AssertionFailedError.class : TestAbortedException.class)
        .hasMessageContaining("redis is not answering on 127.0.0.1:" + port)
        .hasMessageContaining("../shared/services.sh");
  }

  @Test
  void requirePassesWhenSomethingListens() {
    try (SilentServer silent = new SilentServer()) {
      Services.require("127.0.0.1", silent.port(), "silent");
    }
  }
}
