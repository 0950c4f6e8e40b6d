package dev.vitals.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vitals.Check;
import dev.vitals.HealthCheck;
import dev.vitals.Result;
import dev.vitals.Status;
import dev.vitals.spi.Deadline;
import dev.vitals.testing.Services;
import dev.vitals.testing.SilentServer;
import dev.vitals.testing.Timing;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Host names resolve within the time left, with a resolver that never answers (issue 12). */
class HostLookupTest {
  private static final Duration TIMEOUT = Duration.ofMillis(300);

  // Never released while a test runs: a resolver that never answers. Released after each test so
  // that the lookup threads end.
  private final CountDownLatch never = new CountDownLatch(1);
  private final List<String> looked = new CopyOnWriteArrayList<>();
  private final HostLookup hung = new HostLookup(host -> {
    looked.add(host);
    try {
      never.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    throw new UnknownHostException(host + ": released");
  }, 2);
  private final HostLookup toLoopback = new HostLookup(host -> {
    looked.add(host);
    return new InetAddress[] {InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1})};
  }, 2);

  @AfterEach
  void releaseHungLookups() {
    never.countDown();
  }

  @Test
  void hungLookupFailsByTheDeadlineNamingTheHost() {
    long start = System.nanoTime();

    assertThatThrownBy(() -> hung.resolve("db.internal", Deadline.after(TIMEOUT)))
        .isInstanceOf(SocketTimeoutException.class)
        .hasMessage("resolving db.internal timed out after 300 ms");
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isLessThan(TIMEOUT.plus(Timing.MARGIN));
  }

  @Test
  void runsThatFindTheirHostStillResolvingShareOneThread() {
    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(() -> hung.resolve("db.internal", Deadline.after(Duration.ofMillis(50))))
          .hasMessage("resolving db.internal timed out after 50 ms");
    }

    assertThat(looked).containsExactly("db.internal");
    assertThat(hung.threads()).isEqualTo(1);
  }

  @Test
  void hungLookupsHoldAtMostTheirThreadsThenFailAtOnce() {
    for (String host : List.of("a.internal", "b.internal")) {
      assertThatThrownBy(() -> hung.resolve(host, Deadline.after(Duration.ofMillis(50))))
          .hasMessage("resolving " + host + " timed out after 50 ms");
    }
    long start = System.nanoTime();

    assertThatThrownBy(() -> hung.resolve("c.internal", Deadline.after(TIMEOUT)))
        .isInstanceOf(HostLookup.NoThreadFree.class)
        .hasMessage("resolving c.internal failed: no lookup thread free (2 lookups still running)");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).as("no wait").isLessThan(TIMEOUT);
    assertThat(looked).containsExactly("a.internal", "b.internal");
    assertThat(hung.threads()).isEqualTo(2);
    assertThat(HostLookup.MAX_THREADS).as("the module's shared lookup").isEqualTo(4);
  }

  @Test
  void aFinishedLookupFreesItsThreadAndHostForTheNextRun() throws Exception {
    assertThat(toLoopback.resolve("cache.test", Deadline.after(TIMEOUT))[0].getHostAddress())
        .isEqualTo("127.0.0.1");
    assertThat(Timing.await(() -> toLoopback.lookups() == 0, Duration.ofSeconds(1))).isTrue();

    toLoopback.resolve("cache.test", Deadline.after(TIMEOUT));

    assertThat(looked).as("an answer is not kept: the JVM's cache keeps it")
        .containsExactly("cache.test", "cache.test");
  }

  @Test
  void literalsAndLocalhostAreNeverLookedUp() throws Exception {
    Deadline deadline = Deadline.after(TIMEOUT);

    assertThat(hung.resolve("127.0.0.1", deadline)[0].getHostAddress()).isEqualTo("127.0.0.1");
    assertThat(hung.resolve("::1", deadline)[0].isLoopbackAddress()).isTrue();
    assertThat(hung.resolve("[::1]", deadline)[0].isLoopbackAddress()).isTrue();
    assertThat(hung.resolve("localhost", deadline)[0].isLoopbackAddress()).isTrue();
    assertThat(looked).isEmpty();
    assertThat(hung.threads()).isZero();
    assertThatThrownBy(() -> hung.resolve("::not:an:address", deadline))
        .isInstanceOf(UnknownHostException.class);
    assertThatThrownBy(() -> hung.resolve("999.1.1.1", Deadline.after(Duration.ofMillis(50))))
        .as("not a literal: looked up, under the deadline")
        .hasMessage("resolving 999.1.1.1 timed out after 50 ms");
    assertThat(looked).containsExactly("999.1.1.1");
  }

  @Test
  void tcpCheckFailsByItsDeadlineWhenTheResolverNeverAnswers() throws Exception {
    Check check = TcpCheck.create("smtp.internal", 25).lookup(hung);

    for (int i = 0; i < 2; i++) {
      assertTimedOut(check, "smtp.internal:25: resolving smtp.internal timed out after 300 ms");
    }
    assertThat(looked).as("the second run waits on the first lookup").hasSize(1);
  }

  @Test
  void tcpCheckConnectsToTheAddressItResolved() throws Exception {
    try (SilentServer server = new SilentServer()) {
      Result result = Timing.runWithinDeadline(
          TcpCheck.create("svc.test", server.port()).lookup(toLoopback).healthCheck("tcp").build());

      assertThat(result.status()).as(result.output()).isEqualTo(Status.PASS);
      assertThat(looked).containsExactly("svc.test");
    }
  }

  @Test
  void memcachedCheckFailsByItsDeadlineWhenTheResolverNeverAnswers() throws Exception {
    assertTimedOut(MemcachedCheck.create("cache.internal", 11211).lookup(hung),
        "memcached cache.internal:11211: resolving cache.internal timed out after 300 ms");
  }

  @Test
  void memcachedCheckConnectsToTheAddressItResolved() throws Exception {
    Services.require("127.0.0.1", MemcachedCheck.DEFAULT_PORT, "memcached");
    Result result = Timing.runWithinDeadline(MemcachedCheck.create("cache.test", 11211)
        .lookup(toLoopback).healthCheck("memcached").build());

    assertThat(result.status()).as(result.output()).isEqualTo(Status.PASS);
  }

  @Test
  void redisCheckFailsByItsDeadlineWhenTheResolverNeverAnswers() throws Exception {
    assertTimedOut(RedisCheck.create("rediss://:s3cret@cache.internal:6380").lookup(hung),
        "redis cache.internal:6380: resolving cache.internal timed out after 300 ms");
  }

  @Test
  void redisCheckConnectsToTheAddressItResolved() throws Exception {
    Services.require("127.0.0.1", 6379, "redis");
    Result result = Timing.runWithinDeadline(RedisCheck.create("redis://cache.test:6379")
        .lookup(toLoopback).healthCheck("redis").build());

    assertThat(result.status()).as(result.output()).isEqualTo(Status.PASS);
  }

  @Test
  void tlsCertificateCheckFailsByItsDeadlineWhenTheResolverNeverAnswers() throws Exception {
    assertTimedOut(TlsCertificateCheck.create("api.internal", 443).lookup(hung),
        "tls api.internal:443: resolving api.internal timed out after 300 ms");
  }

  @Test
  void httpCheckFailsByItsDeadlineWhenTheResolverNeverAnswers() throws Exception {
    assertTimedOut(HttpCheck.create("https://payments.internal:8443/health?token=x").lookup(hung),
        "GET https://payments.internal:8443/health: resolving payments.internal timed out after"
            + " 300 ms");
  }

  @Test
  void checksOfIpLiteralsNeverLookUp() throws Exception {
    try (SilentServer server = new SilentServer()) {
      Result result = Timing.runWithinDeadline(
          TcpCheck.create("127.0.0.1", server.port()).lookup(hung).healthCheck("tcp").build());

      assertThat(result.status()).as(result.output()).isEqualTo(Status.PASS);
      assertThat(looked).isEmpty();
    }
  }

  private static void assertTimedOut(Check check, String output) throws Exception {
    HealthCheck registration = HealthCheck.builder("lookup", check).timeout(TIMEOUT).build();

    Result result = Timing.runWithinDeadline(registration);

    assertThat(result.status()).isEqualTo(Status.FAIL);
    assertThat(result.output()).isEqualTo(output);
  }
}
