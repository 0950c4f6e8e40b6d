package dev.vitals.spring.boot;

import dev.vitals.Durations;
import dev.vitals.HealthCheck;
import dev.vitals.HealthEndpoints;
import dev.vitals.Vitals;
import dev.vitals.checks.DeadlockCheck;
import dev.vitals.checks.DiskSpaceCheck;
import dev.vitals.checks.JdbcCheck;
import dev.vitals.hikari.HikariPoolCheck;
import dev.vitals.server.HealthServer;
import dev.vitals.servlet.HealthFilter;
import dev.vitals.spring.CheckContributor;
import dev.vitals.spring.CheckPolicy;
import dev.vitals.spring.HealthWebFilter;
import dev.vitals.spring.VitalsLifecycle;
import com.zaxxer.hikari.HikariDataSource;
import jakarta.servlet.DispatcherType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.NoneNestedConditions;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;

/**
 * Vitals for a Spring Boot application (4.x through vitals-spring-boot-starter, 3.5 through
 * vitals-spring-boot3-starter, both compiled from this source): one engine from {@code
 * vitals.*} properties and the application's beans, its endpoints on the application's port (a servlet
 * filter or, for WebFlux, a web filter ahead of every other) or, with {@code vitals.server.port}, on Vitals' own {@link HealthServer}; readiness
 * from {@code ApplicationReadyEvent} on, and a drain before the web server's graceful shutdown
 * ({@link VitalsLifecycle}). Backs off from an application's own {@link Vitals} or {@link
 * HealthEndpoints} bean, and then serves and drains that one.
 *
 * <p>Checks from beans, each switched off by {@code vitals.checks.<name>.enabled=false} and tuned
 * by {@code vitals.checks.<name>.*}: every {@link DataSource} ({@code database}, or the bean names
 * when there are several), Hikari saturation ({@code database-pool}, with {@code vitals-hikari}),
 * every Spring Data Redis connection factory ({@code redis}), every Spring AMQP connection factory
 * ({@code rabbitmq}), every Spring Kafka {@code KafkaAdmin} ({@code kafka}: opt-in with {@code
 * vitals.checks.kafka.enabled=true} and vitals-kafka, non-critical), Actuator's indicators (named
 * as Actuator names them), the application's refusal of traffic ({@code availability}),
 * disk space of the working directory ({@code disk}), deadlocked threads ({@code deadlock},
 * liveness); plus the application's own {@link HealthCheck} and {@link CheckContributor} beans.
 *
 * <p>With Micrometer and vitals-micrometer, the Vitals series join the application's meter
 * registries ({@code vitals.metrics.enabled}).
 */
@AutoConfiguration
@EnableConfigurationProperties(VitalsProperties.class)
public class VitalsAutoConfiguration {
  /** Spring Kafka's admin and vitals-kafka's check, by name: neither is loaded unless both exist. */
  static final String KAFKA_ADMIN = "org.springframework.kafka.core.KafkaAdmin";
  static final String VITALS_KAFKA = "dev.vitals.kafka.KafkaCheck";
  /** Micrometer and vitals-micrometer's binder, by name: neither is loaded unless both exist. */
  static final String METER_REGISTRY = "io.micrometer.core.instrument.MeterRegistry";
  static final String VITALS_METRICS = "dev.vitals.micrometer.VitalsMetrics";

  /**
   * Fails at once on a Boot line this starter is not built for.
   *
   * @throws IllegalStateException naming the starter to use instead
   */
  public VitalsAutoConfiguration() {
    BootLine.require();
  }

  /** The engine, with Spring owning shutdown ({@code shutdownHook(false)}). */
  @Bean
  @ConditionalOnMissingBean
  public Vitals vitals(VitalsProperties properties, Environment environment,
      ObjectProvider<CheckContributor> contributors, ObjectProvider<HealthCheck> checks,
      ObjectProvider<IndicatorChecks> indicators) {
    List<HealthCheck> found = new ArrayList<>();
    contributors.orderedStream().forEach(c -> c.checks().forEach(b -> found.add(Settings.built(b))));
    checks.orderedStream().forEach(found::add);
    Set<String> on = found.stream().map(HealthCheck::name)
        .filter(n -> properties.checks().getOrDefault(n, CheckPolicy.DEFAULTS).isEnabled())
        .collect(Collectors.toSet());
    indicators.ifAvailable(i -> found.addAll(i.checks(on)));
    return Settings.vitals(properties, environment.getProperty("spring.application.name"), found);
  }

  /** The endpoints, from {@code vitals.endpoints.*}. */
  @Bean
  @ConditionalOnMissingBean
  public HealthEndpoints healthEndpoints(Vitals vitals, VitalsProperties properties) {
    return Settings.endpoints(vitals, properties.endpoints());
  }

  /**
   * Drains before the web server's graceful shutdown. The start fails when {@code
   * vitals.drain-delay} does not fit in {@code spring.lifecycle.timeout-per-shutdown-phase}, and
   * warns when the drain delay plus {@code vitals.shutdown-timeout} does not.
   */
  @Bean
  public VitalsLifecycle vitalsLifecycle(Vitals vitals, VitalsProperties properties,
      Environment environment) {
    Duration phase = Binder.get(environment)
        .bind("spring.lifecycle.timeout-per-shutdown-phase", Duration.class)
        .orElse(Duration.ofSeconds(30));
    String warning = Settings.shutdownBudget(
        Durations.parse("vitals.drain-delay", properties.drainDelay()),
        Durations.parse("vitals.shutdown-timeout", properties.shutdownTimeout()), phase);
    if (warning != null) {
      System.getLogger("dev.vitals.spring").log(System.Logger.Level.WARNING, warning);
    }
    return new VitalsLifecycle(vitals);
  }

  /** Readiness fails until the application is ready. */
  @Bean
  public ReadyListener vitalsReadyListener(Vitals vitals) {
    return new ReadyListener(vitals);
  }

  /**
   * Spring's availability state and Vitals' lifecycle in agreement: Vitals' transitions published
   * as {@code AvailabilityChangeEvent}s, and the application's own events respected.
   */
  @Bean
  AvailabilityBridge vitalsAvailability(ObjectProvider<Vitals> vitals,
      ApplicationEventPublisher publisher) {
    return new AvailabilityBridge(vitals, publisher);
  }

  /** The {@code availability} check: fails while the application refuses traffic. */
  @Bean
  @Order(Ordered.LOWEST_PRECEDENCE)
  CheckContributor vitalsAvailabilityCheck(AvailabilityBridge availability) {
    return () -> List.of(availability.check());
  }

  /** Disk space of the working directory and deadlocked threads. */
  @Bean
  @Order(Ordered.LOWEST_PRECEDENCE - 1)
  public CheckContributor vitalsSystemChecks() {
    return () -> List.of(
        DiskSpaceCheck.of("disk", Path.of("").toAbsolutePath()),
        DeadlockCheck.of());
  }

  /** Every {@link DataSource}: a query through the application's own pool. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(DataSource.class)
  static class DataSources {
    @Bean
    @Order(0)
    CheckContributor vitalsDataSourceChecks(ListableBeanFactory beans) {
      return () -> named(beans.getBeansOfType(DataSource.class, false, true)).entrySet().stream()
          .map(e -> JdbcCheck.of(e.getKey(), e.getValue()))
          .collect(Collectors.toList());
    }
  }

  /** Hikari saturation, when the application has HikariCP and vitals-hikari. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass({HikariDataSource.class, HikariPoolCheck.class})
  static class HikariPools {
    @Bean
    @Order(1)
    CheckContributor vitalsHikariChecks(ListableBeanFactory beans) {
      return () -> named(beans.getBeansOfType(DataSource.class, false, true)).entrySet().stream()
          .filter(e -> e.getValue() instanceof HikariDataSource)
          .map(e -> HikariPoolCheck.of(e.getKey() + "-pool", (HikariDataSource) e.getValue()))
          .collect(Collectors.toList());
    }
  }

  /** Every Redis connection factory (Spring Data Redis): a PING through it. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.data.redis.connection.RedisConnectionFactory")
  static class RedisFactories {
    @Bean
    @Order(2)
    CheckContributor vitalsRedisChecks(ListableBeanFactory beans) {
      return () -> RedisChecks.of(beans.getBeansOfType(
          org.springframework.data.redis.connection.RedisConnectionFactory.class, false, true));
    }
  }

  /** Every RabbitMQ connection factory (Spring AMQP): a channel opened through it. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.amqp.rabbit.connection.ConnectionFactory")
  static class RabbitFactories {
    @Bean
    @Order(3)
    CheckContributor vitalsRabbitChecks(ListableBeanFactory beans) {
      return () -> RabbitChecks.of(beans.getBeansOfType(
          org.springframework.amqp.rabbit.connection.ConnectionFactory.class, false, true));
    }
  }

  /**
   * Every Spring Kafka {@code KafkaAdmin}, opt-in ({@code vitals.checks.kafka.enabled=true}) and
   * non-critical: a {@code describeCluster} with vitals-kafka's {@code KafkaCheck}. Off, or
   * without Spring Kafka, no Kafka class is loaded and {@code vitals.checks.kafka.*} is accepted.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = {KAFKA_ADMIN, VITALS_KAFKA})
  @ConditionalOnProperty(prefix = "vitals.checks.kafka", name = "enabled", havingValue = "true")
  static class KafkaAdmins {
    @Bean
    @Order(4)
    CheckContributor vitalsKafkaChecks(ListableBeanFactory beans, VitalsProperties properties) {
      return () -> KafkaChecks.of(
          beans.getBeansOfType(org.springframework.kafka.core.KafkaAdmin.class, false, true),
          properties.checks().getOrDefault("kafka", CheckPolicy.DEFAULTS));
    }
  }

  /**
   * {@code vitals.checks.kafka.enabled=true} in an application with Spring Kafka but without
   * vitals-kafka: the start fails, naming the property and the missing module, rather than the
   * check silently not being there.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = KAFKA_ADMIN)
  @ConditionalOnMissingClass(VITALS_KAFKA)
  @ConditionalOnProperty(prefix = "vitals.checks.kafka", name = "enabled", havingValue = "true")
  static class KafkaWithoutVitalsKafka {
    @Bean
    @Order(4)
    CheckContributor vitalsKafkaMissing() {
      return () -> {
        throw new IllegalArgumentException("vitals.checks.kafka.enabled: the Kafka check needs"
            + " dev.vitals:vitals-kafka on the class path beside Spring Kafka; add it, or remove"
            + " the property");
      };
    }
  }

  /**
   * The Vitals series (vitals-micrometer's {@code VitalsMetrics}, a {@code MeterBinder}) in the
   * application's Micrometer registries, which Boot binds it to: /actuator/prometheus shows them
   * with Actuator and micrometer-registry-prometheus. Needs Micrometer and vitals-micrometer; off
   * with {@code vitals.metrics.enabled=false}; backs off from the application's own binder.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = {METER_REGISTRY, VITALS_METRICS})
  @ConditionalOnProperty(prefix = "vitals.metrics", name = "enabled", matchIfMissing = true)
  static class Metrics {
    @Bean
    @ConditionalOnMissingBean
    dev.vitals.micrometer.VitalsMetrics vitalsMetrics(Vitals vitals) {
      return new dev.vitals.micrometer.VitalsMetrics(vitals);
    }
  }

  /**
   * Spring Boot Actuator's health: every indicator bean a check (unless {@code
   * vitals.actuator.enabled=false}), and Actuator's contributors answering from verdicts (unless
   * {@code vitals.actuator.serve-from-verdicts=false}).
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = Actuator.HEALTH)
  static class ActuatorHealth {
    @Bean
    @ConditionalOnProperty(prefix = "vitals.actuator", name = "enabled", matchIfMissing = true)
    IndicatorChecks vitalsIndicatorChecks(ListableBeanFactory beans, VitalsProperties properties) {
      Indicators indicators = new Indicators(properties.actuator());
      return on -> indicators.checks(Actuator.indicators(beans), on);
    }

    /**
     * Once every bean exists and before the web server starts, Actuator's contributors that a
     * verdict answers are swapped in its registries; the application's beans stay as they are.
     */
    @Bean
    @ConditionalOnProperty(prefix = "vitals.actuator", name = "serve-from-verdicts",
        matchIfMissing = true)
    SmartInitializingSingleton vitalsActuatorVerdicts(ListableBeanFactory beans,
        ObjectProvider<Vitals> vitals) {
      return () -> {
        Vitals engine = vitals.getObject();
        Actuator.serveFromVerdicts(beans, name -> Indicators.served(engine, name));
      };
    }
  }

  /** Checks from Actuator's indicators, given the names of the other checks that are on. */
  @FunctionalInterface
  interface IndicatorChecks {
    /** The indicators' registrations, leaving out those a check in {@code on} covers. */
    List<HealthCheck> checks(Set<String> on);
  }

  /** Check names for data sources: {@code database} for the only one, else the bean names. */
  static Map<String, DataSource> named(Map<String, DataSource> beans) {
    if (beans.size() == 1) {
      return Map.of("database", beans.values().iterator().next());
    }
    return beans;
  }

  /**
   * The endpoints on the application's port, in a filter ahead of every other: probes never
   * reach security filters, request logging or the DispatcherServlet, and answer the same with
   * or without them.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
  @ConditionalOnClass(FilterRegistrationBean.class)
  @Conditional(OnApplicationPort.class)
  static class ServletEndpoints {
    @Bean
    FilterRegistrationBean<HealthFilter> vitalsHealthFilter(HealthEndpoints endpoints) {
      FilterRegistrationBean<HealthFilter> registration =
          new FilterRegistrationBean<>(new HealthFilter(endpoints));
      registration.setName("vitals-health-filter");
      registration.setUrlPatterns(endpoints.paths());
      registration.setDispatcherTypes(DispatcherType.REQUEST);
      registration.setAsyncSupported(true);
      registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
      return registration;
    }
  }

  /**
   * The endpoints on the application's port for a WebFlux application, in a web filter ahead of
   * every other (security included) that answers from verdicts on the event loop and hands only
   * answers that wait for on-demand checks to its bounded waiters.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
  @ConditionalOnClass(name = "org.springframework.web.server.WebFilter")
  @Conditional(OnApplicationPort.class)
  static class ReactiveEndpoints {
    @Bean(destroyMethod = "close")
    HealthWebFilter vitalsHealthWebFilter(HealthEndpoints endpoints) {
      return new HealthWebFilter(endpoints);
    }
  }

  /** With {@code vitals.server.port}: Vitals' own server there, closed after the web server. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnProperty(prefix = "vitals.server", name = "port")
  static class OwnPort {
    @Bean(destroyMethod = "close")
    HealthServer vitalsHealthServer(HealthEndpoints endpoints, VitalsProperties properties) {
      return Settings.server(endpoints, properties.server());
    }
  }

  /** True unless {@code vitals.server.port} is set. */
  static final class OnApplicationPort extends NoneNestedConditions {
    OnApplicationPort() {
      super(ConfigurationPhase.REGISTER_BEAN);
    }

    @ConditionalOnProperty(prefix = "vitals.server", name = "port")
    static final class OwnPortSet {}
  }
}
