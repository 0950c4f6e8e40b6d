package dev.vitals.checks.internal;

import dev.vitals.HealthCheck;
import dev.vitals.checks.JdbcCheck;
import dev.vitals.spi.CheckProvider;
import dev.vitals.spi.CheckUri;
import java.util.Locale;
import java.util.Set;

/**
 * {@code jdbc:<driver>:…}: any JDBC URL, opened with {@link java.sql.DriverManager} on every run.
 * Every parameter but the policy ones belongs to the driver and stays in the URL. Default name:
 * {@code postgres} for {@code jdbc:postgresql:}, {@code mysql} for {@code jdbc:mysql:} and
 * {@code jdbc:mariadb:}, otherwise the driver name ({@code h2}, {@code sqlserver}…).
 */
public final class JdbcProvider implements CheckProvider {
  @Override
  public Set<String> schemes() {
    return Set.of("jdbc");
  }

  @Override
  public boolean accepts(String parameter) {
    return true;
  }

  @Override
  public HealthCheck.Builder create(CheckUri uri) {
    String url = uri.rawWithoutPolicy();
    int colon = url.indexOf(':', 5);
    String driver = colon < 0 ? "" : url.substring(5, colon).toLowerCase(Locale.ROOT);
    if (!driver.matches("[a-z0-9][a-z0-9._-]{0,63}")) {
      throw new IllegalArgumentException("jdbc URL needs a driver name: jdbc:<driver>:…");
    }
    String name = driver.equals("postgresql") ? "postgres"
        : driver.equals("mariadb") ? "mysql"
        : driver;
    return JdbcCheck.ofUrl(name, url);
  }
}
