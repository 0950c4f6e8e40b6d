package dev.vitals.checks;

import dev.vitals.Check;
import dev.vitals.HealthCheck;
import dev.vitals.Result;
import dev.vitals.spi.Deadline;
import dev.vitals.spi.Outputs;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.Executor;
import javax.sql.DataSource;

/**
 * Checks a relational database through JDBC: borrow a connection, then {@link
 * Connection#isValid(int)} or a validation query.
 *
 * <pre>{@code
 * Vitals.builder()
 *     // The application's own pool: measures what requests will get, including pool exhaustion.
 *     .check(JdbcCheck.of("postgres", dataSource))
 *     // A URL: opens and closes a connection on every run (for databases the app has no pool for).
 *     .check(JdbcCheck.ofUrl("reports", "jdbc:postgresql://db:5432/reports", "app", secret)
 *         .timeout(Duration.ofMillis(500)))
 *     // A validation query instead of isValid, e.g. to prove a table is readable.
 *     .check(JdbcCheck.create(dataSource)
 *         .validationQuery("SELECT 1 FROM orders LIMIT 1")
 *         .healthCheck("orders-db").timeout(Duration.ofSeconds(2)))
 *     .build();
 * }</pre>
 *
 * <p>What a run measures, and how it keeps to the registration's timeout (every limit below
 * is taken from the time left before the deadline, {@link Deadline#current()}, on each run):
 *
 * <ul>
 *   <li>Borrowing from a {@link DataSource} waits as long as the pool's own connection timeout
 *       allows (the engine interrupts at the deadline; most pools honour that). Keep the pool's
 *       timeout at or below the registration's: the check cannot change it per call.
 *   <li>A URL check opens a connection with {@link DriverManager}. For PostgreSQL, MariaDB and
 *       MySQL it passes the time left as the driver's own connect, login and socket timeouts
 *       (unless the URL or the properties set them). Other drivers read DriverManager's login
 *       timeout, which is JVM-wide: when it is 0 (unlimited, the JDK default) the check sets it
 *       to the time left rounded up to seconds, and raises it for a run with more time left; a
 *       value the application set itself is left alone.
 *   <li>On the connection, the check sets {@link Connection#setNetworkTimeout network timeout}
 *       to the time left (restoring the previous value before the connection goes back to a
 *       pool), then calls {@code isValid(seconds)} or runs the query with {@link
 *       Statement#setQueryTimeout(int) setQueryTimeout(seconds)}, seconds being the time left
 *       rounded up. A driver that does not support network timeouts is bounded by the engine's
 *       interrupt and its own settings only.
 * </ul>
 *
 * <p>The engine reports the run time as {@code responseTime}. componentType is {@code
 * datastore}; a URL check's componentId is the URL without credentials and parameters. Failure
 * output is the driver's message, sanitised: no passwords, in output, exceptions or {@link
 * #toString()}.
 */
public final class JdbcCheck implements Check {
  private static final System.Logger LOG = System.getLogger(JdbcCheck.class.getName());
  private static final Executor DIRECT = Runnable::run;
  private static final Object LOGIN_TIMEOUT_LOCK = new Object();
  private static int loginTimeoutWeSet; // guarded by LOGIN_TIMEOUT_LOCK; 0: never set

  private final DataSource dataSource; // null for a URL check
  private final String url; // null for a DataSource check
  private final Properties info; // copy; never shown
  private final String description; // safe to show
  private final String validationQuery; // null: Connection.isValid

  private JdbcCheck(
      DataSource dataSource,
      String url,
      Properties info,
      String description,
      String validationQuery) {
    this.dataSource = dataSource;
    this.url = url;
    this.info = info;
    this.description = description;
    this.validationQuery = validationQuery;
  }

  /**
   * A registration named {@code name} that checks a connection from {@code dataSource} with
   * {@code isValid}; componentType {@code datastore}. The registration's timeout (1 s unless set)
   * bounds the run.
   */
  public static HealthCheck.Builder of(String name, DataSource dataSource) {
    return create(dataSource).healthCheck(name);
  }

  /**
   * A registration named {@code name} that opens a connection to {@code url} on every run and
   * checks it with {@code isValid}. Credentials may be in the URL (they are never shown);
   * componentId is the URL without them.
   */
  public static HealthCheck.Builder ofUrl(String name, String url) {
    return create(url, new Properties()).healthCheck(name);
  }

  /** As {@link #ofUrl(String, String)}, logging in as {@code user}. */
  public static HealthCheck.Builder ofUrl(String name, String url, String user, String password) {
    Properties info = new Properties();
    info.setProperty("user", Objects.requireNonNull(user, "user"));
    info.setProperty("password", Objects.requireNonNull(password, "password"));
    return create(url, info).healthCheck(name);
  }

  /** The bare check of connections from {@code dataSource}. */
  public static JdbcCheck create(DataSource dataSource) {
    Objects.requireNonNull(dataSource, "dataSource");
    return new JdbcCheck(
        dataSource, null, null, "DataSource " + dataSource.getClass().getSimpleName(), null);
  }

  /**
   * The bare check of connections opened to {@code url} with driver properties {@code info}
   * (copied; typically {@code user} and {@code password}).
   */
  public static JdbcCheck create(String url, Properties info) {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(info, "info");
    if (!url.startsWith("jdbc:") || url.length() < 6) {
      throw new IllegalArgumentException("url must be a JDBC URL starting with 'jdbc:'");
    }
    Properties copy = new Properties();
    copy.putAll(info);
    return new JdbcCheck(null, url, copy, safeUrl(url), null);
  }

  /**
   * This check running {@code sql} (with a query timeout) instead of {@code isValid}. Use a
   * query that proves what readiness needs, and that is cheap: it runs on every check.
   */
  public JdbcCheck validationQuery(String sql) {
    if (sql == null || sql.isBlank()) {
      throw new IllegalArgumentException("validationQuery must not be blank");
    }
    return new JdbcCheck(dataSource, url, info, description, sql);
  }

  /**
   * A registration of this check with its componentType set, and for a URL check its
   * componentId.
   */
  public HealthCheck.Builder healthCheck(String name) {
    HealthCheck.Builder b = HealthCheck.builder(name, this).componentType("datastore");
    return url == null ? b : b.componentId(description);
  }

  @Override
  public Result check() {
    Deadline deadline = Deadline.current();
    try (Connection connection = open(deadline)) {
      int previous = networkTimeout(connection, deadline.remainingMillis("connect"));
      try {
        int seconds = seconds(deadline.remainingMillis("connect"));
        if (validationQuery == null) {
          if (!connection.isValid(seconds)) {
            return Result.fail(
                description + ": connection is not valid (isValid(" + seconds + ") is false)");
          }
        } else {
          try (Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(seconds);
            statement.execute(validationQuery);
          }
        }
        return Result.pass();
      } finally {
        if (previous >= 0 && !connection.isClosed()) {
          networkTimeout(connection, previous);
        }
      }
    } catch (SQLException | IOException e) {
      return Result.fail(description + ": " + Outputs.describe(e));
    }
  }

  @Override
  public String toString() {
    return "JdbcCheck{" + description
        + (validationQuery == null ? ", isValid" : ", validationQuery") + "}";
  }

  private Connection open(Deadline deadline) throws SQLException, IOException {
    if (dataSource != null) {
      return dataSource.getConnection();
    }
    int millis = deadline.remainingMillis("connect");
    Properties props = new Properties();
    props.putAll(info);
    if (!driverTimeouts(props, millis)) {
      ensureLoginTimeout(seconds(millis));
    }
    return DriverManager.getConnection(url, props);
  }

  /**
   * Adds the connect, login and socket timeouts of the drivers we know, unless the URL or the
   * properties already set them. False for other drivers.
   */
  private boolean driverTimeouts(Properties props, int millis) {
    String secondsText = Integer.toString(seconds(millis));
    if (url.startsWith("jdbc:postgresql:")) {
      // pgjdbc ignores DriverManager's login timeout (its loginTimeout defaults to "0").
      putIfUnset(props, "loginTimeout", Double.toString(millis / 1000.0));
      putIfUnset(props, "connectTimeout", secondsText);
      putIfUnset(props, "socketTimeout", secondsText);
      return true;
    }
    if (url.startsWith("jdbc:mariadb:") || url.startsWith("jdbc:mysql:")) {
      putIfUnset(props, "connectTimeout", Integer.toString(millis));
      putIfUnset(props, "socketTimeout", Integer.toString(millis));
      return true;
    }
    return false;
  }

  private void putIfUnset(Properties props, String key, String value) {
    if (!props.containsKey(key) && !url.toLowerCase(Locale.ROOT).contains(key.toLowerCase(Locale.ROOT) + "=")) {
      props.setProperty(key, value);
    }
  }

  /**
   * Sets the connection's network timeout, returning the previous one, or -1 when the driver
   * does not support it.
   */
  private static int networkTimeout(Connection connection, int millis) {
    try {
      int previous = connection.getNetworkTimeout();
      connection.setNetworkTimeout(DIRECT, millis);
      return previous;
    } catch (SQLException | UnsupportedOperationException e) {
      return -1;
    }
  }

  /** Raises DriverManager's JVM-wide login timeout from unlimited, never overriding the app. */
  private static void ensureLoginTimeout(int seconds) {
    synchronized (LOGIN_TIMEOUT_LOCK) {
      int current = DriverManager.getLoginTimeout();
      boolean ours = current == 0 || current == loginTimeoutWeSet;
      if (ours && current < seconds) {
        if (current == 0) {
          LOG.log(
              Level.INFO,
              "DriverManager login timeout was unlimited; JdbcCheck sets it to {0} s",
              seconds);
        }
        DriverManager.setLoginTimeout(seconds);
        loginTimeoutWeSet = seconds;
      }
    }
  }

  /** Milliseconds rounded up to whole seconds, at least 1 (JDBC reads 0 as "no limit"). */
  private static int seconds(int millis) {
    return Math.max(1, (millis + 999) / 1000);
  }

  /**
   * The URL without what may hold credentials: parameters (after {@code ?} or {@code ;}) and
   * user info (before an {@code @}).
   */
  static String safeUrl(String url) {
    String s = url;
    int cut = s.length();
    for (char c : new char[] {'?', ';'}) {
      int i = s.indexOf(c);
      if (i >= 0 && i < cut) {
        cut = i;
      }
    }
    s = s.substring(0, cut);
    int at = s.lastIndexOf('@');
    if (at >= 0) {
      int slashes = s.indexOf("//");
      int start = slashes >= 0 && slashes < at ? slashes + 2 : s.indexOf(':', 5) + 1;
      s = s.substring(0, Math.max(start, 5)) + s.substring(at + 1);
    }
    return Outputs.sanitize(s);
  }
}
