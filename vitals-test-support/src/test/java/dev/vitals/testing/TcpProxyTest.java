package dev.vitals.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TcpProxyTest {
  private EchoServer echo;
  private TcpProxy proxy;

  @BeforeEach
  void start() throws IOException {
    echo = new EchoServer();
    proxy = new TcpProxy("127.0.0.1", echo.port());
  }

  @AfterEach
  void stop() throws Exception {
    proxy.close();
    echo.close();
  }

  @Test
  void forwardsBytesBothWays() throws IOException {
    try (Socket s = connect(proxy.port())) {
      assertThat(roundTrip(s, "hello")).isEqualTo("hello");
    }
  }

  @Test
  void freezeHoldsBytesOnAnOpenConnectionAndThawDeliversThem() throws IOException {
    try (Socket s = connect(proxy.port())) {
      assertThat(roundTrip(s, "before")).isEqualTo("before");

      proxy.freeze();
      send(s, "held");
      assertThatThrownBy(() -> receive(s, 4)).isInstanceOf(SocketTimeoutException.class);
      assertThat(s.isClosed()).isFalse();

      proxy.thaw();
      assertThat(receive(s, 4)).isEqualTo("held");
    }
  }

  @Test
  void freezeAppliesToNewConnections() throws IOException {
    proxy.freeze();
    try (Socket s = connect(proxy.port())) { // the connect itself succeeds
      send(s, "new");
      assertThatThrownBy(() -> receive(s, 3)).isInstanceOf(SocketTimeoutException.class);

      proxy.thaw();
      assertThat(receive(s, 3)).isEqualTo("new");
    }
  }

  @Test
  void refuseRefusesConnectsButKeepsOpenConnections() throws IOException {
    try (Socket open = connect(proxy.port())) {
      assertThat(roundTrip(open, "up")).isEqualTo("up"); // accepted, not just in the backlog
      proxy.refuse();

      assertThatThrownBy(() -> connect(proxy.port())).isInstanceOf(ConnectException.class);
      assertThat(roundTrip(open, "still")).isEqualTo("still");
    }
  }

  @Test
  void acceptListensAgainOnTheSamePort() throws IOException {
    int port = proxy.port();
    proxy.refuse();
    proxy.accept();

    assertThat(proxy.port()).isEqualTo(port);
    try (Socket s = connect(port)) {
      assertThat(roundTrip(s, "back")).isEqualTo("back");
    }
  }

  @Test
  void closeEndsEveryThreadEvenWhileFrozen() throws IOException {
    Socket a = connect(proxy.port());
    Socket b = connect(proxy.port());
    assertThat(roundTrip(a, "x")).isEqualTo("x");
    proxy.freeze();
    send(b, "y");

    proxy.close();

    assertThat(proxyThreads(proxy.port())).isEmpty();
    assertThat(a.getInputStream().read()).isEqualTo(-1);
    a.close();
    b.close();
  }

  @Test
  void closingAClientClosesItsUpstreamAndItsThreads() throws Exception {
    try (Socket s = connect(proxy.port())) {
      assertThat(roundTrip(s, "x")).isEqualTo("x");
    }
    long deadline = System.nanoTime() + 2_000_000_000L;
    while (proxyThreads(proxy.port()).size() > 1 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(proxyThreads(proxy.port())).singleElement().asString().endsWith("-accept");
  }

  static List<String> proxyThreads(int port) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(n -> n.startsWith("TcpProxy-") && n.contains("-" + port + "-"))
        .collect(Collectors.toList());
  }

  static Socket connect(int port) throws IOException {
    Socket s = new Socket();
    s.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
    s.setSoTimeout(300);
    return s;
  }

  static void send(Socket s, String text) throws IOException {
    s.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
    s.getOutputStream().flush();
  }

  static String receive(Socket s, int length) throws IOException {
    byte[] bytes = s.getInputStream().readNBytes(length);
    return new String(bytes, StandardCharsets.US_ASCII);
  }

  static String roundTrip(Socket s, String text) throws IOException {
    send(s, text);
    return receive(s, text.length());
  }
}
