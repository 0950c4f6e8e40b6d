package dev.vitals.example;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.vitals.HealthEndpoints;
import dev.vitals.Vitals;
import dev.vitals.checks.DeadlockCheck;
import dev.vitals.checks.JdbcCheck;
import dev.vitals.checks.RedisCheck;
import dev.vitals.spi.Outputs;
import dev.vitals.server.HealthHandler;
import dev.vitals.server.HealthServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A small notes service: {@code POST /notes} stores the request body as a note, {@code GET /notes}
 * lists the latest 100. It keeps its notes in SQL (H2 in memory unless {@code DATABASE_URL} says
 * otherwise) and serves Vitals' health endpoints on the same port, or on a port of their own when
 * {@code MANAGEMENT_PORT} is set.
 *
 * <p>What it shows: a readiness check on the application's own connection pool, an optional
 * non-critical Redis check, a liveness deadlock check, startup that completes only once the
 * schema exists, a drain on SIGTERM (readiness fails at once, requests keep being served for the
 * drain delay, then the server stops and the pool closes), and queries that fail at the
 * connection level reported to the engine ({@code vitals.suspect("database", e)}), so that an
 * outage the traffic sees is confirmed within the check's timeout.
 */
public final class NotesApp implements AutoCloseable {
  static {
    // Before anything logs: one line per record, and handlers that survive until the drain ends.
    if (System.getProperty("java.util.logging.manager") == null) {
      System.setProperty("java.util.logging.manager", DrainSafeLogManager.class.getName());
    }
    if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
      System.setProperty(
          "java.util.logging.SimpleFormatter.format", "%1$tFT%1$tT.%1$tL %4$s %3$s: %5$s%6$s%n");
    }
  }

  private static final System.Logger LOG = System.getLogger("dev.vitals.example");
  private static final int MAX_NOTE_BYTES = 4096;

  private final Vitals vitals;
  private final HttpServer server;
  private final HealthServer management; // null: health is served on the API's port
  private final HikariDataSource pool;
  private final Thread migration;

  private NotesApp(Vitals vitals, HttpServer server, HealthServer management, HikariDataSource pool,
      Thread migration) {
    this.vitals = vitals;
    this.server = server;
    this.management = management;
    this.pool = pool;
    this.migration = migration;
  }

  public static void main(String[] args) {
    NotesApp app;
    try {
      app = start(Config.fromEnv(System.getenv()));
    } catch (IllegalArgumentException e) {
      System.err.println("vitals-example: " + e.getMessage());
      System.exit(2);
      return;
    }
    if (app.healthPort() == app.port()) {
      LOG.log(Level.INFO, "notes service listening on port {0}", Integer.toString(app.port()));
    } else {
      LOG.log(Level.INFO, "notes service listening on port {0}, health endpoints on port {1}",
          Integer.toString(app.port()), Integer.toString(app.healthPort()));
    }
  }

  /** Starts the service; returns once it listens (startup completes in the background). */
  public static NotesApp start(Config config) {
    HikariDataSource pool = pool(config);
    NotesStore store = new NotesStore(pool, config.databaseUrl());

    Vitals.Builder builder =
        Vitals.builder()
            .serviceId("notes")
            .version(version())
            .description("Vitals example: a notes API backed by SQL")
            .drainDelay(config.drainDelay())
            .shutdownTimeout(config.shutdownTimeout())
            .shutdownHook(config.shutdownHook())
            .check(JdbcCheck.of("database", pool)
                .timeout(config.checkTimeout())
                .interval(config.checkInterval()))
            .check(DeadlockCheck.of());
    if (config.redisUrl() != null) {
      builder.check(RedisCheck.of("redis", config.redisUrl())
          .critical(false)
          .timeout(config.checkTimeout())
          .interval(config.checkInterval()));
    }

    HealthHandler.applyJdkDefaults();
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(config.port()), 128);
    } catch (IOException e) {
      pool.close();
      throw new IllegalArgumentException("PORT " + config.port() + " cannot be bound: " + e.getMessage(), e);
    }
    Vitals vitals =
        builder
            .shutdownTask("http", () -> server.stop(1)) // lets exchanges in flight finish
            .shutdownTask("database-pool", pool::close)
            .build();
    // Threads start only when none is idle, up to 64 (a slow client holds one while its request
    // arrives); beyond that new connections are closed.
    server.setExecutor(
        new ThreadPoolExecutor(4, 64, 60, TimeUnit.SECONDS, new SynchronousQueue<>()));
    server.createContext("/notes", exchange -> serveNotes(exchange, store, vitals));
    HealthEndpoints endpoints;
    try {
      endpoints = HealthEndpoints.builder(vitals).bearerToken(config.token()).build();
    } catch (IllegalArgumentException e) {
      // Nothing has started: stop at once, without the drain that SIGTERM would begin.
      server.stop(0);
      vitals.close();
      pool.close();
      throw new IllegalArgumentException("VITALS_TOKEN: " + e.getMessage(), e);
    }
    HealthServer management = null;
    if (config.managementPort() < 0) {
      HealthHandler.mount(server, endpoints);
    } else {
      try {
        // Stops after the API server and the pool: probes see "draining" to the end.
        management = HealthServer.builder(endpoints).port(config.managementPort()).start();
      } catch (java.io.UncheckedIOException e) {
        server.stop(0); // bound, never started: its port is released
        vitals.close();
        pool.close();
        throw new IllegalArgumentException("MANAGEMENT_PORT " + config.managementPort()
            + " cannot be bound: " + e.getCause().getMessage(), e);
      }
    }
    server.start();

    Thread migration = new Thread(() -> migrate(store, vitals), "notes-migration");
    migration.setDaemon(true);
    migration.start();
    return new NotesApp(vitals, server, management, pool, migration);
  }

  /** Creates the schema, retrying while the database is away, then declares startup done. */
  private static void migrate(NotesStore store, Vitals vitals) {
    while (!Thread.currentThread().isInterrupted()) {
      try {
        store.createSchema();
        vitals.markStarted();
        return;
      } catch (SQLException e) {
        LOG.log(Level.WARNING, "schema not created yet, retrying in 1 s: {0}", Outputs.describe(e));
        try {
          Thread.sleep(1000);
        } catch (InterruptedException stop) {
          return;
        }
      }
    }
  }

  private static HikariDataSource pool(Config config) {
    HikariConfig hikari = new HikariConfig();
    hikari.setPoolName("notes");
    hikari.setJdbcUrl(config.databaseUrl());
    hikari.setMaximumPoolSize(8);
    hikari.setConnectionTimeout(Math.max(250, config.checkTimeout().toMillis() * 2));
    hikari.setValidationTimeout(Math.max(250, config.checkTimeout().toMillis()));
    hikari.setInitializationFailTimeout(-1); // start even if the database is down: readiness says so
    return new HikariDataSource(hikari);
  }

  private static void serveNotes(HttpExchange exchange, NotesStore store, Vitals vitals)
      throws IOException {
    try (exchange) {
      try {
        route(exchange, store);
      } catch (SQLException e) {
        if (NotesStore.connectionLevel(e)) {
          vitals.suspect("database", e); // a hint: the check runs now and decides
        }
        LOG.log(Level.WARNING, "notes request failed: {0}", Outputs.describe(e));
        send(exchange, 503, "{\"error\":\"database unavailable\"}");
      }
    }
  }

  private static void route(HttpExchange exchange, NotesStore store)
      throws IOException, SQLException {
    if (!exchange.getRequestURI().getPath().equals("/notes")) {
      send(exchange, 404, "{\"error\":\"not found\"}");
      return;
    }
    switch (exchange.getRequestMethod()) {
      case "GET" -> {
        List<NotesStore.Note> notes = store.latest(100);
        StringBuilder json = new StringBuilder("[");
        for (NotesStore.Note note : notes) {
          json.append(json.length() > 1 ? "," : "").append(toJson(note));
        }
        send(exchange, 200, json.append(']').toString());
      }
      case "POST" -> {
        byte[] body = readAtMost(exchange.getRequestBody(), MAX_NOTE_BYTES + 1);
        String text = new String(body, StandardCharsets.UTF_8).strip();
        if (body.length > MAX_NOTE_BYTES) {
          send(exchange, 413, "{\"error\":\"a note is at most " + MAX_NOTE_BYTES + " bytes\"}");
        } else if (text.isEmpty()) {
          send(exchange, 400, "{\"error\":\"send the note's text as the request body\"}");
        } else {
          send(exchange, 201, toJson(store.add(text)));
        }
      }
      default -> {
        exchange.getResponseHeaders().set("Allow", "GET, POST");
        send(exchange, 405, "{\"error\":\"use GET or POST\"}");
      }
    }
  }

  private static byte[] readAtMost(InputStream in, int limit) throws IOException {
    return in.readNBytes(limit);
  }

  private static String toJson(NotesStore.Note note) {
    StringBuilder s = new StringBuilder("{\"id\":").append(note.id()).append(",\"text\":\"");
    note.body().codePoints().forEach(c -> {
      if (c == '"' || c == '\\') {
        s.append('\\').appendCodePoint(c);
      } else if (c < 0x20) {
        s.append(String.format("\\u%04x", c));
      } else {
        s.appendCodePoint(c);
      }
    });
    return s.append("\"}").toString();
  }

  private static void send(HttpExchange exchange, int status, String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static String version() {
    String version = NotesApp.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }

  /** The port the API (and, without a management port, the health endpoints) listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** The port the health endpoints listen on: the management port, or the API's. */
  public int healthPort() {
    return management == null ? port() : management.port();
  }

  /** The health engine, for tests. */
  public Vitals vitals() {
    return vitals;
  }

  /** Stops at once, without a drain (tests); SIGTERM drains. */
  @Override
  public void close() {
    migration.interrupt();
    vitals.close();
    server.stop(0);
    ((ThreadPoolExecutor) server.getExecutor()).shutdownNow();
    if (management != null) {
      management.close();
    }
    pool.close();
  }
}
