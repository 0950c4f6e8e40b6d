package dev.vitals.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.vitals.CheckUris;
import dev.vitals.HealthCheck;
import dev.vitals.Result;
import dev.vitals.Status;
import dev.vitals.testing.Services;
import dev.vitals.testing.SilentServer;
import dev.vitals.testing.Timing;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every provider of this module, through the ServiceLoader as users reach them. */
class CheckUriProvidersTest {
  private static final String SECRET = "pw-S3cret-x9";
  private static final CheckUris URIS = CheckUris.loaded();
  private static HttpServer http;

  @BeforeAll
  static void startHttp() throws IOException {
    http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    http.createContext("/ok", e -> {
      e.sendResponseHeaders(e.getRequestURI().getQuery() == null ? 200 : 204, -1);
      e.close();
    });
    http.createContext("/moved", e -> {
      e.getResponseHeaders().add("Location", "/ok");
      e.sendResponseHeaders(301, -1);
      e.close();
    });
    http.start();
  }

  @AfterAll
  static void stopHttp() {
    http.stop(0);
  }

  private static HealthCheck build(String uri) {
    return URIS.builder(uri).build();
  }

  private static Result run(String uri) throws Exception {
    return Timing.runWithinDeadline(build(uri));
  }

  @Test
  void everySchemeIsRegistered() {
    assertThat(URIS.schemes()).contains("jdbc", "postgresql", "postgres", "mysql", "mariadb", "redis",
        "rediss", "memcached", "http", "https", "tcp", "dns", "tls", "disk");
  }

  @Test
  void postgresUriBecomesAJdbcCheckWithCredentialsAsProperties() {
    HealthCheck check = build("postgresql://postgres:" + SECRET + "@127.0.0.1:5432/test?timeout=700ms");

    assertThat(check.name()).isEqualTo("postgres");
    assertThat(check.timeout()).isEqualTo(Duration.ofMillis(700));
    assertThat(check.componentId()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/test");
    assertThat(check.check()).hasToString("JdbcCheck{jdbc:postgresql://127.0.0.1:5432/test, isValid}");
    assertThat(build("postgres://postgres@127.0.0.1/test?name=main-db").name()).isEqualTo("main-db");
    assertThat(build("postgres://[::1]/test%2Fx?sslmode=disable").componentId())
        .isEqualTo("jdbc:postgresql://[::1]:5432/test%2Fx");
  }

  @Test
  void postgresUrisReachTheServer() throws Exception {
    Services.require("127.0.0.1", 5432, "postgres");
    HealthCheck check = build("postgresql://postgres@127.0.0.1:5432/test?timeout=700ms");
    HealthCheck renamed = build("postgres://postgres@127.0.0.1/test?name=main-db");

    assertThat(Timing.runWithinDeadline(check).status()).isEqualTo(Status.PASS);
    assertThat(renamed.check().check().status()).isEqualTo(Status.PASS);
  }

  @Test
  void postgresWrongPasswordFailsWithoutShowingIt() throws Exception {
    Services.require("127.0.0.1", 5432, "postgres");
    HealthCheck check = build("postgresql://nobody_here:" + SECRET + "@127.0.0.1:5432/test");

    Result result = Timing.runWithinDeadline(check);

    assertThat(result.status()).isEqualTo(Status.FAIL);
    assertThat(result.output()).contains("nobody_here").doesNotContain(SECRET);
    assertThat(check + " " + check.check() + " " + check.componentId()).doesNotContain(SECRET);
  }

  @Test
  void mysqlAndMariadbUrisUseTheMariadbDriver() throws Exception {
    Services.require("127.0.0.1", 3306, "mariadb");
    HealthCheck mysql = build("mysql://root@127.0.0.1/test");
    HealthCheck wrong = build("mariadb://root:" + SECRET + "@127.0.0.1:3306/test");

    assertThat(mysql.name()).isEqualTo("mysql");
    assertThat(mysql.componentId()).isEqualTo("jdbc:mariadb://127.0.0.1:3306/test");
    assertThat(Timing.runWithinDeadline(mysql).status()).isEqualTo(Status.PASS);
    Result denied = Timing.runWithinDeadline(wrong);
    assertThat(denied.status()).isEqualTo(Status.FAIL);
    assertThat(denied.output()).contains("Access denied").doesNotContain(SECRET);
    assertThat(wrong.name()).isEqualTo("mysql");
  }

  @Test
  void jdbcUrlKeepsDriverParametersAndDropsPolicyOnes() throws Exception {
    HealthCheck h2 = build("jdbc:h2:mem:uris;DB_CLOSE_DELAY=-1");
    HealthCheck pg = build("jdbc:postgresql://127.0.0.1:5432/test?user=postgres&timeout=500ms&name=pg");

    assertThat(h2.name()).isEqualTo("h2");
    assertThat(Timing.runWithinDeadline(h2).status()).isEqualTo(Status.PASS);
    assertThat(pg.name()).isEqualTo("pg");
    assertThat(pg.timeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(pg.componentId()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/test");
    assertThat(build("jdbc:mariadb://db/x").name()).isEqualTo("mysql");
    assertThat(build("jdbc:postgresql://db/x").name()).isEqualTo("postgres");
  }

  @Test
  void jdbcUrlWithoutPolicyParametersReachesTheServer() throws Exception {
    Services.require("127.0.0.1", 5432, "postgres");
    HealthCheck pg = build("jdbc:postgresql://127.0.0.1:5432/test?user=postgres&timeout=500ms&name=pg");

    assertThat(Timing.runWithinDeadline(pg).status()).isEqualTo(Status.PASS);
  }

  @Test
  void redisAndMemcachedUrisNameTheirChecks() throws Exception {
    assertThat(build("redis://127.0.0.1:6379/1").name()).isEqualTo("redis");
    assertThat(build("rediss://cache:6380").name()).isEqualTo("redis");
    assertThat(build("memcached://127.0.0.1").name()).isEqualTo("memcached");
    assertThat(build("memcached://[::1]").componentId()).isEqualTo("[::1]:11211");
    assertThat(run("memcached://127.0.0.1:" + Services.freePort()).status()).isEqualTo(Status.FAIL);
  }

  @Test
  void redisAndMemcachedUrisReachTheServers() throws Exception {
    Services.require("127.0.0.1", 6379, "redis");
    Services.require("127.0.0.1", 11211, "memcached");

    assertThat(run("redis://127.0.0.1/1").status()).isEqualTo(Status.PASS);
    assertThat(run("memcached://127.0.0.1").status()).isEqualTo(Status.PASS);
  }

  @Test
  void httpParametersSetTheExpectationAndTheRestGoesToTheServer() throws Exception {
    String base = "http://127.0.0.1:" + http.getAddress().getPort();

    assertThat(build(base + "/ok").name()).isEqualTo("http");
    assertThat(run(base + "/ok").status()).isEqualTo(Status.PASS);
    assertThat(run(base + "/ok?expect=204").status()).as("no query reaches the server").isEqualTo(Status.FAIL);
    assertThat(run(base + "/ok?full=1&expect=204").status()).isEqualTo(Status.PASS);
    assertThat(run(base + "/moved").output())
        .isEqualTo("GET " + base + "/moved: HTTP 301 not in expected 200-299 (redirect to /ok)");
    assertThat(run(base + "/moved?expect=3xx").status()).isEqualTo(Status.PASS);
    assertThat(run(base + "/moved?expect=200-399").status()).isEqualTo(Status.PASS);
    assertThat(run(base + "/moved?followRedirects=true").status()).isEqualTo(Status.PASS);
    assertThat(build("https://api.internal/health?token=t&timeout=300ms").componentId())
        .isEqualTo("https://api.internal/health");
  }

  @Test
  void tcpDnsAndTls(@TempDir Path dir) throws Exception {
    try (SilentServer silent = new SilentServer()) {
      assertThat(build("tcp://127.0.0.1:" + silent.port()).name()).isEqualTo("tcp");
      assertThat(run("tcp://127.0.0.1:" + silent.port()).status()).isEqualTo(Status.PASS);
    }
    assertThat(build("dns://localhost").name()).isEqualTo("dns");
    assertThat(run("dns://localhost").status()).isEqualTo(Status.PASS);
    assertThat(run("dns://vitals-test.invalid?timeout=3s").status()).isEqualTo(Status.FAIL);

    Path shortLived = Certificates.keyStore(dir, "short", "-validity", "5");
    try (Certificates.TlsServer server = new Certificates.TlsServer(shortLived)) {
      String uri = "tls://127.0.0.1:" + server.port();
      HealthCheck tls = build(uri);

      assertThat(tls.name()).isEqualTo("tls");
      assertThat(tls.key()).isEqualTo("tls:daysUntilExpiry");
      assertThat(Timing.runWithinDeadline(tls).status()).isEqualTo(Status.WARN);
      assertThat(run(uri + "?warnDays=3").status()).isEqualTo(Status.PASS);
    }
    assertThat(build("tls://example.com").componentId()).isEqualTo("example.com:443");
  }

  @Test
  void diskThresholdsArePercentagesUsedOrFreeSizes(@TempDir Path dir) throws Exception {
    HealthCheck disk = build("disk:" + dir);

    assertThat(disk.name()).isEqualTo("disk");
    assertThat(disk.key()).isEqualTo("disk:utilization");
    assertThat(disk.componentId()).isEqualTo(dir.toString());
    assertThat(run("disk:" + dir + "?warn=100&fail=100").status()).isEqualTo(Status.PASS);
    assertThat(run("disk:" + dir + "?warn=99.5%25&fail=100%25").status()).isEqualTo(Status.PASS);
    assertThat(run("disk:" + dir + "?warn=1B&fail=1B").status()).isEqualTo(Status.PASS);
    assertThat(run("disk:" + dir + "?fail=1000000TB&warn=1000000TB").output())
        .startsWith("disk " + dir + ": ").endsWith("(fail at under 976.6 PiB free)");
    // Units in any case, binary: 1mb is 1 MiB. A disk has under 976.6 TiB and over 1 MiB free.
    Result units = run("disk:" + dir + "?warn=1000000GiB&fail=1mb");
    assertThat(units.status()).isEqualTo(Status.WARN);
    assertThat(units.output()).endsWith("(warn at under 976.6 TiB free)");
    assertThat(build("disk:" + dir + "?warn=1000000GiB&fail=1mb").check()).hasToString("DiskSpaceCheck{"
        + dir + ", warn at under 976.6 TiB free, fail at under 1.0 MiB free}");
    assertThat(build("disk:///var/lib").componentId()).isEqualTo("/var/lib");
  }

  @Test
  void missingPartsAndBadValuesAreNamedWordForWord() {
    String[][] cases = {
      {"tcp:///", "tcp URI needs a host: tcp://host:port"},
      {"tcp://db", "tcp URI needs a port: tcp://host:port"},
      {"tcp://u:" + SECRET + "@db:1", "tcp URI must not have user info: tcp://host:port"},
      {"memcached:///", "memcached URI needs a host: memcached://host[:port]"},
      {"memcached://u:" + SECRET + "@h", "memcached URI must not have user info: the text protocol has no authentication"},
      {"postgresql:///db", "postgresql URI needs a host: postgresql://[user[:password]@]host[:port][/database]"},
      {"postgres://u:" + SECRET + "@h/a/b", "postgres URI path must be /database: postgresql://[user[:password]@]host[:port][/database]"},
      {"mysql://h:99999/db", "malformed check URI 'mysql://h:99999/db': port must be 1-65535: 99999"},
      {"mysql:///db", "mysql URI needs a host: mysql://[user[:password]@]host[:port][/database]"},
      {"mariadb:///db", "mariadb URI needs a host: mariadb://[user[:password]@]host[:port][/database]"},
      {"jdbc:", "jdbc URL needs a driver name: jdbc:<driver>:…"},
      {"redis:///", "redis URI must have a host: redis[s]://[[user]:password@]host[:port][/db]"},
      {"redis://:" + SECRET + "@h?db=1", "unknown parameter 'db' in 'redis://:****@h?db=1'"},
      {"http:///x", "http URL must have a host: http[s]://host[:port][/path]"},
      {"http://h/?expect=ok", "expect must be a status, a range or a class such as 200, 200-399 or 2xx, got 'ok'"},
      {"http://h/?followRedirects=yes", "followRedirects must be true or false, got 'yes'"},
      {"dns:///", "dns URI needs a name: dns://name"},
      {"dns://h:53", "dns URI must be only a name: dns://name"},
      {"tls:///", "tls URI needs a host: tls://host[:port]"},
      {"tls://h?warnDays=soon", "warnDays must be a whole number of days, got 'soon'"},
      {"tls://h?warn=3", "unknown parameter 'warn' in 'tls://h?warn=3'"},
      {"disk:?warn=80", "disk URI needs a path: disk:/path"},
      {"disk:/x?warn=lots", "warn must be a percentage used such as 80 or a free size such as 10GB, got 'lots'"},
      {"disk:/x?fail=0", "fail must be a percentage above 0 and at most 100: 0.0"},
      {"disk:/x?warn=96", "warn (96% used) must not be above fail (95% used)"},
      {"tcp://h:1?foo=bar", "unknown parameter 'foo' in 'tcp://h:1?foo=bar'"},
    };
    for (String[] c : cases) {
      assertThatThrownBy(() -> build(c[0]))
          .as(c[0])
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(c[1]);
    }
  }

  @Test
  void noErrorMessageShowsThePassword() {
    String[] uris = {
      "postgresql://u:" + SECRET + "@/db",
      "postgresql://u:" + SECRET + "@h/db?timeout=fast",
      "mysql://u:" + SECRET + "@h:99999/db",
      "redis://u:" + SECRET + "@h/x",
      "redis://u:" + SECRET + "@h:1?name=bad name",
      "http://u:" + SECRET + "@h/",
      "tcp://u:" + SECRET + "@h",
      "memcached://u:" + SECRET + "@h/path",
      "jdbc:postgresql://h/db?user=u&password=" + SECRET + "&critical=maybe",
      "nosuch://u:" + SECRET + "@h",
    };
    for (String uri : uris) {
      assertThatThrownBy(() -> build(uri))
          .as(uri)
          .isInstanceOf(IllegalArgumentException.class)
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET));
    }
  }
}
