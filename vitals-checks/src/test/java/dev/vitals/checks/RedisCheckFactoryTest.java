package dev.vitals.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vitals.CheckUris;
import dev.vitals.HealthCheck;
import dev.vitals.testing.UriAgreement;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Building Redis checks from URIs: nothing here talks to a server. */
class RedisCheckFactoryTest {
  private static final String SECRET = "pw-S3cret-x9";

  @Test
  void factoryPreconfiguresTheRegistration() {
    HealthCheck check =
        RedisCheck.of("cache", "redis://app:" + SECRET + "@cache.internal:6380/2").build();

    assertThat(check.timeout()).as("the engine's default").isEqualTo(Duration.ofSeconds(1));
    assertThat(check.componentType()).isEqualTo("datastore");
    assertThat(check.componentId()).isEqualTo("cache.internal:6380");
    assertThat(check.check()).hasToString("RedisCheck{redis://cache.internal:6380/2}");
    assertThat(RedisCheck.of("c", "rediss://h").build().componentId()).isEqualTo("h:6379");
  }

  /** Each URI, what it makes through {@link RedisCheck#of(String, String)} and CheckUris alike. */
  @Test
  void everyUriReadsTheSameThroughTheFactoryAndCheckUris() {
    String[][] cases = {
      {"redis://:50%off@h", "redis h:6379 RedisCheck{redis://h:6379}"},
      {"redis://:" + SECRET + "@[::1]:6380/2", "redis [::1]:6380 RedisCheck{redis://[::1]:6380/2}"},
      {"rediss://a%40b:c%2Fd" + SECRET + "@cache_1.internal", "redis cache_1.internal:6379 RedisCheck{rediss://cache_1.internal:6379}"},
      {"redis://app:p@ss" + SECRET + "@cache:6379/0", "redis cache:6379 RedisCheck{redis://cache:6379/0}"},
      {"redis://:" + SECRET + "@", "redis URI must have a host: redis[s]://[[user]:password@]host[:port][/db]"},
      {"redis://k1,k2", "redis URI must have one host: redis[s]://[[user]:password@]host[:port][/db]"},
      {"redis://" + SECRET + "@h", "redis URI user info must be user:password or :password"},
      {"redis://u:@h", "redis URI password must not be empty"},
      {"redis://:" + SECRET + "@h/db", "redis URI path must be empty or /<database number> (percent-encode '/' in a password)"},
      {"redis://:" + SECRET + "@h?db=1", "unknown parameter 'db' in 'redis://:****@h?db=1'"},
      // Malformed: the one parser's message (CheckUriTest has the others).
      {"redis://:pw/" + SECRET + "@h", "malformed check URI 'redis://:****@h': percent-encode '/', '?', '#' and '@' in a user name or password"},
    };
    UriAgreement.assertEachReadsTheSame(uri -> RedisCheck.of("redis", uri), cases);
    assertThatThrownBy(() -> RedisCheck.of("redis", "http://:" + SECRET + "@h"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("redis URI must start with redis:// or rediss://");
  }

  @Test
  void policyParametersBelongToCheckUrisNotToTheFactory() {
    assertThatThrownBy(() -> RedisCheck.of("redis", "redis://:" + SECRET + "@h?timeout=500ms"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("policy parameter 'timeout' is applied only by CheckUris.create; set it on the"
            + " HealthCheck.Builder instead: 'redis://:****@h?timeout=500ms'");
    assertThat(CheckUris.create("redis://:" + SECRET + "@h?timeout=500ms").build().timeout())
        .isEqualTo(Duration.ofMillis(500));
  }
}
