package dev.vitals.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.HealthCheck;
import dev.vitals.HealthReport;
import dev.vitals.Status;
import dev.vitals.Vitals;
import dev.vitals.testing.Services;
import dev.vitals.testing.Timing;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.test.annotation.DirtiesContext;

/**
 * Checks through the application's own Redis and RabbitMQ connection factories, against the real
 * Redis (6379) and RabbitMQ (5672, guest/guest) on loopback; a second RabbitMQ factory that
 * points at a closed port fails, naming the cause.
 */
@SpringBootTest(
    classes = {TestApp.class, BrokerChecksTest.Factories.class},
    webEnvironment = SpringBootTest.WebEnvironment.NONE,
    properties = {"vitals.drain-delay=0ms", "vitals.checks.nowhere.critical=false"})
@DirtiesContext
class BrokerChecksTest {
  @TestConfiguration(proxyBeanMethods = false)
  static class Factories {
    @Bean
    LettuceConnectionFactory redisConnectionFactory() {
      return new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", 6379));
    }

    @Bean
    CachingConnectionFactory rabbitConnectionFactory() {
      return new CachingConnectionFactory("127.0.0.1", 5672);
    }

    @Bean
    CachingConnectionFactory nowhere() {
      return new CachingConnectionFactory("127.0.0.1", 1);
    }
  }

  @Autowired Vitals vitals;

  @BeforeAll
  static void servers() {
    Services.require("127.0.0.1", 6379, "redis");
    Services.require("127.0.0.1", 5672, "rabbitmq");
  }

  @Test
  void redisAndRabbitMqAreCheckedThroughTheApplicationsFactories() throws InterruptedException {
    assertThat(vitals.checks()).extracting(HealthCheck::name)
        .contains("redis", "rabbitConnectionFactory", "nowhere")
        .doesNotContain("rabbit");
    assertThat(Timing.await(() -> {
      HealthReport details = vitals.details();
      return details.check("redis").status() == Status.PASS
          && details.check("rabbitConnectionFactory").status() == Status.PASS
          && details.check("nowhere").output() != null
          && !details.check("nowhere").output().equals("not yet checked");
    }, Duration.ofSeconds(10))).as(() -> vitals.details().toString()).isTrue();
    assertThat(vitals.details().check("nowhere").output()).contains("Connection refused");
  }
}
