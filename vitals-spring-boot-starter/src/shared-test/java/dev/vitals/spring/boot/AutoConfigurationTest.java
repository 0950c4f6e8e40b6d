package dev.vitals.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.HealthCheck;
import dev.vitals.HealthEndpoints;
import dev.vitals.Result;
import dev.vitals.Vitals;
import dev.vitals.kafka.KafkaCheck;
import dev.vitals.spring.VitalsLifecycle;
import dev.vitals.testing.Services;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.kafka.core.KafkaAdmin;

/** The beans and the configuration errors, without a server. */
class AutoConfigurationTest {
  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(VitalsAutoConfiguration.class))
      .withBean("dataSource", DataSource.class, AutoConfigurationTest::h2)
      .withPropertyValues("vitals.drain-delay=0ms");

  private static DataSource h2() {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:autoconfig");
    return h2;
  }

  private static List<String> names(Vitals vitals) {
    return vitals.checks().stream().map(HealthCheck::name).toList();
  }

  @Test
  void oneEngineWithChecksFromTheBeans() {
    runner.run(context -> {
      assertThat(context).hasSingleBean(Vitals.class)
          .hasSingleBean(HealthEndpoints.class)
          .hasSingleBean(VitalsLifecycle.class);
      assertThat(names(context.getBean(Vitals.class))).containsExactly("database", "disk", "deadlock",
          "availability");
    });
  }

  @Test
  void severalDataSourcesAreNamedAfterTheirBeans() {
    runner.withBean("reports", DataSource.class, AutoConfigurationTest::h2).run(context ->
        assertThat(names(context.getBean(Vitals.class)))
            .containsExactly("dataSource", "reports", "disk", "deadlock", "availability"));
  }

  @Test
  void theApplicationsOwnChecksJoin() {
    runner.withBean("queue", HealthCheck.class,
            () -> HealthCheck.builder("queue", Result::pass).critical(false).build())
        .run(context -> assertThat(names(context.getBean(Vitals.class)))
            .containsExactly("database", "disk", "deadlock", "availability", "queue"));
  }

  @Test
  void aCheckIsSwitchedOffByName() {
    runner.withPropertyValues("vitals.checks.disk.enabled=false").run(context ->
        assertThat(names(context.getBean(Vitals.class))).containsExactly("database", "deadlock",
            "availability"));
  }

  @Test
  void redisAndRabbitMqFactoriesAreChecksSwitchedOffByName() {
    ApplicationContextRunner brokers = runner
        .withBean("cache", org.springframework.data.redis.connection.RedisConnectionFactory.class,
            () -> new org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory())
        .withBean("events", org.springframework.amqp.rabbit.connection.ConnectionFactory.class,
            () -> new org.springframework.amqp.rabbit.connection.CachingConnectionFactory());
    brokers.run(context -> assertThat(names(context.getBean(Vitals.class)))
        .containsExactly("database", "redis", "rabbitmq", "disk", "deadlock", "availability"));
    brokers.withPropertyValues("vitals.checks.redis.enabled=false",
            "vitals.checks.rabbitmq.enabled=false")
        .run(context -> assertThat(names(context.getBean(Vitals.class)))
            .containsExactly("database", "disk", "deadlock", "availability"));
  }

  @Test
  void kafkaIsCheckedOnlyWhenSwitchedOnAndThenNonCritical() {
    ApplicationContextRunner kafka = runner.withBean("kafkaAdmin", KafkaAdmin.class,
        () -> kafkaAdmin("127.0.0.1:" + Services.freePort()));
    kafka.run(context -> assertThat(names(context.getBean(Vitals.class)))
        .containsExactly("database", "disk", "deadlock", "availability"));
    kafka.withPropertyValues("vitals.checks.kafka.enabled=true").run(context -> {
      Vitals vitals = context.getBean(Vitals.class);
      assertThat(names(vitals))
          .containsExactly("database", "kafka", "disk", "deadlock", "availability");
      HealthCheck check = vitals.checks().get(1);
      assertThat(check.critical()).isFalse();
      assertThat(check.componentType()).isEqualTo("messaging");
    });
    kafka.withPropertyValues("vitals.checks.kafka.enabled=true",
            "vitals.checks.kafka.critical=true", "vitals.checks.kafka.timeout=2s")
        .run(context -> {
          HealthCheck check = context.getBean(Vitals.class).checks().get(1);
          assertThat(check.critical()).isTrue();
          assertThat(check.timeout()).hasSeconds(2);
        });
  }

  @Test
  void severalKafkaAdminsAreNamedAfterTheirBeansAndShareTheKafkaSettings() {
    runner.withBean("orders", KafkaAdmin.class, () -> kafkaAdmin("127.0.0.1:" + Services.freePort()))
        .withBean("audit", KafkaAdmin.class, () -> kafkaAdmin("127.0.0.1:" + Services.freePort()))
        .withPropertyValues("vitals.checks.kafka.enabled=true", "vitals.checks.kafka.timeout=2s",
            "vitals.checks.orders.critical=true", "vitals.checks.audit.enabled=false")
        .run(context -> {
          Vitals vitals = context.getBean(Vitals.class);
          assertThat(names(vitals))
              .containsExactly("database", "orders", "disk", "deadlock", "availability");
          HealthCheck orders = vitals.checks().get(1);
          assertThat(orders.timeout()).hasSeconds(2);
          assertThat(orders.critical()).isTrue();
        });
  }

  @Test
  void kafkaSettingsAreAcceptedWhenThereIsNoKafkaCheck() {
    runner.withBean("kafkaAdmin", KafkaAdmin.class, () -> kafkaAdmin("127.0.0.1:9092"))
        .withPropertyValues("vitals.checks.kafka.enabled=false", "vitals.checks.kafka.timeout=2s")
        .run(context -> assertThat(names(context.getBean(Vitals.class)))
            .containsExactly("database", "disk", "deadlock", "availability"));
    // No Spring Kafka, no Kafka client: switched on, there is nothing to check, and no failure.
    runner.withClassLoader(new FilteredClassLoader("org.springframework.kafka", "org.apache.kafka"))
        .withPropertyValues("vitals.checks.kafka.enabled=true")
        .run(context -> assertThat(names(context.getBean(Vitals.class)))
            .containsExactly("database", "disk", "deadlock", "availability"));
    runner.withClassLoader(new FilteredClassLoader("org.springframework.kafka", "org.apache.kafka"))
        .withPropertyValues("vitals.checks.kafka.enabled=false")
        .run(context -> assertThat(context).hasNotFailed());
  }

  @Test
  void aMisspeltKafkaStillFailsTheStartNamingTheProperty() {
    assertFailure("vitals.checks.kafak.enabled=true",
        "vitals.checks.kafak: no check is named 'kafak'; the checks are database, disk,"
            + " deadlock, availability");
  }

  @Test
  void kafkaSwitchedOnWithoutVitalsKafkaFailsTheStartNamingTheModule() {
    runner.withClassLoader(new FilteredClassLoader(KafkaCheck.class))
        .withBean("kafkaAdmin", KafkaAdmin.class, () -> kafkaAdmin("127.0.0.1:9092"))
        .withPropertyValues("vitals.checks.kafka.enabled=true")
        .run(context -> assertThat(messages(context.getStartupFailure())).contains(
            "vitals.checks.kafka.enabled: the Kafka check needs dev.vitals:vitals-kafka on the"
                + " class path beside Spring Kafka; add it, or remove the property"));
  }

  @Test
  void aKafkaAdminWithoutBootstrapServersFailsTheStartNamingTheCheck() {
    runner.withBean("kafkaAdmin", KafkaAdmin.class, () -> new KafkaAdmin(Map.of()))
        .withPropertyValues("vitals.checks.kafka.enabled=true")
        .run(context -> assertThat(messages(context.getStartupFailure())).contains(
            "vitals.checks.kafka: the KafkaAdmin sets no bootstrap.servers, so there is no"
                + " cluster to check"));
  }

  private static KafkaAdmin kafkaAdmin(String bootstrap) {
    return new KafkaAdmin(Map.of("bootstrap.servers", bootstrap));
  }

  @Test
  void perCheckSettingsApply() {
    runner.withPropertyValues("vitals.checks.database.timeout=250ms",
            "vitals.checks.database.interval=2s", "vitals.checks.database.critical=false")
        .run(context -> {
          HealthCheck database = context.getBean(Vitals.class).checks().get(0);
          assertThat(database.timeout()).hasMillis(250);
          assertThat(database.interval()).hasSeconds(2);
          assertThat(database.critical()).isFalse();
        });
  }

  @Test
  void backsOffWhenTheApplicationDefinesItsOwnEngine() {
    Vitals own = Vitals.builder().shutdownHook(false).serviceId("own").build();
    runner.withBean(Vitals.class, () -> own).run(context -> {
      assertThat(context).hasSingleBean(Vitals.class);
      assertThat(context.getBean(Vitals.class)).isSameAs(own);
      assertThat(context.getBean(HealthEndpoints.class).vitals()).isSameAs(own);
    });
  }

  @Test
  void aBareNumberFailsTheStartNamingTheProperty() {
    assertFailure("vitals.checks.database.timeout=5",
        "vitals.checks.database.timeout: expected a duration such as 500ms, 5s or 1m, got '5'");
  }

  @Test
  void aBadCombinationFailsTheStartNamingTheCheck() {
    assertFailure("vitals.checks.database.timeout=15s",
        "vitals.checks.database: database: timeout (15000 ms) must be shorter than interval"
            + " (10000 ms)");
  }

  @Test
  void anUnknownCheckFailsTheStart() {
    assertFailure("vitals.checks.postgres.enabled=false",
        "vitals.checks.postgres: no check is named 'postgres'; the checks are database, disk,"
            + " deadlock, availability");
  }

  @Test
  void aShortTokenFailsTheStartNamingTheProperty() {
    assertFailure("vitals.endpoints.bearer-token=short",
        "vitals.endpoints.bearer-token: bearerToken must be at least 16 characters");
  }

  @Test
  void aBadDrainDelayFailsTheStartNamingTheProperty() {
    assertFailure("vitals.drain-delay=soon",
        "vitals.drain-delay: expected a duration such as 500ms, 5s or 1m, got 'soon'");
  }

  @Test
  void aBadNetworkFailsTheStartNamingTheEntry() {
    runner.withPropertyValues("vitals.endpoints.allow-networks=10.0.0.0/8,10.0.0.0/99")
        .run(context -> assertThat(messages(context.getStartupFailure()))
            .anyMatch(m -> m.startsWith("vitals.endpoints.allow-networks[1]: allowNetwork: ")));
  }

  @Test
  void aDrainLongerThanSpringsShutdownPhaseFailsTheStart() {
    runner.withPropertyValues("vitals.drain-delay=5s",
            "spring.lifecycle.timeout-per-shutdown-phase=3s")
        .run(context -> assertThat(messages(context.getStartupFailure())).contains(
            "vitals.drain-delay (5000 ms) must be shorter than"
                + " spring.lifecycle.timeout-per-shutdown-phase (3000 ms): Spring would stop"
                + " waiting for the drain and stop the web server while a balancer may still send"
                + " traffic; lengthen the phase or shorten the drain"));
  }

  @Test
  void drainPlusShutdownTimeoutOverThePhaseWarnsNamingWhichWins() {
    java.time.Duration s = java.time.Duration.ofSeconds(1);
    assertThat(Settings.shutdownBudget(s.multipliedBy(5), s.multipliedBy(10), s.multipliedBy(30)))
        .isNull();
    assertThat(Settings.shutdownBudget(s.multipliedBy(5), s.multipliedBy(10), s.multipliedBy(12)))
        .isEqualTo("vitals.drain-delay (5000 ms) + vitals.shutdown-timeout (10000 ms) exceed"
            + " spring.lifecycle.timeout-per-shutdown-phase (12000 ms): if the engine's shutdown"
            + " tasks run that long, Spring's timeout wins and it stops the web server before"
            + " they end (the drain itself fits)");
    runner.withPropertyValues("vitals.drain-delay=1s",
            "spring.lifecycle.timeout-per-shutdown-phase=5s")
        .run(context -> assertThat(context).hasNotFailed().hasSingleBean(VitalsLifecycle.class));
  }

  @Test
  void aBadStatusMappingFailsTheStartNamingTheProperty() {
    assertFailure("vitals.actuator.status-mapping.DOWN=maybe",
        "vitals.actuator.status-mapping.DOWN: expected pass, warn or fail, got 'maybe'");
  }

  @Test
  void statusCodesAreMappedAsConfiguredAndUnknownCodesWarn() {
    Indicators indicators = new Indicators(new VitalsProperties.Actuator(true, true, true, null,
        java.util.Map.of("out-of-service", "warn", "DEGRADED", "pass")));
    assertThat(indicators.status("UP")).isEqualTo(dev.vitals.Status.PASS);
    assertThat(indicators.status("DOWN")).isEqualTo(dev.vitals.Status.FAIL);
    assertThat(indicators.status("OUT_OF_SERVICE")).isEqualTo(dev.vitals.Status.WARN);
    assertThat(indicators.status("UNKNOWN")).isEqualTo(dev.vitals.Status.WARN);
    assertThat(indicators.status("DEGRADED")).isEqualTo(dev.vitals.Status.PASS);
    assertThat(indicators.status("SOMETHING_ELSE")).isEqualTo(dev.vitals.Status.WARN);
  }

  private void assertFailure(String property, String message) {
    runner.withPropertyValues(property).run(context ->
        assertThat(messages(context.getStartupFailure())).contains(message));
  }

  /** The messages of a failure and its causes: the one naming the property is among them. */
  private static List<String> messages(Throwable failure) {
    List<String> messages = new ArrayList<>();
    for (Throwable t = failure; t != null; t = t.getCause()) {
      messages.add(t.getMessage());
    }
    return messages;
  }
}
