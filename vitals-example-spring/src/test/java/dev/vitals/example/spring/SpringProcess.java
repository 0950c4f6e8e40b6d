package dev.vitals.example.spring;

import dev.vitals.testing.JvmProcess;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The Spring example as a separate JVM, as it runs in production: SIGTERM is a real signal. */
final class SpringProcess extends JvmProcess {
  final Http http;

  SpringProcess(Map<String, String> env) throws IOException {
    super(NotesSpringApp.class.getName(), List.of("-Xmx256m"),
        List.of("DATABASE_URL", "REDIS_URL", "MANAGEMENT_PORT", "VITALS_TOKEN",
            "MANAGEMENT_SERVER_PORT", "VITALS_SERVER_PORT"),
        env);
    this.http = new Http(port());
  }

  /** Waits until readiness answers 200; fails with the process log otherwise. */
  SpringProcess awaitReady() throws IOException {
    awaitReady(Duration.ofSeconds(90));
    return this;
  }
}
