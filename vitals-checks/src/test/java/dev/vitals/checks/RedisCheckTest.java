package dev.vitals.checks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.CheckUris;
import dev.vitals.HealthCheck;
import dev.vitals.Result;
import dev.vitals.Status;
import dev.vitals.testing.Services;
import dev.vitals.testing.SilentServer;
import dev.vitals.testing.TcpProxy;
import dev.vitals.testing.Timing;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RedisCheckTest {
  private static final String HOST = "127.0.0.1";
  private static final int PORT = 6379;
  private static final String SECRET = "pw-S3cret-x9";

  /** For the tests that need the shared server; the others run without it. */
  private static void redisIsUp() {
    Services.require(HOST, PORT, "redis");
  }

  @Test
  void passesAgainstARunningServer() throws Exception {
    redisIsUp();
    HealthCheck check = RedisCheck.of("redis", "redis://127.0.0.1:6379").build();

    assertThat(Timing.runWithinDeadline(check).status()).isEqualTo(Status.PASS);
  }

  @Test
  void selectsTheDatabaseInThePath() throws Exception {
    redisIsUp();
    assertThat(RedisCheck.of("redis", "redis://127.0.0.1/3").build().check().check().status())
        .isEqualTo(Status.PASS);

    Result result = RedisCheck.of("redis", "redis://127.0.0.1/99999").build().check().check();

    assertThat(result.status()).isEqualTo(Status.FAIL);
    assertThat(result.output()).startsWith("redis 127.0.0.1:6379: SELECT failed: ERR");
  }

  @Test
  void refusedConnectionFails() throws Exception {
    int port = Services.freePort();

    Result result =
        Timing.runWithinDeadline(RedisCheck.of("redis", "redis://127.0.0.1:" + port).build());

    assertThat(result.status()).isEqualTo(Status.FAIL);
    assertThat(result.output()).startsWith("redis 127.0.0.1:" + port + ": ConnectException");
  }

  @Test
  void serverThatAcceptsAndHangsFailsAtTheDeadline() throws Exception {
    try (SilentServer silent = new SilentServer()) {
      HealthCheck check =
          RedisCheck.of("redis", "redis://:" + SECRET + "@127.0.0.1:" + silent.port())
              .timeout(Duration.ofMillis(400))
              .build();

      Result result = Timing.runWithinDeadline(check);

      assertThat(result.status()).isEqualTo(Status.FAIL);
      assertThat(result.output()).contains("no reply to AUTH within 400 ms").doesNotContain(SECRET);
    }
  }

  @Test
  void frozenServerFailsAtTheDeadlineAndPassesAgainWhenThawed() throws Exception {
    redisIsUp();
    try (TcpProxy proxy = new TcpProxy(HOST, PORT)) {
      HealthCheck check =
          RedisCheck.of("redis", "redis://127.0.0.1:" + proxy.port() + "/1")
              .timeout(Duration.ofMillis(400))
              .build();
      assertThat(check.check().check().status()).isEqualTo(Status.PASS);

      proxy.freeze();
      Result frozen = Timing.runWithinDeadline(check);
      proxy.thaw();

      assertThat(frozen.status()).isEqualTo(Status.FAIL);
      assertThat(frozen.output()).isEqualTo("redis 127.0.0.1:" + proxy.port() + ": no reply to SELECT within 400 ms");
      assertThat(check.check().check().status()).isEqualTo(Status.PASS);
    }
  }

  @Test
  void passwordTheServerDoesNotExpectFailsWithoutShowingIt() throws Exception {
    redisIsUp();
    HealthCheck check = RedisCheck.of("redis", "redis://:" + SECRET + "@127.0.0.1:6379").build();

    Result result = Timing.runWithinDeadline(check);

    assertThat(result.status()).isEqualTo(Status.FAIL);
    assertThat(result.output()).startsWith("redis 127.0.0.1:6379: AUTH failed: ERR");
    assertThat(result.toString()).doesNotContain(SECRET);
    assertThat(check.check().toString()).doesNotContain(SECRET);
  }

  @Test
  void aclUserAuthenticatesAndWrongPasswordFailsWithWrongpass() throws Exception {
    redisIsUp();
    String user = "vitals-check-test-" + ProcessHandle.current().pid();
    assertThat(Resp.call(HOST, PORT, "ACL", "SETUSER", user, "reset", "on", ">" + SECRET, "+ping", "+select"))
        .isEqualTo("+OK");
    try {
      Result good = RedisCheck.of("redis", "redis://" + user + ":" + SECRET + "@127.0.0.1/0").build()
          .check().check();
      Result wrong = RedisCheck.of("redis", "redis://" + user + ":not-" + SECRET + "@127.0.0.1/0").build()
          .check().check();

      assertThat(good.status()).isEqualTo(Status.PASS);
      assertThat(wrong.status()).isEqualTo(Status.FAIL);
      assertThat(wrong.output())
          .startsWith("redis 127.0.0.1:6379: AUTH failed: WRONGPASS")
          .doesNotContain(SECRET);
    } finally {
      Resp.call(HOST, PORT, "ACL", "DELUSER", user);
    }
  }

  @Test
  void tlsAgainstAPlainServerFailsWithinTheDeadline() throws Exception {
    redisIsUp();
    HealthCheck check = RedisCheck.of("redis", "rediss://127.0.0.1:6379").timeout(Duration.ofMillis(500)).build();

    Result result = Timing.runWithinDeadline(check);

    assertThat(result.status()).isEqualTo(Status.FAIL);
    assertThat(result.output())
        .isEqualTo("redis 127.0.0.1:6379: connect or TLS handshake timed out after 500 ms");
  }

  @Test
  void aLonePercentInThePasswordGetsTheSameVerdictThroughEitherPath() throws Exception {
    redisIsUp();
    String uri = "redis://:50%off@127.0.0.1:6379";

    Result viaFactory = RedisCheck.of("redis", uri).build().check().check();
    Result viaCheckUris = CheckUris.create(uri).build().check().check();

    assertThat(viaFactory.status()).isEqualTo(Status.FAIL);
    assertThat(viaFactory.output()).startsWith("redis 127.0.0.1:6379: AUTH failed: ERR")
        .isEqualTo(viaCheckUris.output());
  }

  @Test
  void percentEncodedPasswordIsDecoded() throws Exception {
    redisIsUp();
    Result result = RedisCheck.of("redis", "redis://:a%2Fb%40c@127.0.0.1:6379").build().check().check();

    assertThat(result.status()).isEqualTo(Status.FAIL);
    assertThat(result.output()).startsWith("redis 127.0.0.1:6379: AUTH failed").doesNotContain("a/b@c");
  }
}
