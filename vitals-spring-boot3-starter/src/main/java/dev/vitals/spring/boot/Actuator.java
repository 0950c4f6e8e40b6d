package dev.vitals.spring.boot;

import dev.vitals.spi.Deadline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.HealthContributorNameFactory;
import org.springframework.boot.actuate.health.HealthContributorRegistry;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.NamedContributor;
import org.springframework.boot.actuate.health.ReactiveHealthContributor;
import org.springframework.boot.actuate.health.ReactiveHealthContributorRegistry;
import org.springframework.boot.actuate.health.ReactiveHealthIndicator;
import org.springframework.util.ClassUtils;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Spring Boot 3.5's Actuator health ({@code org.springframework.boot.actuate.health}) for {@link
 * Indicators}: reads the indicator beans, and swaps the contributors of Actuator's registries for
 * ones that read verdicts. The Boot 4 starter has its own class of this name over {@code
 * org.springframework.boot.health} (module spring-boot-health).
 */
final class Actuator {
  /** Present when the application has Actuator's health support. */
  static final String HEALTH = "org.springframework.boot.actuate.health.HealthContributorRegistry";

  private static final boolean REACTOR = ClassUtils.isPresent("reactor.core.publisher.Mono",
      Actuator.class.getClassLoader());

  private Actuator() {}

  /** Every indicator bean, by the name Actuator's registry gives it. */
  static List<Indicators.Indicator> indicators(ListableBeanFactory beans) {
    Function<String, String> names = HealthContributorNameFactory.INSTANCE;
    List<Indicators.Indicator> found = new ArrayList<>();
    beans.getBeansOfType(HealthContributor.class, false, true).forEach((bean, contributor) -> {
      if (contributor instanceof HealthIndicator indicator) {
        found.add(new Indicators.Indicator(names.apply(bean),
            () -> reading(indicator.getHealth(true))));
      }
    });
    if (REACTOR) {
      Reactive.indicators(beans, names, found);
    }
    return found;
  }

  /** Swaps each contributor of Actuator's registries that {@code served} answers. */
  static void serveFromVerdicts(ListableBeanFactory beans,
      Function<String, Supplier<Indicators.Reading>> served) {
    beans.getBeanProvider(HealthContributorRegistry.class).ifAvailable(registry -> {
      for (NamedContributor<HealthContributor> entry : registry.stream().toList()) {
        Supplier<Indicators.Reading> verdict = served.apply(entry.getName());
        if (verdict != null && entry.getContributor() instanceof HealthIndicator) {
          registry.unregisterContributor(entry.getName());
          registry.registerContributor(entry.getName(), (HealthIndicator) () -> health(verdict.get()));
        }
      }
    });
    if (REACTOR) {
      Reactive.serveFromVerdicts(beans, served);
    }
  }

  static Indicators.Reading reading(Health health) {
    return health == null ? null
        : new Indicators.Reading(health.getStatus().getCode(), health.getDetails());
  }

  static Health health(Indicators.Reading reading) {
    return Health.status(reading.status()).withDetails(reading.details()).build();
  }

  /** The reactive side, loaded only when Reactor is present. */
  private static final class Reactive {
    static void indicators(ListableBeanFactory beans, Function<String, String> names,
        List<Indicators.Indicator> found) {
      beans.getBeansOfType(ReactiveHealthContributor.class, false, true).forEach((bean, contributor) -> {
        if (contributor instanceof ReactiveHealthIndicator indicator) {
          found.add(new Indicators.Indicator(names.apply(bean),
              () -> reading(block(indicator.getHealth(true)))));
        }
      });
    }

    /** Subscribed and blocked on the calling (check) thread, at most the deadline's time left. */
    static Health block(Mono<Health> health) throws java.net.SocketTimeoutException {
      Duration left = Duration.ofMillis(Deadline.current().remainingMillis("indicator"));
      return health.block(left);
    }

    static void serveFromVerdicts(ListableBeanFactory beans,
        Function<String, Supplier<Indicators.Reading>> served) {
      beans.getBeanProvider(ReactiveHealthContributorRegistry.class).ifAvailable(registry -> {
        for (NamedContributor<ReactiveHealthContributor> entry : registry.stream().toList()) {
          Supplier<Indicators.Reading> verdict = served.apply(entry.getName());
          if (verdict != null && entry.getContributor() instanceof ReactiveHealthIndicator) {
            registry.unregisterContributor(entry.getName());
            // Reading verdicts may wait for on-demand checks: never on the event loop.
            registry.registerContributor(entry.getName(), (ReactiveHealthIndicator) () ->
                Mono.fromSupplier(() -> health(verdict.get()))
                    .subscribeOn(Schedulers.boundedElastic()));
          }
        }
      });
    }
  }
}
