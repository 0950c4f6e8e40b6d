package dev.vitals.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.testing.Services;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The distribution archive as a user installs it, and vitals-probe.jar: run as programs. */
class DistributionIT {
  /** Packages of the client libraries and drivers the command bundles. */
  private static final List<String> CLIENTS = List.of("org.apache.kafka.", "com.rabbitmq.", "io.nats.",
      "org.eclipse.paho.", "org.postgresql.", "org.mariadb.", "org.slf4j.", "com.mongodb.", "org.bson.",
      "io.grpc.");

  @TempDir static Path installed;
  private static Path home;

  @BeforeAll
  static void unpack() throws Exception {
    Command tar = Command.run("tar", "xzf", Command.built("vitals.dist").toString(), "-C", installed.toString());
    assertThat(tar.status()).as(tar.err()).isZero();
    home = installed.resolve("vitals-" + System.getProperty("vitals.version"));
  }

  private static Command vitals(Map<String, String> environment, String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of(home.resolve("bin/vitals").toString()));
    command.addAll(List.of(args));
    return Command.run(command, environment);
  }

  @Test
  void theArchiveHoldsTheLauncherAndBothJars() throws IOException {
    assertThat(Files.isExecutable(home.resolve("bin/vitals"))).isTrue();
    assertThat(home.resolve("lib/vitals.jar")).isRegularFile();
    assertThat(home.resolve("lib/vitals-probe.jar")).hasSameBinaryContentAs(Command.built("vitals.probeJar"));
  }

  @Test
  void theLauncherRunsEveryCommand() throws Exception {
    Command version = vitals(Map.of(), "--version");
    assertThat(version.status()).as(version.err()).isZero();
    assertThat(version.out()).isEqualTo("vitals " + System.getProperty("vitals.version") + "\n");
    try (HealthEndpoint endpoint = new HealthEndpoint()) {
      Command probe = vitals(Map.of(), "probe", endpoint.url());
      assertThat(probe.status()).as(probe.err()).isZero();
      assertThat(probe.out()).isEqualTo("200 {\"status\":\"pass\"}\n");
      endpoint.status(503);
      assertThat(vitals(Map.of(), "probe", endpoint.url()).status()).isEqualTo(1);
    }
    Command bad = vitals(Map.of(), "check", "nosuch://x");
    assertThat(bad.status()).isEqualTo(2);
    assertThat(bad.err()).startsWith("vitals check: unknown check URI scheme 'nosuch'");
    // Parsing lint's command line loads its classes (LintOptions, ReportWriter) from the jar.
    Command lint = vitals(Map.of(), "lint", "--format", "xml", "http://127.0.0.1:8080");
    assertThat(lint.status()).isEqualTo(2);
    assertThat(lint.err()).startsWith("vitals lint: --format must be text, json or sarif, got 'xml'\n");
  }

  @Test
  void checkLoadsNoClientLibraryForASchemeItDoesNotUse() throws Exception {
    Path log = installed.resolve("classes.log");
    try (HealthEndpoint endpoint = new HealthEndpoint()) {
      Command check = vitals(Map.of("VITALS_JAVA_OPTS", "-Xlog:class+load:file=" + log),
          "check", "tcp://127.0.0.1:" + endpoint.port());
      assertThat(check.status()).as(check.out() + check.err()).isZero();
    }
    List<String> loaded = Files.readAllLines(log, StandardCharsets.UTF_8);
    assertThat(loaded).anyMatch(line -> line.contains(" dev.vitals.checks.TcpCheck "));
    assertThat(loaded).noneMatch(line -> CLIENTS.stream().anyMatch(line::contains));
    assertThat(loaded).noneMatch(line -> line.contains(" dev.vitals.lint.") || line.contains(" org.snakeyaml.")
        || line.contains(" dev.vitals.cli.LintCommand"));
  }

  @Test
  void theLauncherFollowsASymlinkAndHonoursJavaHomeAndVitalsJar(@TempDir Path elsewhere) throws Exception {
    Path link = elsewhere.resolve("vitals");
    Files.createSymbolicLink(link, home.resolve("bin/vitals"));
    Command linked = Command.run(link.toString(), "--version");
    assertThat(linked.status()).as(linked.err()).isZero();

    // A JAVA_HOME whose java says it was used, then runs the real one.
    Path bin = Files.createDirectories(elsewhere.resolve("jdk/bin"));
    Path marker = elsewhere.resolve("used");
    Files.writeString(bin.resolve("java"), "#!/bin/sh\ntouch '" + marker + "'\nexec '" + Command.java() + "' \"$@\"\n");
    Files.setPosixFilePermissions(bin.resolve("java"), PosixFilePermissions.fromString("rwxr-xr-x"));
    Command viaJavaHome = vitals(Map.of("JAVA_HOME", elsewhere.resolve("jdk").toString()), "--version");
    assertThat(viaJavaHome.status()).as(viaJavaHome.err()).isZero();
    assertThat(marker).exists();

    Command noJar = vitals(Map.of("VITALS_JAR", elsewhere.resolve("missing.jar").toString()), "--version");
    assertThat(noJar.status()).isEqualTo(2);
    assertThat(noJar.err()).isEqualTo("vitals: no jar at " + elsewhere.resolve("missing.jar") + " (set VITALS_JAR)\n");
  }

  @Test
  void theProbeJarIsTheProbeAloneAndSmall() throws Exception {
    Path jar = Command.built("vitals.probeJar");
    assertThat(Files.size(jar)).isLessThan(64 * 1024);
    try (JarFile file = new JarFile(jar.toFile())) {
      List<String> classes = file.stream().map(e -> e.getName()).filter(n -> n.endsWith(".class"))
          .sorted().collect(Collectors.toList());
      assertThat(classes).containsExactly("dev/vitals/Durations.class", "dev/vitals/cli/Options.class",
          "dev/vitals/cli/ProbeCommand$DeadlineInput.class", "dev/vitals/cli/ProbeCommand.class",
          "dev/vitals/cli/Usage.class", "dev/vitals/spi/Outputs.class");
      assertThat(file.getManifest().getMainAttributes().getValue("Main-Class")).isEqualTo("dev.vitals.cli.ProbeCommand");
    }
  }

  @Test
  void theProbeJarProbesWithTheCommandsOptionsAndExitStatuses() throws Exception {
    String jar = Command.built("vitals.probeJar").toString();
    try (HealthEndpoint endpoint = new HealthEndpoint()) {
      Command up = Command.run(Command.java(), "-jar", jar, "--timeout", "2s", endpoint.url());
      assertThat(up.status()).as(up.err()).isZero();
      assertThat(up.out()).isEqualTo("200 {\"status\":\"pass\"}\n");
      endpoint.status(503);
      Command down = Command.run(Command.java(), "-jar", jar, endpoint.url());
      assertThat(down.status()).isEqualTo(1);
      assertThat(down.out()).isEqualTo("503 {\"status\":\"fail\"}\n");
    }
    int port = Services.freePort();
    Command refused = Command.run(Command.java(), "-jar", jar, "http://127.0.0.1:" + port + "/health/live");
    assertThat(refused.status()).isEqualTo(1);
    assertThat(refused.err()).isEqualTo("vitals probe: connection refused by 127.0.0.1:" + port + "\n");

    Command help = Command.run(Command.java(), "-jar", jar, "--help");
    assertThat(help.status()).isZero();
    assertThat(help.out()).contains("SYNOPSIS", "vitals probe [--timeout DURATION]");
    Command bad = Command.run(Command.java(), "-jar", jar, "--timeout", "5", "http://127.0.0.1/");
    assertThat(bad.status()).isEqualTo(2);
    assertThat(bad.err()).isEqualTo("vitals probe: --timeout: expected a duration such as 500ms, 5s or 1m, got '5'\n"
        + "Try 'java -jar vitals-probe.jar --help'.\n");
  }
}
