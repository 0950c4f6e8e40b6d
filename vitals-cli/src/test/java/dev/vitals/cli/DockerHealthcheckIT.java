package dev.vitals.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.Durations;
import dev.vitals.testing.Services;
import dev.vitals.testing.SilentServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The example's Dockerfile, whose HEALTHCHECK the README shows: its command line, run as Docker
 * would run it (exec form, no shell) with two substitutions only: the jar's path in the image
 * becomes the jar just built, and the port becomes a test endpoint's.
 */
class DockerHealthcheckIT {
  private static final Path ROOT = Path.of(System.getProperty("vitals.root", ".."));
  private static String instruction;
  private static Duration dockerTimeout;
  private static List<String> command;
  private static String imageJar;

  @BeforeAll
  static void readTheDockerfile() throws Exception {
    String dockerfile = Files.readString(ROOT.resolve("vitals-example/Dockerfile"), StandardCharsets.UTF_8);
    Matcher healthcheck = Pattern.compile("(?m)^HEALTHCHECK (?:[^\\n]*\\\\\\n)*[^\\n]*$").matcher(dockerfile);
    assertThat(healthcheck.find()).as("a HEALTHCHECK instruction").isTrue();
    instruction = healthcheck.group();
    String joined = instruction.replace("\\\n", " ");
    Matcher options = Pattern.compile("--timeout=(\\S+)").matcher(joined.substring(0, joined.indexOf(" CMD ")));
    assertThat(options.find()).as("HEALTHCHECK --timeout").isTrue();
    dockerTimeout = Durations.parse("HEALTHCHECK --timeout", options.group(1));
    command = execForm(joined.substring(joined.indexOf(" CMD ") + 5).strip());
    Matcher copy = Pattern.compile("(?m)^COPY \\S*/vitals-probe\\.jar (\\S+)$").matcher(dockerfile);
    assertThat(copy.find()).as("a COPY of vitals-probe.jar").isTrue();
    imageJar = copy.group(1);
    assertThat(command).contains(imageJar);
  }

  /** A JSON array of plain strings, Docker's exec form; the snippet needs no escapes. */
  private static List<String> execForm(String array) {
    assertThat(array).startsWith("[").endsWith("]").doesNotContain("\\");
    List<String> words = new ArrayList<>();
    Matcher word = Pattern.compile("\"([^\"]*)\"\\s*(,|$)").matcher(array.substring(1, array.length() - 1).strip());
    while (word.find()) {
      words.add(word.group(1));
    }
    return words;
  }

  /** The snippet's command line for an endpoint on {@code port}. */
  private static List<String> commandFor(int port) {
    List<String> line = new ArrayList<>();
    for (String word : command) {
      if (word.equals(imageJar)) {
        line.add(Command.built("vitals.probeJar").toString());
      } else if (word.equals("java")) {
        line.add(Command.java());
      } else {
        line.add(word.replace("127.0.0.1:8080/", "127.0.0.1:" + port + "/"));
      }
    }
    return line;
  }

  private static Command healthcheck(int port) throws Exception {
    return Command.run(commandFor(port), Map.of());
  }

  @Test
  void theReadmeShowsThisHealthcheck() throws Exception {
    assertThat(Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8)).contains(instruction);
    assertThat(command).contains("http://127.0.0.1:8080/health/live");
  }

  @Test
  void healthyWhenLiveUnhealthyOn503() throws Exception {
    try (HealthEndpoint endpoint = new HealthEndpoint()) {
      Command up = healthcheck(endpoint.port());
      assertThat(up.status()).as(up.err()).isZero();
      endpoint.status(503);
      assertThat(healthcheck(endpoint.port()).status()).isEqualTo(1);
    }
  }

  @Test
  void unhealthyWhenRefused() throws Exception {
    Command refused = healthcheck(Services.freePort());
    assertThat(refused.status()).isEqualTo(1);
    assertThat(refused.err()).contains("connection refused");
  }

  @Test
  void aHungEndpointIsReportedByTheProbesOwnTimeoutBeforeDockersEnds() throws Exception {
    int at = command.indexOf("--timeout");
    assertThat(at).as("the probe's own --timeout").isPositive();
    Duration probeTimeout = Durations.parse("--timeout", command.get(at + 1));
    assertThat(probeTimeout).isLessThan(dockerTimeout);
    try (SilentServer silent = new SilentServer()) {
      Command hung = healthcheck(silent.port());
      assertThat(hung.status()).isEqualTo(1);
      assertThat(hung.err()).isEqualTo("vitals probe: no answer within " + probeTimeout.toMillis() + " ms\n");
    }
  }
}
