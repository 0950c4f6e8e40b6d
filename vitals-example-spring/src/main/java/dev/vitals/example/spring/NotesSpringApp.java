package dev.vitals.example.spring;

import dev.vitals.HealthCheck;
import dev.vitals.checks.RedisCheck;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;

/**
 * The notes service of {@code vitals-example} on Spring Boot 4: {@code POST /notes} stores the
 * request body as a note, {@code GET /notes} lists the latest 100, same JSON, same limits, same
 * environment variables (mapped to properties in {@code application.properties}).
 *
 * <p>What it shows: vitals-spring-boot-starter's endpoints on the application's port (or, with
 * {@code MANAGEMENT_PORT}, on Vitals' own {@code HealthServer}) beside Actuator's; the starter's
 * checks from the application's beans (the DataSource, its Hikari pool, disk, deadlock); an
 * optional non-critical Redis check registered as a {@link HealthCheck} bean; a {@code
 * HealthIndicator} of its own ({@link NotesQuotaHealthIndicator}); startup that completes once the
 * schema exists, retrying while the database is away; and the drain on SIGTERM.
 */
@SpringBootApplication
public class NotesSpringApp {

  /** Starts the service from the environment; {@code MANAGEMENT_PORT} moves Vitals' endpoints. */
  public static void main(String[] args) {
    SpringApplication app = new SpringApplication(NotesSpringApp.class);
    app.setDefaultProperties(fromEnvironment(System.getenv()));
    app.run(args);
  }

  /**
   * The variables that cannot be written as {@code ${VAR:default}} in application.properties:
   * {@code vitals.server.port} must be absent, not empty, when {@code MANAGEMENT_PORT} is unset
   * (set at all, it moves the endpoints).
   */
  static Map<String, Object> fromEnvironment(Map<String, String> env) {
    Map<String, Object> properties = new HashMap<>();
    String managementPort = env.get("MANAGEMENT_PORT");
    if (managementPort != null && !managementPort.isBlank()) {
      properties.put("vitals.server.port", managementPort.strip());
    }
    return properties;
  }

  @Bean
  NotesStore notesStore(DataSource dataSource, @Value("${spring.datasource.url}") String url) {
    return new NotesStore(dataSource, url);
  }

  /**
   * Creates the schema before the application reports ready, retrying while the database is
   * away: meanwhile readiness and startup answer 503 "starting" (the web server is already up).
   */
  @Bean
  ApplicationRunner schema(NotesStore store) {
    return args -> store.createSchemaRetrying(Duration.ofSeconds(1));
  }

  /** {@code REDIS_URL}: a non-critical readiness check, under the same interval and timeout. */
  @Bean
  @ConditionalOnExpression("'${notes.redis-url:}' != ''")
  HealthCheck redisCheck(@Value("${notes.redis-url}") String url,
      @Value("${notes.check-interval}") String interval,
      @Value("${notes.check-timeout}") String timeout) {
    return RedisCheck.of("redis", url)
        .critical(false)
        .interval(dev.vitals.Durations.parse("VITALS_CHECK_INTERVAL", interval))
        .timeout(dev.vitals.Durations.parse("VITALS_CHECK_TIMEOUT", timeout))
        .build();
  }
}
