package dev.vitals.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.vitals.HealthCheck;
import dev.vitals.Result;
import dev.vitals.Status;
import dev.vitals.testing.Services;
import dev.vitals.testing.SilentServer;
import dev.vitals.testing.TcpProxy;
import dev.vitals.testing.Timing;
import java.time.Duration;
import java.util.Properties;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

class JdbcCheckTest {
  private static final String SECRET = "pw-S3cret-x9";

  @Test
  void factoriesPreconfigureTheRegistration() {
    HealthCheck byUrl =
        JdbcCheck.ofUrl("pg", "jdbc:postgresql://db:5432/app?user=app&password=" + SECRET).build();
    HealthCheck byDataSource = JdbcCheck.of("h2", new JdbcDataSource()).build();

    assertThat(byUrl.timeout()).as("the engine's default").isEqualTo(Duration.ofSeconds(1));
    assertThat(byUrl.componentType()).isEqualTo("datastore");
    assertThat(byUrl.componentId()).isEqualTo("jdbc:postgresql://db:5432/app");
    assertThat(byUrl.check()).hasToString("JdbcCheck{jdbc:postgresql://db:5432/app, isValid}");
    assertThat(byDataSource.timeout()).isEqualTo(Duration.ofSeconds(1));
    assertThat(byDataSource.componentType()).isEqualTo("datastore");
    assertThat(byDataSource.componentId()).isNull();
  }

  @Test
  void safeUrlDropsCredentialsAndParameters() {
    assertThat(JdbcCheck.safeUrl("jdbc:mysql://root:" + SECRET + "@db:3306/app?ssl=true"))
        .isEqualTo("jdbc:mysql://db:3306/app");
    assertThat(JdbcCheck.safeUrl("jdbc:sqlserver://db:1433;user=sa;password=" + SECRET))
        .isEqualTo("jdbc:sqlserver://db:1433");
    assertThat(JdbcCheck.safeUrl("jdbc:oracle:thin:scott/" + SECRET + "@db:1521:orcl"))
        .isEqualTo("jdbc:oracle:db:1521:orcl");
    assertThat(JdbcCheck.safeUrl("jdbc:h2:mem:test;DB_CLOSE_DELAY=-1")).isEqualTo("jdbc:h2:mem:test");
  }

  @Test
  void rejectsBadArguments() {
    assertThatThrownBy(() -> JdbcCheck.ofUrl("x", "postgresql://u:" + SECRET + "@h/db"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("url must be a JDBC URL starting with 'jdbc:'");
    assertThatThrownBy(() -> JdbcCheck.create(new JdbcDataSource()).validationQuery(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("validationQuery must not be blank");
  }

  @Nested
  class H2 {
    @Test
    void dataSourceUrlAndValidationQueryPass() throws Exception {
      JdbcDataSource ds = new JdbcDataSource();
      ds.setURL("jdbc:h2:mem:vitals;DB_CLOSE_DELAY=-1");

      assertThat(Timing.runWithinDeadline(JdbcCheck.of("h2", ds).build()).status())
          .isEqualTo(Status.PASS);
      assertThat(JdbcCheck.ofUrl("h2", "jdbc:h2:mem:other").build().check().check().status())
          .isEqualTo(Status.PASS);
      assertThat(
              JdbcCheck.create(ds).validationQuery("SELECT 1").healthCheck("h2")
                  .build().check().check().status())
          .isEqualTo(Status.PASS);
    }

    @Test
    void failingValidationQueryFailsWithTheDriversMessage() throws Exception {
      JdbcDataSource ds = new JdbcDataSource();
      ds.setURL("jdbc:h2:mem:vitals2");

      Result result =
          JdbcCheck.create(ds).validationQuery("SELECT * FROM missing_table")
              .check();

      assertThat(result.status()).isEqualTo(Status.FAIL);
      assertThat(result.output())
          .startsWith("DataSource JdbcDataSource: JdbcSQLSyntaxErrorException:")
          .contains("MISSING_TABLE");
    }
  }

  @Nested
  class Postgres {
    private static final String URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

    /** For the tests that need the shared server; the others need only the driver. */
    private void postgresIsUp() {
      Services.require("127.0.0.1", 5432, "postgres");
    }

    @Test
    void urlAndDataSourcePass() throws Exception {
      postgresIsUp();
      PGSimpleDataSource ds = new PGSimpleDataSource();
      ds.setURL(URL);

      assertThat(Timing.runWithinDeadline(JdbcCheck.ofUrl("pg", URL).build()).status())
          .isEqualTo(Status.PASS);
      assertThat(Timing.runWithinDeadline(JdbcCheck.of("pg", ds).build()).status())
          .isEqualTo(Status.PASS);
      assertThat(
              JdbcCheck.create(URL, new Properties()).validationQuery("SELECT 1")
                  .check().status())
          .isEqualTo(Status.PASS);
    }

    @Test
    void refusedConnectionFails() throws Exception {
      int port = Services.freePort();
      HealthCheck check =
          JdbcCheck.ofUrl("pg", "jdbc:postgresql://127.0.0.1:" + port + "/test?user=postgres").build();

      Result result = Timing.runWithinDeadline(check);

      assertThat(result.status()).isEqualTo(Status.FAIL);
      assertThat(result.output()).startsWith("jdbc:postgresql://127.0.0.1:" + port + "/test: ");
    }

    @Test
    void hungServerFailsAtTheDeadline() throws Exception {
      try (SilentServer silent = new SilentServer()) {
        HealthCheck check =
            JdbcCheck.ofUrl("pg", "jdbc:postgresql://127.0.0.1:" + silent.port() + "/test?user=postgres")
                .build();

        Result result = Timing.runWithinDeadline(check);

        assertThat(result.status()).isEqualTo(Status.FAIL);
      }
    }

    @Test
    void frozenServerBehindAPoolFailsAtTheDeadline() throws Exception {
      postgresIsUp();
      try (TcpProxy proxy = new TcpProxy("127.0.0.1", 5432);
          HikariDataSource pool = pool("jdbc:postgresql://127.0.0.1:" + proxy.port() + "/test", "postgres", "")) {
        HealthCheck check = JdbcCheck.of("pg", pool).build();
        assertThat(check.check().check().status()).isEqualTo(Status.PASS);

        proxy.freeze();
        Result frozen = Timing.runWithinDeadline(check);
        proxy.thaw();

        assertThat(frozen.status()).isEqualTo(Status.FAIL);
      }
    }

    @Test
    void frozenServerBehindAUrlFailsAtTheDeadline() throws Exception {
      postgresIsUp();
      try (TcpProxy proxy = new TcpProxy("127.0.0.1", 5432)) {
        HealthCheck check =
            JdbcCheck.ofUrl("pg", "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/test?user=postgres")
                .build();
        assertThat(check.check().check().status()).isEqualTo(Status.PASS);

        proxy.freeze();
        Result frozen = Timing.runWithinDeadline(check);
        proxy.thaw();

        assertThat(frozen.status()).isEqualTo(Status.FAIL);
      }
    }

    @Test
    void unknownRoleFailsWithoutShowingThePassword() throws Exception {
      postgresIsUp();
      HealthCheck check =
          JdbcCheck.ofUrl("pg", "jdbc:postgresql://127.0.0.1:5432/test?user=nobody_here&password=" + SECRET)
              .build();

      Result result = Timing.runWithinDeadline(check);

      assertThat(result.status()).isEqualTo(Status.FAIL);
      assertThat(result.output()).contains("nobody_here").doesNotContain(SECRET);
      assertThat(check.toString() + check.check() + check.componentId()).doesNotContain(SECRET);
    }
  }

  @Nested
  class MariaDb {
    private static final String URL = "jdbc:mariadb://127.0.0.1:3306/test";

    /** For the tests that need the shared server; the others need only the driver. */
    private void mariadbIsUp() {
      Services.require("127.0.0.1", 3306, "mariadb");
    }

    @Test
    void urlAndPoolPass() throws Exception {
      mariadbIsUp();
      assertThat(
              Timing.runWithinDeadline(JdbcCheck.ofUrl("maria", URL, "root", "").build())
                  .status())
          .isEqualTo(Status.PASS);
      try (HikariDataSource pool = pool(URL, "root", "")) {
        assertThat(Timing.runWithinDeadline(JdbcCheck.of("maria", pool).build()).status())
            .isEqualTo(Status.PASS);
      }
    }

    @Test
    void refusedConnectionFails() throws Exception {
      int port = Services.freePort();
      HealthCheck check =
          JdbcCheck.ofUrl("maria", "jdbc:mariadb://127.0.0.1:" + port + "/test?user=root").build();

      Result result = Timing.runWithinDeadline(check);

      assertThat(result.status()).isEqualTo(Status.FAIL);
    }

    @Test
    void hungServerFailsAtTheDeadline() throws Exception {
      try (SilentServer silent = new SilentServer()) {
        HealthCheck check =
            JdbcCheck.ofUrl("maria", "jdbc:mariadb://127.0.0.1:" + silent.port() + "/test?user=root")
                .build();

        Result result = Timing.runWithinDeadline(check);

        assertThat(result.status()).isEqualTo(Status.FAIL);
      }
    }

    @Test
    void frozenServerBehindAPoolFailsAtTheDeadline() throws Exception {
      mariadbIsUp();
      try (TcpProxy proxy = new TcpProxy("127.0.0.1", 3306);
          HikariDataSource pool = pool("jdbc:mariadb://127.0.0.1:" + proxy.port() + "/test", "root", "")) {
        HealthCheck check = JdbcCheck.of("maria", pool).build();
        assertThat(check.check().check().status()).isEqualTo(Status.PASS);

        proxy.freeze();
        Result frozen = Timing.runWithinDeadline(check);
        proxy.thaw();

        assertThat(frozen.status()).isEqualTo(Status.FAIL);
      }
    }

    @Test
    void wrongPasswordFailsWithoutShowingIt() throws Exception {
      mariadbIsUp();
      HealthCheck check = JdbcCheck.ofUrl("maria", URL, "root", SECRET).build();

      Result result = Timing.runWithinDeadline(check);

      assertThat(result.status()).isEqualTo(Status.FAIL);
      assertThat(result.output()).contains("Access denied").doesNotContain(SECRET);
      assertThat(check.toString() + check.check()).doesNotContain(SECRET);
    }
  }

  /** A small real pool, as an application would have, with timeouts below the check's. */
  static HikariDataSource pool(String url, String user, String password) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setUsername(user);
    config.setPassword(password);
    config.setMaximumPoolSize(1);
    config.setConnectionTimeout(250);
    config.setValidationTimeout(250);
    config.setInitializationFailTimeout(-1);
    return new HikariDataSource(config);
  }
}
