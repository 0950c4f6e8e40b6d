package dev.vitals.checks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.HealthCheck;
import dev.vitals.Result;
import dev.vitals.Status;
import dev.vitals.testing.Timing;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DnsCheckTest {

  @Test
  void localhostResolves() throws Exception {
    HealthCheck check = DnsCheck.of("dns", "localhost").build();

    assertThat(Timing.runWithinDeadline(check).status()).isEqualTo(Status.PASS);
    assertThat(check.componentType()).isEqualTo("component");
    assertThat(check.componentId()).isEqualTo("localhost");
    assertThat(check.check()).hasToString("DnsCheck{localhost}");
  }

  @Test
  void nameUnderInvalidFails() throws Exception {
    HealthCheck check = DnsCheck.of("dns", "vitals-test.invalid").timeout(Duration.ofSeconds(3)).build();

    Result result = Timing.runWithinDeadline(check);

    assertThat(result.status()).isEqualTo(Status.FAIL);
    assertThat(result.output()).startsWith("dns vitals-test.invalid: UnknownHostException");
  }

  @Test
  void hungLookupFailsAtTheDeadlineAndIsNotStartedTwice() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger lookups = new AtomicInteger();
    DnsCheck check = DnsCheck.create("db.internal", host -> {
      lookups.incrementAndGet();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return new InetAddress[] {InetAddress.getLoopbackAddress()};
    });
    HealthCheck registration = check.healthCheck("dns").timeout(Duration.ofMillis(300)).build();

    Result first = Timing.runWithinDeadline(registration);
    Result second = Timing.runWithinDeadline(registration);
    int startedWhileHung = lookups.get();
    release.countDown();
    Result afterAnswer = Timing.runWithinDeadline(registration);

    assertThat(first.output()).isEqualTo("dns db.internal: no answer within 300 ms");
    assertThat(second.output())
        .isEqualTo("dns db.internal: no answer within 300 ms (an earlier lookup is still running)");
    assertThat(startedWhileHung).as("lookups started while the first hung").isEqualTo(1);
    assertThat(afterAnswer.status()).isEqualTo(Status.PASS);
  }
}
