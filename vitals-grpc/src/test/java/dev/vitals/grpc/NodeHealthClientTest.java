package dev.vitals.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.Result;
import dev.vitals.testing.Services;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An independent client: the npm registry's {@code grpc-health-check} (2.1.0) on {@code
 * @grpc/grpc-js} (1.14), which is what a Node.js caller would use, run by the scripts in {@code
 * src/test/node} against {@link VitalsHealthService} on a real Netty server. {@code
 * scripts/tools.sh} installs node, npm and the two packages ({@code npm install -g}); without
 * them the tests skip, or fail under {@code CI=true}.
 */
class NodeHealthClientTest {
  private static final Path SCRIPTS = Path.of("src", "test", "node");
  private static Path node;
  private static String nodePath; // where npm install -g put the packages

  @BeforeAll
  static void nodeAndPackages() throws Exception {
    node = Services.requireBinary("node", "nodejs");
    Path npm = Services.requireBinary("npm");
    nodePath = run(List.of(npm.toString(), "root", "-g"), Map.of()).strip();
    String probe = run(List.of(node.toString(), "-e",
        "require('grpc-health-check'); console.log(require('@grpc/grpc-js/package.json').version)"),
        Map.of("NODE_PATH", nodePath)).strip();
    if (!probe.matches("1\\.14\\.\\d+")) {
      String message = "the npm packages grpc-health-check and @grpc/grpc-js 1.14 are not installed"
          + " in " + nodePath + " (" + probe + "); install them with scripts/tools.sh";
      Services.unavailable(message);
    }
  }

  /** Runs {@code command} to its end (60 s at most) and returns its output and error. */
  private static String run(List<String> command, Map<String, String> environment)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(environment);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("%s ended", command).isTrue();
    return output;
  }

  private static String nodeCheck(HealthHarness h, String service) throws Exception {
    return run(List.of(node.toString(), SCRIPTS.resolve("check.js").toString(),
        "127.0.0.1:" + h.server.getPort(), service), Map.of("NODE_PATH", nodePath)).strip();
  }

  @Test
  void nodeCheckReadsEachServiceName() throws Exception {
    try (HealthHarness h = new HealthHarness().started()) {
      assertThat(nodeCheck(h, "")).isEqualTo("SERVING");
      assertThat(nodeCheck(h, "liveness")).isEqualTo("SERVING");
      assertThat(nodeCheck(h, "readiness")).isEqualTo("SERVING");
      assertThat(nodeCheck(h, "startup")).isEqualTo("SERVING");
      assertThat(nodeCheck(h, "orders.v1.Orders")).isEqualTo("NOT_FOUND");

      h.dependency(Result.fail("connection refused"));
      assertThat(nodeCheck(h, "readiness")).isEqualTo("NOT_SERVING");
      assertThat(nodeCheck(h, "")).isEqualTo("SERVING");
    }
  }

  /** Also the closing note's transcript: it prints the two streams with the steps between. */
  @Test
  void nodeWatchSeesADependencyOutageAndTheDrain() throws Exception {
    List<String> transcript = new ArrayList<>();
    try (HealthHarness h = new HealthHarness();
        NodeWatch readiness = new NodeWatch(h, "readiness", transcript);
        NodeWatch liveness = new NodeWatch(h, "liveness", transcript)) {
      step(transcript, "engine built, not yet started");
      assertThat(readiness.next()).endsWith(" readiness NOT_SERVING");
      assertThat(liveness.next()).endsWith(" liveness SERVING");

      step(transcript, "markStarted()");
      h.started();
      assertThat(readiness.next()).endsWith(" readiness SERVING");

      step(transcript, "dependency down: the check returns fail \"connection refused\"");
      h.dependency(Result.fail("connection refused"));
      assertThat(readiness.next()).endsWith(" readiness NOT_SERVING");
      step(transcript, "20 more runs of the failing check and 100 Check calls: no message");
      h.runDependency(20);
      for (int i = 0; i < 100; i++) {
        h.check("readiness");
      }
      step(transcript, "dependency back: the check passes");
      h.dependency(Result.pass());
      assertThat(readiness.next()).endsWith(" readiness SERVING");

      step(transcript, "beginShutdown(): the drain begins (drain delay 5 s on the engine's fake clock)");
      h.vitals.beginShutdown();
      assertThat(readiness.next()).endsWith(" readiness NOT_SERVING");
      step(transcript, "fake clock advanced 5 s: the drain is over, the shutdown tasks run");
      h.clock.advance(HealthHarness.DRAIN);
      assertThat(readiness.next()).endsWith(" readiness end OK");
      assertThat(liveness.next()).as("liveness served throughout").endsWith(" liveness end OK");
    }
    synchronized (transcript) {
      System.out.println("gRPC Watch transcript (grpc-health-check 2.1.0 on @grpc/grpc-js):");
      transcript.forEach(line -> System.out.println("  " + line));
    }
  }

  private static void step(List<String> transcript, String what) {
    synchronized (transcript) {
      transcript.add(Instant.now().truncatedTo(ChronoUnit.MILLIS) + " -- " + what);
    }
  }

  /** watch.js running, its lines in a queue as they arrive (and in the transcript). */
  private static final class NodeWatch implements AutoCloseable {
    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    NodeWatch(HealthHarness h, String service, List<String> transcript) throws IOException {
      ProcessBuilder builder = new ProcessBuilder(node.toString(),
          SCRIPTS.resolve("watch.js").toString(), "127.0.0.1:" + h.server.getPort(), service)
          .redirectErrorStream(true);
      builder.environment().put("NODE_PATH", nodePath);
      process = builder.start();
      Thread reader = new Thread(() -> {
        try (BufferedReader in = process.inputReader(StandardCharsets.UTF_8)) {
          for (String line; (line = in.readLine()) != null; ) {
            synchronized (transcript) {
              transcript.add(line);
            }
            lines.add(line);
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }, "watch.js-" + service);
      reader.setDaemon(true);
      reader.start();
    }

    /** The next line watch.js printed, waiting at most the harness's bound. */
    String next() throws InterruptedException {
      String line = lines.poll(HealthHarness.BOUND_SECONDS, TimeUnit.SECONDS);
      assertThat(line).as("the next line of watch.js").isNotNull();
      return line;
    }

    @Override
    public void close() throws IOException {
      process.getOutputStream().close(); // watch.js cancels its call on end of input
      try {
        if (!process.waitFor(HealthHarness.BOUND_SECONDS, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }
}
