package dev.vitals.example;

import dev.vitals.testing.JvmProcess;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The example service as a separate JVM, as it runs in production: SIGTERM is a real signal. */
final class ExampleProcess extends JvmProcess {
  final Http http;

  ExampleProcess(Map<String, String> env) throws IOException {
    super(NotesApp.class.getName(), List.of(), List.of("DATABASE_URL", "REDIS_URL"), env);
    this.http = new Http(port());
  }

  /** Waits until readiness answers 200; fails with the process log otherwise. */
  ExampleProcess awaitReady() throws IOException {
    awaitReady(Duration.ofSeconds(30));
    return this;
  }
}
