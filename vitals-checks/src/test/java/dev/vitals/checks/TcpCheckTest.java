package dev.vitals.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vitals.HealthCheck;
import dev.vitals.Result;
import dev.vitals.Status;
import dev.vitals.testing.Services;
import dev.vitals.testing.SilentServer;
import dev.vitals.testing.Timing;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TcpCheckTest {

  @Test
  void factoryPreconfiguresTheRegistration() {
    HealthCheck check = TcpCheck.of("smtp", "127.0.0.1", 25).build();

    assertThat(check.name()).isEqualTo("smtp");
    assertThat(check.timeout()).as("the engine's default").isEqualTo(Duration.ofSeconds(1));
    assertThat(check.componentType()).isEqualTo("component");
    assertThat(check.componentId()).isEqualTo("127.0.0.1:25");
    assertThat(TcpCheck.of("x", "::1", 25).build().componentId()).isEqualTo("[::1]:25");
  }

  @Test
  void passesWhenSomethingAccepts() throws Exception {
    try (SilentServer server = new SilentServer()) {
      // Accept-and-hang passes: a TCP check proves the port is open, nothing more.
      Result result = Timing.runWithinDeadline(TcpCheck.of("tcp", "127.0.0.1", server.port()).build());

      assertThat(result.status()).isEqualTo(Status.PASS);
    }
  }

  @Test
  void refusedConnectionFails() throws Exception {
    int port = Services.freePort();

    Result result =
        Timing.runWithinDeadline(TcpCheck.of("tcp", "127.0.0.1", port).build());

    assertThat(result.status()).isEqualTo(Status.FAIL);
    assertThat(result.output()).startsWith("127.0.0.1:" + port + ": ConnectException");
  }

  @Test
  void unansweredConnectFailsAtTheTimeout() throws Exception {
    // A listener whose accept queue is full drops further SYNs: the connect hangs.
    try (ServerSocket full = new ServerSocket()) {
      full.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
      List<Socket> fillers = fillBacklog(full.getLocalPort());
      try {
        HealthCheck check =
            TcpCheck.of("tcp", "127.0.0.1", full.getLocalPort()).timeout(Duration.ofMillis(300)).build();

        Result result = Timing.runWithinDeadline(check);

        assertThat(result.status()).isEqualTo(Status.FAIL);
        assertThat(result.output()).contains("timed out");
      } finally {
        for (Socket s : fillers) {
          s.close();
        }
      }
    }
  }

  @Test
  void rejectsBadArgumentsNamingTheField() {
    assertThatThrownBy(() -> TcpCheck.of("x", "h", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("port must be 1-65535: 0");
    assertThatThrownBy(() -> TcpCheck.of("x", "", 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("host must be a host name or address: ''");
  }

  /** Connects until a connect times out, returning the sockets that got in. */
  private static List<Socket> fillBacklog(int port) throws IOException {
    List<Socket> sockets = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      Socket s = new Socket();
      try {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        sockets.add(s);
      } catch (SocketTimeoutException e) {
        s.close();
        return sockets;
      }
    }
    throw new IllegalStateException("backlog never filled");
  }
}
