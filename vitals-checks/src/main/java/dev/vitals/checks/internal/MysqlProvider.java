package dev.vitals.checks.internal;

import dev.vitals.HealthCheck;
import dev.vitals.checks.JdbcCheck;
import dev.vitals.spi.CheckProvider;
import dev.vitals.spi.CheckUri;
import java.util.Set;

/**
 * {@code mysql://[user[:password]@]host[:port][/database][?driver parameters]} and {@code
 * mariadb://…}: port 3306 by default, user and password passed as driver properties. Both
 * schemes use MariaDB Connector/J ({@code jdbc:mariadb://}) when it is on the class path (it
 * talks to MySQL servers too), otherwise MySQL Connector/J ({@code jdbc:mysql://}); with
 * neither, creating the check fails naming both. Default name {@code mysql}.
 */
public final class MysqlProvider implements CheckProvider {
  static final String FORM = "mysql://[user[:password]@]host[:port][/database]";

  @Override
  public Set<String> schemes() {
    return Set.of("mysql", "mariadb");
  }

  @Override
  public boolean accepts(String parameter) {
    return true;
  }

  @Override
  public HealthCheck.Builder create(CheckUri uri) {
    String form = uri.scheme() + FORM.substring(FORM.indexOf(':'));
    String subprotocol;
    if (Uris.present("org.mariadb.jdbc.Driver")) {
      subprotocol = "mariadb";
    } else if (Uris.present("com.mysql.cj.jdbc.Driver")) {
      subprotocol = "mysql";
    } else {
      Uris.host(uri, form);
      throw new IllegalArgumentException(uri.scheme() + " URI needs a JDBC driver on the class"
          + " path: org.mariadb.jdbc:mariadb-java-client or com.mysql:mysql-connector-j");
    }
    String url = PostgresProvider.jdbcUrl(uri, subprotocol, 3306, form);
    return JdbcCheck.create(url, PostgresProvider.credentials(uri)).healthCheck("mysql");
  }
}
