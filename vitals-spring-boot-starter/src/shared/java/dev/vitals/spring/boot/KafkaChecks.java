package dev.vitals.spring.boot;

import dev.vitals.HealthCheck;
import dev.vitals.kafka.KafkaCheck;
import dev.vitals.spring.CheckPolicy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * The opt-in checks through the application's Spring Kafka {@link KafkaAdmin} beans ({@code
 * vitals.checks.kafka.enabled=true}): vitals-kafka's {@link KafkaCheck}, a {@code describeCluster}
 * that needs a broker to answer, an active controller and a live broker by the registration's
 * deadline. Non-critical: a Kafka outage makes readiness warn (200), not fail, unless {@code
 * vitals.checks.<name>.critical=true}.
 *
 * <p>The check is built from client properties ({@link KafkaCheck#create(Map)}), those of {@link
 * KafkaAdmin#getConfigurationProperties()}, because that is what a KafkaAdmin is: it holds no
 * Admin client of its own but creates one from these properties for each operation and closes it.
 * An Admin per run from the same properties goes the way the application's own admin operations
 * go (bootstrap servers, TLS, SASL, OAuth), its timeouts are set from the run's deadline, and
 * nothing outlives the run, so the starter has no client, thread or JMX bean to close. The URI
 * form cannot carry those security properties, and the Admin form would need an Admin that the
 * application does not have (one made here would outlive every check that is dropped). The
 * properties are read on every run, so a bootstrap-servers supplier (Spring Kafka's {@code
 * ABSwitchCluster}) is followed.
 */
final class KafkaChecks {
  private KafkaChecks() {}

  /**
   * {@code kafka} for the only KafkaAdmin, else one per bean name, each tuned first by {@code
   * vitals.checks.kafka.*} ({@code kafka}), then, as every check, by its own name.
   *
   * @throws IllegalArgumentException when a KafkaAdmin sets no bootstrap servers, naming the check
   */
  static List<HealthCheck.Builder> of(Map<String, KafkaAdmin> admins, CheckPolicy kafka) {
    List<HealthCheck.Builder> checks = new ArrayList<>();
    BeanNames.named("kafka", admins).forEach((name, admin) -> {
      HealthCheck.Builder check = describeCluster(name, admin);
      // With one KafkaAdmin the check is named kafka and Settings applies vitals.checks.kafka.*;
      // with several it is the shared default under each bean's own vitals.checks.<bean>.*.
      checks.add(admins.size() == 1 ? check
          : kafka.applyTo("vitals.checks.kafka", check.build()).toBuilder());
    });
    return checks;
  }

  static HealthCheck.Builder describeCluster(String name, KafkaAdmin admin) {
    try {
      KafkaCheck.create(properties(admin)); // fails at start, not on every run
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("vitals.checks." + name + ": the KafkaAdmin sets no"
          + " bootstrap.servers, so there is no cluster to check", e);
    }
    return HealthCheck.builder(name, () -> KafkaCheck.create(properties(admin)).check())
        .critical(false)
        .componentType("messaging");
  }

  /**
   * The KafkaAdmin's client properties less its {@code client.id}: the check's own Admin names
   * itself {@code vitals-kafka-check-N}, which tells it apart in the broker's logs and keeps its
   * JMX bean from clashing with an application Admin open at the same time under the same id.
   */
  private static Map<String, Object> properties(KafkaAdmin admin) {
    Map<String, Object> properties = new HashMap<>(admin.getConfigurationProperties());
    properties.remove("client.id");
    return properties;
  }
}
