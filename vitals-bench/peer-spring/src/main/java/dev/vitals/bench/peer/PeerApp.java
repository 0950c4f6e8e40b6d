package dev.vitals.bench.peer;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The benchmark's peer: nothing but Spring Boot's own auto-configuration. The DataSource (HikariCP,
 * PostgreSQL) and the Redis connection factory (Lettuce) come from application.properties and the
 * environment; Actuator contributes the {@code db} and {@code redis} health indicators and the
 * liveness and readiness groups.
 */
@SpringBootApplication
public class PeerApp {
  public static void main(String[] args) {
    SpringApplication.run(PeerApp.class, args);
  }
}
