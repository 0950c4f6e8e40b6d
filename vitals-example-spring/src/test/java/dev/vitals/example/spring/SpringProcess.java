package dev.vitals.example.spring;

import dev.vitals.testing.Services;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The Spring example as a separate JVM, as it runs in production: SIGTERM is a real signal. */
final class SpringProcess implements AutoCloseable {
  final int port;
  final Http http;
  private final Process process;
  private final Path log;

  SpringProcess(Map<String, String> env) throws IOException {
    this.port = Services.freePort();
    this.log = Files.createTempFile("notes-spring", ".log");
    ProcessBuilder builder =
        new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx256m",
            "-cp", System.getProperty("java.class.path"),
            NotesSpringApp.class.getName());
    for (String name : new String[] {"DATABASE_URL", "REDIS_URL", "MANAGEMENT_PORT", "VITALS_TOKEN",
        "MANAGEMENT_SERVER_PORT", "VITALS_SERVER_PORT"}) {
      builder.environment().remove(name);
    }
    builder.environment().putAll(env);
    builder.environment().put("PORT", Integer.toString(port));
    builder.redirectErrorStream(true).redirectOutput(log.toFile());
    this.process = builder.start();
    this.http = new Http(port);
  }

  /** Waits until readiness answers 200; fails with the process log otherwise. */
  SpringProcess awaitReady() throws Exception {
    if (http.awaitStatus("/health/ready", 200, Duration.ofSeconds(90)) != 200) {
      throw new AssertionError("not ready within 90 s; log:\n" + log());
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
