package dev.vitals.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.Path;
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
        .hasMessageContaining("start it with scripts/services.sh redis");
  }

  @Test
  void requirePassesWhenSomethingListens() {
    try (SilentServer silent = new SilentServer()) {
      Services.require("127.0.0.1", silent.port(), "silent");
    }
  }

  @Test
  void requireBinaryFindsAnInstalledProgram() {
    Path sh = Services.requireBinary("sh", "dash");

    assertThat(sh.getFileName()).hasToString("sh");
    assertThat(Files.isExecutable(sh)).isTrue();
  }

  @Test
  void requireBinarySkipsOrFailsInCiWhenTheProgramIsMissing() {
    boolean ci = "true".equals(System.getenv("CI"));

    assertThatThrownBy(
            () -> Services.requireBinary("vitals-no-such-server", "vitals-no-such-package"))
        .isInstanceOf(ci ? AssertionFailedError.class : TestAbortedException.class)
        .hasMessageContaining("vitals-no-such-server is not installed")
        .hasMessageContaining("/usr/sbin")
        .hasMessageContaining("install the Debian package vitals-no-such-package")
        .hasMessageContaining("scripts/services.sh vitals-no-such-package");
  }
}
