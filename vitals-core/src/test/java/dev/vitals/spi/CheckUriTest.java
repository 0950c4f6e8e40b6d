package dev.vitals.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vitals.CheckUris;
import dev.vitals.HealthCheck;
import dev.vitals.Probe;
import dev.vitals.Result;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CheckUriTest {

  @Test
  void readsEveryPartAndMasksThePasswordWhenShown() {
    CheckUri uri = CheckUri.parse("postgresql://app:s3cr%40t@db.internal:5433/notes?sslmode=require&timeout=500ms");
    assertThat(uri.scheme()).isEqualTo("postgresql");
    assertThat(uri.user()).isEqualTo("app");
    assertThat(uri.password()).isEqualTo("s3cr@t");
    assertThat(uri.host()).isEqualTo("db.internal");
    assertThat(uri.port(5432)).isEqualTo(5433);
    assertThat(uri.path()).isEqualTo("/notes");
    assertThat(uri.parameters()).containsExactly(Map.entry("sslmode", "require"), Map.entry("timeout", "500ms"));
    assertThat(uri.hostAndPort(5432)).isEqualTo("db.internal:5433");
    assertThat(uri.toString()).isEqualTo("postgresql://app:****@db.internal:5433/notes?sslmode=require&timeout=500ms");
    assertThat(uri.rawWithoutPolicy()).isEqualTo("postgresql://app:s3cr%40t@db.internal:5433/notes?sslmode=require");
  }

  @Test
  void keepsJdbcUrlsWholeAndReadsOpaquePaths() {
    CheckUri jdbc = CheckUri.parse("jdbc:mariadb://127.0.0.1:3306/test?user=root&timeout=2s");
    assertThat(jdbc.scheme()).isEqualTo("jdbc");
    assertThat(jdbc.host()).isNull();
    assertThat(jdbc.rawWithoutPolicy()).isEqualTo("jdbc:mariadb://127.0.0.1:3306/test?user=root");
    assertThat(CheckUri.parse("disk:/var/lib?fail=95%25").path()).isEqualTo("/var/lib");
    assertThat(CheckUri.parse("disk:/var/lib?fail=95%25").parameter("fail")).isEqualTo("95%");
    assertThat(CheckUri.parse("disk:/var/lib?warn=80%&fail=95%25").parameters())
        .containsExactly(Map.entry("warn", "80%"), Map.entry("fail", "95%"));
    assertThat(CheckUri.parse("tcp://broker:9092").port(0)).isEqualTo(9092);
    assertThat(CheckUri.parse("redis://cache").port(6379)).isEqualTo(6379);
  }

  @Test
  void acceptsHostListsForTheProviderToRead() {
    CheckUri uri = CheckUri.parse("kafka://app:s3cret@k1:9092,k2:9093?minBrokers=2");
    assertThat(CheckUri.parse("kafka://app:a+b%2Bc@k1,k2").password()).isEqualTo("a+b+c");
    assertThat(CheckUri.parse("redis://:a+b@cache").password()).isEqualTo("a+b");
    assertThat(uri.host()).isNull();
    assertThat(uri.authority()).isEqualTo("k1:9092,k2:9093");
    assertThat(uri.password()).isEqualTo("s3cret");
    assertThat(uri.toString()).isEqualTo("kafka://app:****@k1:9092,k2:9093?minBrokers=2");
    assertThat(CheckUri.parse("redis://cache:6379").authority()).isEqualTo("cache:6379");
  }

  @Test
  void malformedUrisAreClearErrorsWithoutThePassword() {
    assertThatThrownBy(() -> CheckUri.parse("//db:5432"))
        .hasMessage("check URI must start with a scheme such as postgresql:, redis: or tcp: '//db:5432'");
    assertThatThrownBy(() -> CheckUri.parse("redis://cache?timeout=1s&timeout=2s"))
        .hasMessage("check URI repeats parameter 'timeout': 'redis://cache?timeout=1s&timeout=2s'");
    String secret = "hunter2";
    String[][] cases = {
      {"redis://user:hunter2@cache host:6379", "'redis://user:****@cache host:6379': the host has a character that is not allowed"},
      {"mqtt://u:hunter2 x@h", "'mqtt://u:****@h': the user info has a character that must be percent-encoded"},
      {"nats://hunter2 with space@h", "'nats://****@h': the user info has a character that must be percent-encoded"},
      {"redis://:pw/hunter2@h", "'redis://:****@h': percent-encode '/', '?', '#' and '@' in a user name or password"},
      {"kafka://app:pw?hunter2@h", "'kafka://app:****@h': percent-encode '/', '?', '#' and '@' in a user name or password"},
      {"redis://:pw#hunter2@h", "'redis://:****@h': a '#' would start a fragment, which no check reads (percent-encode '#' in a password as %23)"},
      {"redis://:hunter2@h:99999", "'redis://:****@h:99999': port must be 1-65535: 99999"},
      {"redis://:hunter2@h:0", "'redis://:****@h:0': port must be 1-65535: 0"},
      {"kafka://app:hunter2@h:90:92", "'kafka://app:****@h:90:92': a port must be a number"},
      {"kafka://app:hunter2@h,", "'kafka://app:****@h,': a host is missing from the list"},
      {"tcp://:6379", "'tcp://:6379': a host is missing"},
      {"kafka://[::1:9092", "'kafka://[::1:9092': malformed IPv6 host"},
      {"kafka://[::1]9092", "'kafka://[::1]9092': malformed IPv6 host"},
      {"disk:/var/my dir", "'disk:/var/my dir': the path has a character that must be percent-encoded"},
      {"http://h/?q=a|b", "'http://h/?q=a|b': the query has a character that must be percent-encoded"},
    };
    for (String[] c : cases) {
      assertThatThrownBy(() -> CheckUri.parse(c[0]))
          .as(c[0])
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("malformed check URI " + c[1])
          .hasMessageNotContaining(secret);
    }
  }

  @Test
  void readsUserInfoWithEncodedAndRawReservedCharacters() {
    CheckUri encoded = CheckUri.parse("redis://a%40b:c%2Fd%3Fe%23f@cache");
    assertThat(encoded.user()).isEqualTo("a@b");
    assertThat(encoded.password()).isEqualTo("c/d?e#f");
    assertThat(encoded.host()).isEqualTo("cache");
    assertThat(encoded).hasToString("redis://a%40b:****@cache");

    CheckUri rawAt = CheckUri.parse("postgresql://app:p@ss@db/notes");
    assertThat(rawAt.password()).isEqualTo("p@ss");
    assertThat(rawAt.host()).isEqualTo("db");
    assertThat(rawAt).hasToString("postgresql://app:****@db/notes");

    CheckUri percent = CheckUri.parse("redis://:50%off@h");
    assertThat(percent.user()).isNull();
    assertThat(percent.password()).isEqualTo("50%off");
    assertThat(percent).hasToString("redis://:****@h");

    CheckUri token = CheckUri.parse("nats://t0k3n@h:4222");
    assertThat(token.user()).isEqualTo("t0k3n");
    assertThat(token.password()).isNull();
    assertThat(token).hasToString("nats://****@h:4222");
  }

  @Test
  void readsHostListsAndIpv6Literals() {
    CheckUri list = CheckUri.parse("kafka://app:s3cret@[::1]:9093,[fe80::1%25eth0],k3_b.internal?minBrokers=2");
    assertThat(list.hosts(9092)).containsExactly("[::1]:9093", "[fe80::1%25eth0]:9092", "k3_b.internal:9092");
    assertThat(list.host()).isNull();
    assertThat(list.port(9092)).isEqualTo(9092);
    assertThat(list.authority()).isEqualTo("[::1]:9093,[fe80::1%25eth0],k3_b.internal");

    CheckUri ipv6 = CheckUri.parse("redis://[::1]:6380/2");
    assertThat(ipv6.host()).isEqualTo("[::1]");
    assertThat(ipv6.port(6379)).isEqualTo(6380);
    assertThat(ipv6.hostAndPort(6379)).isEqualTo("[::1]:6380");
    assertThat(ipv6.hosts(6379)).containsExactly("[::1]:6380");
    assertThat(ipv6.path()).isEqualTo("/2");

    assertThat(CheckUri.parse("redis://cache_1").hostAndPort(6379)).isEqualTo("cache_1:6379");
    assertThat(CheckUri.parse("redis://cache:").port(6379)).isEqualTo(6379);
    assertThat(CheckUri.parse("redis:///").hosts(6379)).isEmpty();
    assertThat(CheckUri.parse("redis:///").authority()).isEmpty();
    assertThat(CheckUri.parse("disk:/var").authority()).isNull();
  }

  @Test
  void keepsThePathEncodedForDriversAndDecodedForReading() {
    CheckUri uri = CheckUri.parse("amqp://mq/a%2Fb?x=1");
    assertThat(uri.rawPath()).isEqualTo("/a%2Fb");
    assertThat(uri.path()).isEqualTo("/a/b");
    assertThat(CheckUri.parse("disk:///var/lib").path()).isEqualTo("/var/lib");
    assertThat(CheckUri.parse("disk:relative/dir").path()).isEqualTo("relative/dir");
  }

  @Test
  void theTargetSeesItsQueryWithoutPolicyParameters() {
    CheckUri uri = CheckUri.parse("http://h/health?token=a%26b&timeout=1s&expect=204&full=1&name=x");
    assertThat(uri.targetQuery(Set.of("expect"))).isEqualTo("token=a%26b&full=1");
    assertThat(uri.targetQuery(Set.of())).isEqualTo("token=a%26b&expect=204&full=1");
    assertThat(uri.rawWithoutPolicy()).isEqualTo("http://h/health?token=a%26b&expect=204&full=1");
    assertThat(CheckUri.parse("http://h/?timeout=1s").targetQuery(Set.of())).isEmpty();
    assertThat(CheckUri.parse("http://h/?timeout=1s").rawWithoutPolicy()).isEqualTo("http://h/");
    assertThat(CheckUri.parse("http://h/").targetQuery(Set.of())).isEmpty();
  }

  @Test
  void factoriesRejectUnknownAndPolicyParametersNamingThem() {
    CheckUri uri = CheckUri.parse("redis://:hunter2@h?db=1&timeout=1s");
    assertThatThrownBy(() -> uri.requireKnownParameters(p -> false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown parameter 'db' in 'redis://:****@h?db=1&timeout=1s'");
    assertThat(uri.requireKnownParameters(p -> p.equals("db"))).isSameAs(uri);
    assertThatThrownBy(uri::requireNoPolicy)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("policy parameter 'timeout' is applied only by CheckUris.create; set it on the"
            + " HealthCheck.Builder instead: 'redis://:****@h?db=1&timeout=1s'");
    CheckUri plain = CheckUri.parse("redis://h?db=1");
    assertThat(plain.requireNoPolicy()).isSameAs(plain);
  }

  @Test
  void hostAndPortBracketsIpv6LiteralsOnce() {
    assertThat(CheckUri.hostAndPort("cache", 6379)).isEqualTo("cache:6379");
    assertThat(CheckUri.hostAndPort("::1", 6379)).isEqualTo("[::1]:6379");
    assertThat(CheckUri.hostAndPort("[::1]", 6379)).isEqualTo("[::1]:6379");
  }

  @Test
  void requirePortAcceptsOnlyConnectablePorts() {
    assertThat(CheckUri.requirePort(1)).isEqualTo(1);
    assertThat(CheckUri.requirePort(65_535)).isEqualTo(65_535);
    assertThatThrownBy(() -> CheckUri.requirePort(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("port must be 1-65535: 0");
    assertThatThrownBy(() -> CheckUri.requirePort(65_536))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("port must be 1-65535: 65536");
  }

  /** A provider of {@code fake://} checks that accepts one parameter of its own. */
  private static final class FakeProvider implements CheckProvider {
    @Override
    public Set<String> schemes() {
      return Set.of("fake");
    }

    @Override
    public boolean accepts(String parameter) {
      return parameter.equals("mode");
    }

    @Override
    public HealthCheck.Builder create(CheckUri uri) {
      if (uri.host() == null) {
        throw new IllegalArgumentException("fake URI needs a host: '" + uri + "'");
      }
      return HealthCheck.builder("fake", Result::pass).componentId(uri.hostAndPort(1));
    }
  }

  private final CheckUris uris = CheckUris.of(List.of(new FakeProvider()));

  @Test
  void appliesEveryPolicyParameter() {
    HealthCheck check = uris.builder("fake://h:2?name=primary&timeout=250ms&interval=5s&critical=false"
        + "&probe=readiness,startup&failureThreshold=3&successThreshold=2&staleAfter=20s"
        + "&recoveryInterval=2s&mode=x").build();
    assertThat(check.name()).isEqualTo("primary");
    assertThat(check.timeout()).isEqualTo(Duration.ofMillis(250));
    assertThat(check.interval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(check.critical()).isFalse();
    assertThat(check.probes()).containsExactly(Probe.READINESS, Probe.STARTUP);
    assertThat(check.failureThreshold()).isEqualTo(3);
    assertThat(check.successThreshold()).isEqualTo(2);
    assertThat(check.staleAfter()).isEqualTo(Duration.ofSeconds(20));
    assertThat(check.recoveryInterval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(check.componentId()).isEqualTo("h:2");

    HealthCheck onDemand = uris.builder("fake://h?ttl=2s").build();
    assertThat(onDemand.background()).isFalse();
    assertThat(onDemand.ttl()).isEqualTo(Duration.ofSeconds(2));
    assertThat(onDemand.timeout()).isEqualTo(HealthCheck.DEFAULT_TIMEOUT);
  }

  @Test
  void rejectsUnknownSchemesParametersAndValuesNamingThem() {
    assertThatThrownBy(() -> uris.builder("gopher://u:hunter2@h"))
        .hasMessage("unknown check URI scheme 'gopher' in 'gopher://u:****@h'; known schemes: fake");
    assertThatThrownBy(() -> uris.builder("db.internal:5432"))
        .hasMessage("unknown check URI scheme 'db.internal' in 'db.internal:5432'; known schemes: fake");
    assertThatThrownBy(() -> uris.builder("fake://h?verbose=1"))
        .hasMessage("unknown parameter 'verbose' in 'fake://h?verbose=1'");
    assertThatThrownBy(() -> uris.builder("fake://h?critical=yes"))
        .hasMessage("critical must be true or false, got 'yes' (in 'fake://h?critical=yes')");
    assertThatThrownBy(() -> uris.builder("fake://h?probe=live"))
        .hasMessage("probe must be liveness, readiness or startup, got 'live' (in 'fake://h?probe=live')");
    assertThatThrownBy(() -> uris.builder("fake://h?timeout=5"))
        .hasMessage("timeout: expected a duration such as 500ms, 5s or 1m, got '5' (in 'fake://h?timeout=5')");
    assertThatThrownBy(() -> uris.builder("fake://h?failureThreshold=two"))
        .hasMessage("failureThreshold must be a whole number, got 'two' (in 'fake://h?failureThreshold=two')");
    assertThatThrownBy(() -> uris.builder("fake:/nohost"))
        .hasMessage("fake URI needs a host: 'fake:/nohost'");
  }

  @Test
  void aSchemeClaimedTwiceIsAnError() {
    assertThatThrownBy(() -> CheckUris.of(List.of(new FakeProvider(), new FakeProvider())))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("scheme fake is claimed by both");
  }
}
