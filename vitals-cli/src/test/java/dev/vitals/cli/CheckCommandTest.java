package dev.vitals.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.testing.Services;
import dev.vitals.testing.SilentServer;
import dev.vitals.testing.TcpProxy;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@code vitals check} and {@code vitals wait} against the machine's real services. */
class CheckCommandTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final Main main =
      new Main(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void passingChecksPrintATableAndExitZero() {
    Services.require("127.0.0.1", 5432, "PostgreSQL");
    Services.require("127.0.0.1", 6379, "Redis");
    int status = main.run("check", "postgresql://postgres@127.0.0.1:5432/test", "redis://127.0.0.1:6379",
        "redis://127.0.0.1:6379/1");
    assertThat(status).as(out() + err()).isEqualTo(0);
    assertThat(out()).containsPattern("^CHECK {5}STATUS  TIME +OUTPUT\n"); // widths follow the rows
    assertThat(out().lines()).hasSize(4);
    assertThat(out()).containsPattern("(?m)^postgres +pass +\\d+ ms$")
        .containsPattern("(?m)^redis +pass +\\d+ ms$")
        .containsPattern("(?m)^redis-2 +pass +\\d+ ms$");
  }

  @Test
  void aFailingCriticalCheckExitsOneAndANonCriticalOneOnlyWarns() {
    int port = Services.freePort();
    assertThat(main.run("check", "tcp://127.0.0.1:" + port)).isEqualTo(1);
    assertThat(out()).containsPattern("(?m)^tcp +fail +\\d+ ms +.*refused");
    out.reset();
    assertThat(main.run("check", "tcp://127.0.0.1:" + port + "?critical=false&name=optional")).isEqualTo(0);
    assertThat(out()).containsPattern("(?m)^optional +warn ");
  }

  @Test
  void jsonIsHealthJson() {
    int port = Services.freePort();
    assertThat(main.run("check", "--json", "tcp://127.0.0.1:" + port)).isEqualTo(1);
    assertThat(out()).startsWith("{\"status\":\"fail\",\"output\":\"failing: tcp\",\"checks\":{\"tcp:responseTime\":[{");
  }

  @Test
  void aHungServerFailsAtTheDeadlineAndNoPasswordIsPrinted() {
    try (SilentServer silent = new SilentServer()) {
      long started = System.nanoTime();
      int status = main.run("check", "--timeout", "300ms", "redis://:hunter2@127.0.0.1:" + silent.port());
      long tookMillis = (System.nanoTime() - started) / 1_000_000;
      assertThat(status).isEqualTo(1);
      assertThat(tookMillis).isLessThan(300 + 1000); // bounded by the deadline, not a speed claim
      assertThat(out() + err()).doesNotContain("hunter2").contains("redis");
    }
  }

  @Test
  void badUrisAndSchemesExitTwoWithoutThePassword() {
    assertThat(main.run("check", "gopher://u:hunter2@x")).isEqualTo(2);
    assertThat(main.run("check", "tcp://127.0.0.1:1?timeout=5")).isEqualTo(2);
    assertThat(main.run("check")).isEqualTo(2);
    assertThat(err()).doesNotContain("hunter2").contains(
        "vitals check: unknown check URI scheme 'gopher' in 'gopher://u:****@x'; known schemes: ",
        "vitals check: timeout: expected a duration such as 500ms, 5s or 1m, got '5'",
        "vitals check: give at least one check URI");
  }

  @Test
  void aUriThatSetsAnIntervalIsAUsageErrorNotACrash() {
    assertThat(main.run("check", "tcp://127.0.0.1:1?interval=5s")).isEqualTo(2);
    assertThat(main.run("wait", "--timeout", "1s", "tcp://127.0.0.1:1?interval=5s")).isEqualTo(2);
    assertThat(err()).contains(
        "vitals check: tcp: onDemand cannot be set on a background check (interval was set),"
            + " in 'tcp://127.0.0.1:1?interval=5s': the command runs every check on demand;"
            + " leave interval out\nTry 'vitals --help'.",
        "vitals wait: tcp: onDemand cannot be set");
  }

  @Test
  void theTimeoutOptionIsTheChecksDeadline() {
    try (SilentServer silent = new SilentServer()) {
      // Either the engine answers at the deadline or the check's own read times out there first.
      assertThat(main.run("check", "--timeout", "300ms", "redis://127.0.0.1:" + silent.port())).isEqualTo(1);
      assertThat(out()).containsPattern("(?m)^redis +fail .*(timed out after|no reply to PING within) 300 ms$");
      out.reset();
      assertThat(main.run("check", "--timeout", "300ms", "redis://127.0.0.1:" + silent.port() + "?timeout=400ms"))
          .as("a URI's own timeout wins").isEqualTo(1);
      assertThat(out()).containsPattern("(?m)^redis +fail .*(timed out after|no reply to PING within) 400 ms$");
    }
  }

  @Test
  void waitGivesUpAtItsTimeout() {
    int port = Services.freePort();
    assertThat(main.run("wait", "--timeout", "400ms", "--interval", "100ms", "tcp://127.0.0.1:" + port)).isEqualTo(1);
    assertThat(err()).contains("vitals wait: gave up after").contains("tcp ");
  }

  @Test
  void waitReturnsOnceTheDependencyComesUp() {
    Services.require("127.0.0.1", 6379, "Redis");
    try (TcpProxy proxy = new TcpProxy("127.0.0.1", 6379)) {
      proxy.refuse();
      AtomicInteger progressLines = new AtomicInteger();
      // The dependency comes up after the command has reported it down twice.
      OutputStream progress = new OutputStream() {
        @Override
        public void write(int b) {
          err.write(b);
          if (b == '\n' && progressLines.incrementAndGet() == 2) {
            proxy.accept();
          }
        }
      };
      Main watched = new Main(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(progress, true, StandardCharsets.UTF_8));
      assertThat(watched.run("wait", "--timeout", "30s", "--interval", "100ms",
          "redis://127.0.0.1:" + proxy.port())).isEqualTo(0);
      assertThat(err()).contains("vitals wait: ready after");
      assertThat(progressLines.get()).isGreaterThanOrEqualTo(3);
    }
  }
}
