package dev.vitals.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.utils.AppInfoParser;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootVersion;

/**
 * The tests run the kafka-clients that this Boot line manages, which is what a user of this
 * starter gets: the starter's pom sets {@code kafka.version} to it, over the parent's (the one
 * vitals-kafka is compiled against), and this fails when a Boot upgrade leaves it behind.
 */
class KafkaClientVersionTest {
  private static final Pattern KAFKA_VERSION = Pattern.compile("<kafka\\.version>([^<]+)</kafka\\.version>");

  @Test
  void theTestsRunTheKafkaClientThisBootLineManages() throws IOException, URISyntaxException {
    String boot = SpringBootVersion.getVersion();
    // .../org/springframework/boot/spring-boot/<v>/spring-boot-<v>.jar in the local repository,
    // where Maven also put the BOM it imported.
    Path bootJar = Path.of(SpringBootVersion.class.getProtectionDomain().getCodeSource()
        .getLocation().toURI());
    Path bom = bootJar.getParent().getParent().getParent()
        .resolve("spring-boot-dependencies").resolve(boot)
        .resolve("spring-boot-dependencies-" + boot + ".pom");
    Assumptions.assumeTrue(Files.isRegularFile(bom), () -> "no Spring Boot BOM at " + bom);
    Matcher managed = KAFKA_VERSION.matcher(Files.readString(bom));
    assertThat(managed.find()).as("kafka.version in " + bom).isTrue();

    assertThat(AppInfoParser.getVersion())
        .as("kafka-clients on the test class path (kafka.version in this starter's pom) against"
            + " Spring Boot " + boot + "'s")
        .isEqualTo(managed.group(1));
  }
}
