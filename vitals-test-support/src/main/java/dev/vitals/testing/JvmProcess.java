package dev.vitals.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A service's main class run as a separate JVM on this test's class path, as it runs in
 * production: SIGTERM is a real signal, and the exit code is the JVM's. The process gets a free
 * port in {@code PORT}; its output goes to a temporary log that {@link #log()} reads.
 */
public class JvmProcess implements AutoCloseable {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final int port;
  private final Process process;
  private final Path log;

  /**
   * Starts {@code mainClass} with {@code jvmOptions}, without the variables in {@code unset}
   * (so the developer's environment cannot leak in) and with {@code env} and {@code PORT}.
   */
  public JvmProcess(String mainClass, List<String> jvmOptions, List<String> unset,
      Map<String, String> env) throws IOException {
    this.port = Services.freePort();
    this.log = Files.createTempFile(mainClass, ".log");
    List<String> command = new java.util.ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
    ProcessBuilder builder = new ProcessBuilder(command);
    unset.forEach(builder.environment()::remove);
    builder.environment().putAll(env);
    builder.environment().put("PORT", Integer.toString(port));
    builder.redirectErrorStream(true).redirectOutput(log.toFile());
    this.process = builder.start();
  }

  /** The port the process was told to serve on. */
  public int port() {
    return port;
  }

  /** The status of a GET of {@code path}, or -1 when nothing answered within 2 s. */
  public int status(String path) {
    try {
      HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
          .timeout(Duration.ofSeconds(2)).build();
      return CLIENT.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** Waits until readiness ({@code /health/ready}) answers 200; fails with the log otherwise. */
  public void awaitReady(Duration within) throws IOException {
    long deadline = System.nanoTime() + within.toNanos();
    while (status("/health/ready") != 200) {
      if (System.nanoTime() > deadline || !process.isAlive()) {
        throw new AssertionError("not ready within " + within.toSeconds() + " s; log:\n" + log());
      }
      try {
        Thread.sleep(50); // polling interval of a real client, not a guess at timing
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for readiness", e);
      }
    }
  }

  /** Sends SIGTERM. */
  public void sigterm() {
    process.destroy();
  }

  public boolean waitForExit(Duration within) throws InterruptedException {
    return process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS);
  }

  public int exitValue() {
    return process.exitValue();
  }

  /** What the process printed so far. */
  public String log() throws IOException {
    return Files.readString(log);
  }

  @Override
  public void close() throws IOException {
    process.destroyForcibly();
    Files.deleteIfExists(log);
  }
}
