package dev.vitals.checks.internal;

import dev.vitals.HealthCheck;
import dev.vitals.checks.JdbcCheck;
import dev.vitals.spi.CheckProvider;
import dev.vitals.spi.CheckUri;
import java.util.Properties;
import java.util.Set;

/**
 * {@code postgresql://[user[:password]@]host[:port][/database][?driver parameters]} (also {@code
 * postgres://}): checked as {@code jdbc:postgresql://host:port/database} with the user and
 * password passed as driver properties, never in the URL. Port 5432 by default. Other
 * parameters ({@code sslmode=require}…) go to the PostgreSQL JDBC driver, which must be on the
 * class path. Default name {@code postgres}.
 */
public final class PostgresProvider implements CheckProvider {
  static final String FORM = "postgresql://[user[:password]@]host[:port][/database]";

  @Override
  public Set<String> schemes() {
    return Set.of("postgresql", "postgres");
  }

  @Override
  public boolean accepts(String parameter) {
    return true;
  }

  @Override
  public HealthCheck.Builder create(CheckUri uri) {
    String url = jdbcUrl(uri, "postgresql", 5432, FORM);
    if (!Uris.present("org.postgresql.Driver")) {
      throw new IllegalArgumentException(uri.scheme()
          + " URI needs the PostgreSQL JDBC driver (org.postgresql:postgresql) on the class path");
    }
    return JdbcCheck.create(url, credentials(uri)).healthCheck("postgres");
  }

  /** {@code jdbc:<sub>://host:port/database?params}: no credentials, no policy parameters. */
  static String jdbcUrl(CheckUri uri, String subprotocol, int defaultPort, String form) {
    Uris.host(uri, form);
    if (uri.rawPath().indexOf('/', 1) >= 0) {
      throw new IllegalArgumentException(uri.scheme() + " URI path must be /database: " + form);
    }
    String query = uri.targetQuery(Set.of());
    String database = uri.rawPath().isEmpty() ? "/" : uri.rawPath();
    return "jdbc:" + subprotocol + "://" + uri.hostAndPort(defaultPort) + database
        + (query.isEmpty() ? "" : "?" + query);
  }

  static Properties credentials(CheckUri uri) {
    Properties info = new Properties();
    if (uri.user() != null) {
      info.setProperty("user", uri.user());
    }
    if (uri.password() != null) {
      info.setProperty("password", uri.password());
    }
    return info;
  }
}
