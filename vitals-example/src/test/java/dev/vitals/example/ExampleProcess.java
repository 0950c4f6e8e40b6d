package dev.vitals.example;

import dev.vitals.testing.Services;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The example service as a separate JVM, as it runs in production: SIGTERM is a real signal. */
final class ExampleProcess implements AutoCloseable {
  final int port;
  final Http http;
  private final Process process;
  private final Path log;

  ExampleProcess(Map<String, String> env) throws IOException {
    this.port = Services.freePort();
    this.log = Files.createTempFile("notes-app", ".log");
    ProcessBuilder builder =
        new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"),
            NotesApp.class.getName());
    builder.environment().remove("DATABASE_URL");
    builder.environment().remove("REDIS_URL");
    builder.environment().putAll(env);
    builder.environment().put("PORT", Integer.toString(port));
    builder.redirectErrorStream(true).redirectOutput(log.toFile());
    this.process = builder.start();
    this.http = new Http(port);
  }

  /** Waits until readiness answers 200; fails with the process log otherwise. */
  ExampleProcess awaitReady() throws Exception {
    if (http.awaitStatus("/health/ready", 200, Duration.ofSeconds(30)) != 200) {
      throw new AssertionError("not ready within 30 s; log:\n" + log());
    }
    return this;
  }

  void sigterm() {
    process.destroy();
  }

  boolean waitForExit(Duration within) throws InterruptedException {
    return process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS);
  }

  int exitValue() {
    return process.exitValue();
  }

  String log() throws IOException {
    return Files.readString(log);
  }

  @Override
  public void close() throws IOException {
    process.destroyForcibly();
    Files.deleteIfExists(log);
  }
}
