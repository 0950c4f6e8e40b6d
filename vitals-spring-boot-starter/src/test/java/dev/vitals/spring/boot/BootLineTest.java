package dev.vitals.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootVersion;

/** Boot 4's starter on its own line and on the other. */
class BootLineTest {
  @Test
  void runsOnBoot4() {
    assertThat(SpringBootVersion.getVersion()).startsWith("4.");
    assertThat(BootLine.mismatch(SpringBootVersion.getVersion())).isNull();
  }

  @Test
  void onBoot3ItNamesTheStarterToUse() {
    assertThat(BootLine.mismatch("3.5.7")).isEqualTo("vitals-spring-boot-starter is for Spring"
        + " Boot 4.x; this application runs Spring Boot 3.5.7: use"
        + " dev.vitals:vitals-spring-boot3-starter");
  }
}
