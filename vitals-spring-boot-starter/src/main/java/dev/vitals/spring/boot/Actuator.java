package dev.vitals.spring.boot;

import dev.vitals.spi.Deadline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorNameGenerator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthContributors;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.ReactiveHealthContributor;
import org.springframework.boot.health.contributor.ReactiveHealthContributors;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.health.registry.ReactiveHealthContributorRegistry;
import org.springframework.util.ClassUtils;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Spring Boot 4's Actuator health ({@code org.springframework.boot.health}, module
 * spring-boot-health) for {@link Indicators}: reads the indicator beans, and swaps the
 * contributors of Actuator's registries for ones that read verdicts. The Boot 3.5 starter has its
 * own class of this name over {@code org.springframework.boot.actuate.health}.
 */
final class Actuator {
  /** Present when the application has Actuator's health support. */
  static final String HEALTH = "org.springframework.boot.health.registry.HealthContributorRegistry";

  private static final boolean REACTOR = ClassUtils.isPresent("reactor.core.publisher.Mono",
      Actuator.class.getClassLoader());

  private Actuator() {}

  /** Every indicator bean, by the name Actuator's registry gives it. */
  static List<Indicators.Indicator> indicators(ListableBeanFactory beans) {
    HealthContributorNameGenerator names = beans.getBeanProvider(HealthContributorNameGenerator.class)
        .getIfAvailable(HealthContributorNameGenerator::withoutStandardSuffixes);
    List<Indicators.Indicator> found = new ArrayList<>();
    beans.getBeansOfType(HealthContributor.class, false, true).forEach((bean, contributor) -> {
      if (contributor instanceof HealthIndicator indicator) {
        found.add(new Indicators.Indicator(names.generateContributorName(bean),
            () -> reading(indicator.health(true))));
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
      for (HealthContributors.Entry entry : registry.stream().toList()) {
        Supplier<Indicators.Reading> verdict = served.apply(entry.name());
        if (verdict != null && entry.contributor() instanceof HealthIndicator) {
          registry.unregisterContributor(entry.name());
          registry.registerContributor(entry.name(), (HealthIndicator) () -> health(verdict.get()));
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
    static void indicators(ListableBeanFactory beans, HealthContributorNameGenerator names,
        List<Indicators.Indicator> found) {
      beans.getBeansOfType(ReactiveHealthContributor.class, false, true).forEach((bean, contributor) -> {
        if (contributor instanceof ReactiveHealthIndicator indicator) {
          found.add(new Indicators.Indicator(names.generateContributorName(bean),
              () -> reading(block(indicator.health(true)))));
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
        for (ReactiveHealthContributors.Entry entry : registry.stream().toList()) {
          Supplier<Indicators.Reading> verdict = served.apply(entry.name());
          if (verdict != null && entry.contributor() instanceof ReactiveHealthIndicator) {
            registry.unregisterContributor(entry.name());
            // Reading verdicts may wait for on-demand checks: never on the event loop.
            registry.registerContributor(entry.name(), (ReactiveHealthIndicator) () ->
                Mono.fromSupplier(() -> health(verdict.get()))
                    .subscribeOn(Schedulers.boundedElastic()));
          }
        }
      });
    }
  }
}
