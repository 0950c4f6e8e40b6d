package dev.vitals.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.Vitals;
import dev.vitals.micrometer.VitalsMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The binder bean: when it is there, when it is not, and its property. */
class MicrometerBindingTest {
  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(VitalsAutoConfiguration.class))
      .withBean("dataSource", DataSource.class, MicrometerBindingTest::h2)
      .withPropertyValues("vitals.drain-delay=0ms");

  private static DataSource h2() {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:micrometer");
    return h2;
  }

  @Test
  void withMicrometerAndVitalsMicrometerTheBinderIsABean() {
    runner.run(context -> assertThat(context).hasSingleBean(VitalsMetrics.class));
  }

  @Test
  void vitalsMetricsEnabledFalseLeavesItOut() {
    runner.withPropertyValues("vitals.metrics.enabled=false")
        .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(VitalsMetrics.class));
  }

  @Test
  void withoutVitalsMicrometerOrMicrometerThereIsNone() {
    runner.withClassLoader(new FilteredClassLoader(VitalsMetrics.class))
        .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(VitalsMetrics.class));
    runner.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
        .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(VitalsMetrics.class));
  }

  @Test
  void backsOffFromTheApplicationsOwnBinder() {
    runner.withBean("ownMetrics", VitalsMetrics.class,
            () -> new VitalsMetrics(Vitals.builder().shutdownHook(false).build()))
        .run(context -> assertThat(context).getBeans(VitalsMetrics.class)
            .containsOnlyKeys("ownMetrics"));
  }

  @Test
  void aValueThatIsNoBooleanFailsTheStartNamingTheProperty() {
    runner.withPropertyValues("vitals.metrics.enabled=maybe").run(context ->
        assertThat(messages(context.getStartupFailure()))
            .anyMatch(m -> m.contains("vitals.metrics.enabled")));
  }

  @Test
  void thePropertyIsInTheConfigurationMetadataWithItsDefault() throws IOException {
    List<URL> found = Collections.list(getClass().getClassLoader()
        .getResources("META-INF/spring-configuration-metadata.json"));
    String starters = "";
    for (URL url : found) {
      try (InputStream in = url.openStream()) {
        String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        if (json.contains("\"vitals.drain-delay\"")) {
          starters = json;
        }
      }
    }
    String entry = entry(starters, "vitals.metrics.enabled");
    assertThat(entry).contains("\"type\": \"java.lang.Boolean\"", "\"defaultValue\": true",
        "\"description\": \"Whether the Vitals series");
  }

  /** The metadata's JSON object naming {@code property}, as the configuration processor writes it. */
  private static String entry(String json, String property) {
    int name = json.indexOf("\"name\": \"" + property + "\"");
    assertThat(name).as("%s in the starter's configuration metadata", property).isPositive();
    return json.substring(json.lastIndexOf('{', name), json.indexOf('}', name) + 1);
  }

  private static List<String> messages(Throwable failure) {
    List<String> messages = new ArrayList<>();
    for (Throwable t = failure; t != null; t = t.getCause()) {
      messages.add(String.valueOf(t.getMessage()));
    }
    return messages;
  }
}
