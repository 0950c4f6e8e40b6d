package dev.vitals.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Local services for tests that talk to real servers.
 *
 * <p>Call {@link #require(String, int, String)} at the start of such a test (or in
 * {@code @BeforeAll}). On a developer machine a missing service skips the test; in CI
 * (environment variable {@code CI=true}) it fails it, so a broken CI machine cannot turn into a
 * green build that tested nothing.
 */
public final class Services {
  private static final int CONNECT_TIMEOUT_MILLIS = 1_000;

  private Services() {}

  /**
   * Fails (CI) or skips (elsewhere) the calling test unless something accepts TCP connections on
   * {@code host:port} within 1 s. {@code name} names the service in the message, e.g. {@code
   * "postgres"}.
   */
  public static void require(String host, int port, String name) {
    try {
      connect(host, port, CONNECT_TIMEOUT_MILLIS);
    } catch (IOException e) {
      String message =
          name + " is not answering on " + host + ":" + port + " (" + e.getMessage()
              + "); start it with ../shared/services.sh " + name;
      if ("true".equals(System.getenv("CI"))) {
        Assertions.fail(message);
      }
      Assumptions.assumeTrue(false, message);
    }
  }

  /**
   * Whether something accepts TCP connections on {@code host:port} within {@code timeoutMillis},
   * e.g. to wait until a server a test started is listening.
   */
  public static boolean listening(String host, int port, int timeoutMillis) {
    try {
      connect(host, port, timeoutMillis);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static void connect(String host, int port, int timeoutMillis) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(host, port), timeoutMillis);
    }
  }

  /**
   * A loopback port that nothing listens on right now, for refused-connection tests. The port was
   * just released by this JVM; another process could take it, but the kernel hands out ephemeral
   * ports in rotation, so that is unlikely within a test.
   */
  public static int freePort() {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(false);
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find a free port", e);
    }
  }
}
