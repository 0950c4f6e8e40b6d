package dev.vitals.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Socket;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;

class SilentServerTest {

  @Test
  void acceptsConnectionsAndNeverAnswers() throws Exception {
    try (SilentServer silent = new SilentServer();
        Socket s = TcpProxyTest.connect(silent.port())) {
      TcpProxyTest.send(s, "PING\r\n");

      assertThatThrownBy(() -> s.getInputStream().read())
          .isInstanceOf(SocketTimeoutException.class);
      assertThat(silent.accepted()).isEqualTo(1);
    }
  }

  @Test
  void countsEveryAcceptedConnection() throws Exception {
    try (SilentServer silent = new SilentServer();
        Socket a = TcpProxyTest.connect(silent.port());
        Socket b = TcpProxyTest.connect(silent.port())) {
      long deadline = System.nanoTime() + 2_000_000_000L;
      while (silent.accepted() < 2 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertThat(silent.accepted()).isEqualTo(2);
      assertThat(a.isConnected() && b.isConnected()).isTrue();
    }
  }

  @Test
  void closeClosesConnectionsAndEndsItsThread() throws Exception {
    SilentServer silent = new SilentServer();
    int port = silent.port();
    try (Socket s = TcpProxyTest.connect(port)) {
      while (silent.accepted() < 1) {
        Thread.sleep(5);
      }
      silent.close();

      assertThat(s.getInputStream().read()).isEqualTo(-1);
      assertThat(Thread.getAllStackTraces().keySet())
          .noneMatch(t -> t.getName().equals("SilentServer-" + port) && t.isAlive());
    }
  }
}
