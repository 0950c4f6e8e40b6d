package dev.vitals.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A program run to its end, as a shell would: its exit status, output, error and wall time. */
record Command(int status, String out, String err, long millis) {

  /** Runs {@code command} with {@code environment} added; fails the test if it runs past 60 s. */
  static Command run(List<String> command, Map<String, String> environment) throws IOException, InterruptedException {
    Path out = Files.createTempFile("command", ".out");
    Path err = Files.createTempFile("command", ".err");
    try {
      ProcessBuilder builder = new ProcessBuilder(command)
          .redirectOutput(out.toFile()).redirectError(err.toFile());
      builder.environment().putAll(environment);
      long started = System.nanoTime();
      Process process = builder.start();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("still running after 60 s: " + command);
      }
      return new Command(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8), (System.nanoTime() - started) / 1_000_000);
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  static Command run(String... command) throws IOException, InterruptedException {
    return run(List.of(command), Map.of());
  }

  /** The path of the packaged file that the build passes in system property {@code name}. */
  static Path built(String name) {
    String path = System.getProperty(name);
    if (path == null) {
      throw new IllegalStateException("system property " + name + " is not set: run through Maven's verify");
    }
    return Path.of(path);
  }

  /** The {@code java} launcher of the JVM running the tests. */
  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
