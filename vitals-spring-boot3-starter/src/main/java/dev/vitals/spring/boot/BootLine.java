package dev.vitals.spring.boot;

import org.springframework.boot.SpringBootVersion;

/** The Spring Boot line this starter is built for, checked when it is first used. */
final class BootLine {
  static final String LINE = "3.";

  private BootLine() {}

  static void require() {
    String message = mismatch(SpringBootVersion.getVersion());
    if (message != null) {
      throw new IllegalStateException(message);
    }
  }

  /** The error for running on {@code version}, or null when it is this starter's line. */
  static String mismatch(String version) {
    if (version == null || version.startsWith(LINE)) {
      return null; // unknown (classes not from Boot's jar): nothing to judge
    }
    return "vitals-spring-boot3-starter is for Spring Boot 3.x; this application runs Spring Boot "
        + version + ": use dev.vitals:vitals-spring-boot-starter";
  }
}
