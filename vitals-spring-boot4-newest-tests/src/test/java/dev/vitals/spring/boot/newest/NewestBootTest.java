package dev.vitals.spring.boot.newest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootVersion;
import org.springframework.core.SpringVersion;

/** Proves the starter's tests in this module really ran on the newest Boot, not on 4.0. */
class NewestBootTest {
  @Test
  void runsOnTheNewestBoot() {
    assertThat(SpringBootVersion.getVersion())
        .isEqualTo(System.getProperty("vitals.expected.boot.version"));
    assertThat(SpringVersion.getVersion()).startsWith("7.");
  }
}
