package dev.vitals.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Local services for tests that talk to real servers.
 *
 * <p>Call {@link #require(String, int, String)} at the start of such a test (or in
 * {@code @BeforeAll}). On a developer machine a missing service skips the test; in CI
 * (environment variable {@code CI=true}) it fails it, so a broken CI machine cannot turn into a
 * green build that tested nothing. {@link #requireBinary(String, String)} does the same for a
 * server program a test starts itself, and {@link #requirePythonModule(String, String)} for a
 * Python module a test's program imports. {@code scripts/services.sh} starts the services, and
 * installs the missing ones.
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
      unavailable(name + " is not answering on " + host + ":" + port + " (" + e.getMessage()
          + "); start it with scripts/services.sh " + name);
    }
  }

  /**
   * The executable {@code name}, for a test that starts a server of its own (e.g. {@code
   * "nats-server"}): looked up in {@code PATH}, then in {@code /usr/sbin}, {@code /usr/local/sbin}
   * and {@code /sbin}, where Debian puts servers and a test JVM's {@code PATH} may not look. When
   * it is missing, fails (CI) or skips (elsewhere) the calling test, like {@link #require(String,
   * int, String)}; the message names the Debian package to install, which {@code
   * scripts/services.sh PACKAGE} installs too.
   *
   * @param name the program's file name, without a directory
   * @param debianPackage the Debian package that brings it, e.g. {@code "mosquitto"} for {@code
   *     "mosquitto_passwd"}
   * @return the program's path
   */
  public static Path requireBinary(String name, String debianPackage) {
    List<Path> searched = new ArrayList<>();
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(File.pathSeparator)) {
        if (!dir.isEmpty()) {
          searched.add(Path.of(dir));
        }
      }
    }
    for (String dir : new String[] {"/usr/sbin", "/usr/local/sbin", "/sbin"}) {
      if (!searched.contains(Path.of(dir))) {
        searched.add(Path.of(dir));
      }
    }
    for (Path dir : searched) {
      Path candidate = dir.resolve(name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    unavailable(name + " is not installed (searched " + searched + "); install the Debian package "
        + debianPackage + ", e.g. with scripts/services.sh " + debianPackage);
    throw new AssertionError("unreachable");
  }

  /** {@link #requireBinary(String, String)} for a program whose Debian package has its name. */
  public static Path requireBinary(String name) {
    return requireBinary(name, name);
  }

  /** Debian's Python, which imports the modules of Debian's {@code python3-*} packages. */
  private static final Path DEBIAN_PYTHON = Path.of("/usr/bin/python3");

  /**
   * Debian's {@code /usr/bin/python3}, for a test that runs a Python program needing {@code
   * module} (e.g. {@code "prometheus_client.openmetrics.parser"}). Not the {@code python3} first on
   * {@code PATH}, which may be another installation (pyenv's) that does not see Debian's
   * packages. When it is missing or cannot import the module, fails (CI) or skips (elsewhere)
   * the calling test, like {@link #requireBinary(String, String)}, naming the Debian package
   * ({@code scripts/tools.sh} installs the ones the tests use).
   *
   * @param module a dotted module name
   * @param debianPackage the Debian package that brings it, e.g. {@code
   *     "python3-prometheus-client"}
   * @return the interpreter's path
   */
  public static Path requirePythonModule(String module, String debianPackage) {
    if (!module.matches("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*")) {
      throw new IllegalArgumentException("not a Python module name: " + module);
    }
    String problem;
    if (!Files.isExecutable(DEBIAN_PYTHON)) {
      problem = DEBIAN_PYTHON + " is not installed";
    } else {
      problem = null;
      try {
        Process python = new ProcessBuilder(DEBIAN_PYTHON.toString(), "-c", "import " + module)
            .redirectErrorStream(true)
            .start();
        String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!python.waitFor(30, TimeUnit.SECONDS) || python.exitValue() != 0) {
          python.destroyForcibly();
          problem = DEBIAN_PYTHON + " cannot import " + module + ": " + output;
        }
      } catch (IOException e) {
        problem = DEBIAN_PYTHON + " did not run: " + e.getMessage();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        problem = "interrupted while asking " + DEBIAN_PYTHON + " for " + module;
      }
    }
    if (problem != null) {
      unavailable(problem + "; install the Debian package " + debianPackage
          + ", e.g. with scripts/tools.sh");
    }
    return DEBIAN_PYTHON;
  }

  /**
   * What a test does when something it needs is missing: fails under {@code CI=true}, where a
   * missing service is a broken machine, and skips elsewhere, saying {@code message}.
   */
  public static void unavailable(String message) {
    if ("true".equals(System.getenv("CI"))) {
      Assertions.fail(message);
    }
    Assumptions.assumeTrue(false, message);
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
