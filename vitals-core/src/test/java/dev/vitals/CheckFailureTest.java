package dev.vitals;

import dev.vitals.spi.Outputs;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.testing.FakeClock;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** User code that throws, returns null or throws an Error fails with one safe line. */
class CheckFailureTest {
  private final FakeClock clock = new FakeClock();
  private Vitals vitals;

  @AfterEach
  void close() {
    if (vitals != null) {
      vitals.close();
    }
  }

  private HealthReport.Entry verdictOf(Check check) {
    vitals = Vitals.builder().ticker(clock).scheduler(clock).shutdownHook(false)
        .executor(Runnable::run)
        .check(HealthCheck.builder("db", check).interval(Duration.ofSeconds(10)))
        .build();
    vitals.markStarted();
    return vitals.report(Probe.READINESS).check("db");
  }

  @Test
  void throwingCheckFailsWithTheExceptionTypeAndMessage() {
    HealthReport.Entry entry = verdictOf(() -> {
      throw new IOException("connection reset by peer");
    });

    assertThat(entry.status()).isEqualTo(Status.FAIL);
    assertThat(entry.output()).isEqualTo("IOException: connection reset by peer");
  }

  @Test
  void throwingCheckOutputIsOneLineWithoutCredentials() {
    HealthReport.Entry entry = verdictOf(() -> {
      throw new SQLException(
          "Connection to jdbc:postgresql://notes:hunter2@db.internal:5432/notes refused.\n"
              + "\tat org.postgresql.Driver.connect(Driver.java:1)\r\n"
              + "Check that password=hunter2 is right");
    });

    assertThat(entry.output())
        .isEqualTo("SQLException: Connection to jdbc:postgresql://notes:****@db.internal:5432/notes"
            + " refused. at org.postgresql.Driver.connect(Driver.java:1) Check that password=****"
            + " is right")
        .doesNotContain("hunter2");
  }

  @Test
  void wrappedExceptionShowsItsRootCause() {
    HealthReport.Entry entry = verdictOf(() -> {
      throw new RuntimeException(new IOException("no route to host"));
    });

    assertThat(entry.output()).isEqualTo("IOException: no route to host");
  }

  @Test
  void checkReturningNullFails() {
    HealthReport.Entry entry = verdictOf(() -> null);

    assertThat(entry.status()).isEqualTo(Status.FAIL);
    assertThat(entry.output()).isEqualTo("check returned null");
  }

  @Test
  void checkThrowingAnErrorFails() {
    HealthReport.Entry entry = verdictOf(() -> {
      throw new StackOverflowError();
    });

    assertThat(entry.status()).isEqualTo(Status.FAIL);
    assertThat(entry.output()).isEqualTo("StackOverflowError");
  }

  @Test
  void checkThrowingAnAssertionErrorWithAMessageFails() {
    HealthReport.Entry entry = verdictOf(() -> {
      throw new AssertionError("invariant broken: token=abc123");
    });

    assertThat(entry.output()).isEqualTo("AssertionError: invariant broken: token=****");
  }

  @Test
  void failOutputIsSanitisedAndBounded() {
    HealthReport.Entry entry =
        verdictOf(() -> Result.fail("line one\nline two " + "x".repeat(1000)));

    assertThat(entry.output()).startsWith("line one line two xxx").hasSize(Outputs.MAX_LENGTH)
        .endsWith("…");
  }

  @Test
  void engineKeepsCheckingAfterACheckThrows() {
    int[] calls = {0};
    Check flaky = () -> {
      if (calls[0]++ == 0) {
        throw new IllegalStateException("pool closed");
      }
      return Result.pass();
    };
    assertThat(verdictOf(flaky).output()).isEqualTo("IllegalStateException: pool closed");

    clock.advance(Duration.ofSeconds(10));

    assertThat(vitals.status(Probe.READINESS)).isEqualTo(Status.PASS);
  }
}
