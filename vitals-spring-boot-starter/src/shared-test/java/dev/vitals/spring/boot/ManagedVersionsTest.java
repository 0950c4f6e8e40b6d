package dev.vitals.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.SpringBootVersion;

/**
 * The tests run the client libraries this Boot line manages, which is what a user of this starter
 * gets. The parent pom manages them explicitly for the modules compiled against them, and an
 * explicit entry beats an imported BOM, so each Spring module's pom sets their version
 * properties to its Boot line's; this fails when a Boot upgrade leaves one behind.
 */
class ManagedVersionsTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "kafka-clients, kafka.version, org.apache.kafka.common.utils.AppInfoParser",
    "HikariCP, hikaricp.version, com.zaxxer.hikari.HikariDataSource",
    "H2, h2.version, org.h2.Driver",
    "PostgreSQL JDBC, postgresql.version, org.postgresql.Driver",
  })
  void theTestsRunTheVersionThisBootLineManages(String library, String property, String type)
      throws IOException, URISyntaxException, ClassNotFoundException {
    String boot = SpringBootVersion.getVersion();
    Path bom = jar(SpringBootVersion.class).getParent().getParent().getParent()
        .resolve("spring-boot-dependencies").resolve(boot)
        .resolve("spring-boot-dependencies-" + boot + ".pom");
    Assumptions.assumeTrue(Files.isRegularFile(bom), () -> "no Spring Boot BOM at " + bom);
    Matcher managed = Pattern.compile("<" + Pattern.quote(property) + ">([^<]+)</")
        .matcher(Files.readString(bom));
    assertThat(managed.find()).as(property + " in " + bom).isTrue();

    // In the local repository a jar lies in .../<artifact>/<version>/<artifact>-<version>.jar.
    String running = jar(Class.forName(type)).getParent().getFileName().toString();
    assertThat(running)
        .as(library + " on the test class path (" + property + " in this module's pom) against"
            + " Spring Boot " + boot + "'s")
        .isEqualTo(managed.group(1));
  }

  private static Path jar(Class<?> type) throws URISyntaxException {
    return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
  }
}
