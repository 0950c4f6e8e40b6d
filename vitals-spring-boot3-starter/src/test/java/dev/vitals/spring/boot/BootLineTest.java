package dev.vitals.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootVersion;

/** Boot 3's starter on its own line and on the other. */
class BootLineTest {
  @Test
  void runsOnBoot3() {
    assertThat(SpringBootVersion.getVersion()).startsWith("3.");
    assertThat(BootLine.mismatch(SpringBootVersion.getVersion())).isNull();
  }

  @Test
  void onBoot4ItNamesTheStarterToUse() {
    assertThat(BootLine.mismatch("4.0.7")).isEqualTo("vitals-spring-boot3-starter is for Spring"
        + " Boot 3.x; this application runs Spring Boot 4.0.7: use"
        + " dev.vitals:vitals-spring-boot-starter");
  }
}
