package dev.vitals.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.CheckUris;
import dev.vitals.HealthCheck;
import dev.vitals.HealthReport;
import dev.vitals.Probe;
import dev.vitals.Result;
import dev.vitals.Status;
import dev.vitals.Vitals;
import dev.vitals.testing.Services;
import dev.vitals.testing.SilentServer;
import dev.vitals.testing.TcpProxy;
import dev.vitals.testing.Timing;
import io.grpc.BindableService;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link GrpcHealthCheck} against real Netty servers on loopback ports: grpc-java's own {@link
 * HealthStatusManager} (an implementation independent of ours), a server without the health
 * service, a refused port, a server that never answers and a frozen proxy.
 */
class GrpcHealthCheckTest {
  private static final Duration SHORT = Duration.ofMillis(400);

  private final HealthStatusManager health = new HealthStatusManager();
  private Server server;
  private String target;

  @BeforeEach
  void startServer() throws IOException {
    server = start(health.getHealthService());
    target = "127.0.0.1:" + server.getPort();
    health.setStatus("readiness", ServingStatus.SERVING);
    health.setStatus("draining", ServingStatus.NOT_SERVING);
  }

  @AfterEach
  void stopServer() throws InterruptedException {
    server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
  }

  private static Server start(BindableService service) throws IOException {
    return NettyServerBuilder
        .forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            InsecureServerCredentials.create())
        .addService(service)
        .build()
        .start();
  }

  private static ManagedChannel channel(int port) {
    return NettyChannelBuilder.forAddress("127.0.0.1", port, InsecureChannelCredentials.create())
        .build();
  }

  /** Runs the check once, bounded by its deadline: "pass", or "fail: output". */
  private static String run(HealthCheck.Builder check) throws Exception {
    return outcome(Timing.runWithinDeadline(check.build()));
  }

  private static String outcome(Result result) {
    return result.status() == Status.PASS ? "pass" : result.status().wireName() + ": " + result.output();
  }

  private static String failed(String output) {
    return "fail: " + output;
  }

  @Test
  void uriCheckPassesWhenServingAndFailsNamingTheStatusOtherwise() throws Exception {
    assertThat(run(GrpcHealthCheck.of("grpc", "grpc://" + target + "/readiness")))
        .isEqualTo("pass");
    assertThat(run(GrpcHealthCheck.of("grpc", "grpc://" + target)))
        .as("the empty name: the server as a whole, SERVING in grpc-java")
        .isEqualTo("pass");
    assertThat(run(GrpcHealthCheck.of("grpc", "grpc://" + target + "/draining")))
        .isEqualTo(failed("grpc " + target + "/draining: NOT_SERVING"));
    assertThat(run(GrpcHealthCheck.of("grpc", "grpc://" + target + "/orders.v1.Orders")))
        .isEqualTo(failed("grpc " + target
            + "/orders.v1.Orders: the server does not know this service (NOT_FOUND)"));
  }

  @Test
  void aServerWithoutTheHealthServiceFailsUnimplemented() throws Exception {
    Server none = NettyServerBuilder
        .forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            InsecureServerCredentials.create())
        .build()
        .start();
    try {
      assertThat(run(GrpcHealthCheck.of("grpc", "grpc://127.0.0.1:" + none.getPort())))
          .isEqualTo(failed("grpc 127.0.0.1:" + none.getPort()
              + ": the server does not serve grpc.health.v1.Health (UNIMPLEMENTED)"));
    } finally {
      none.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aRefusedConnectionFailsAtOnceUnavailable() throws Exception {
    int port = Services.freePort();

    Result result = Timing.runWithin(
        GrpcHealthCheck.of("grpc", "grpc://127.0.0.1:" + port + "/readiness").timeout(Duration.ofSeconds(5)).build(),
        Duration.ofSeconds(4)); // well before the deadline: the call does not wait for a connection

    assertThat(result.status()).isEqualTo(Status.FAIL);
    assertThat(result.output())
        .startsWith("grpc 127.0.0.1:" + port + "/readiness: UNAVAILABLE: ")
        .contains("Connection refused");
  }

  @Test
  void aServerThatAcceptsAndNeverAnswersFailsAtTheDeadline() throws Exception {
    try (SilentServer silent = new SilentServer()) {
      String result = run(
          GrpcHealthCheck.of("grpc", "grpc://127.0.0.1:" + silent.port() + "/readiness").timeout(SHORT));

      assertThat(result).isEqualTo(failed("grpc 127.0.0.1:" + silent.port()
          + "/readiness: no answer within 400 ms (DEADLINE_EXCEEDED)"));
    }
  }

  @Test
  void theApplicationsChannelFailsAtTheDeadlineWhileFrozenAndRecoversAfter() throws Exception {
    try (TcpProxy proxy = new TcpProxy("127.0.0.1", server.getPort())) {
      ManagedChannel channel = channel(proxy.port());
      try {
        // The first call connects the channel (and loads Netty): a generous deadline for it.
        assertThat(run(GrpcHealthCheck.of("upstream", channel, "readiness").timeout(Duration.ofSeconds(5))))
            .isEqualTo("pass");
        HealthCheck check = GrpcHealthCheck.of("upstream", channel, "readiness").timeout(SHORT).build();
        assertThat(check.componentType()).isEqualTo("component");
        assertThat(check.componentId()).isEqualTo("127.0.0.1:" + proxy.port());
        assertThat(outcome(Timing.runWithinDeadline(check))).isEqualTo("pass");

        proxy.freeze();
        assertThat(outcome(Timing.runWithinDeadline(check))).isEqualTo(failed("grpc 127.0.0.1:"
            + proxy.port() + "/readiness: no answer within 400 ms (DEADLINE_EXCEEDED)"));

        proxy.thaw();
        health.setStatus("readiness", ServingStatus.NOT_SERVING);
        assertThat(Timing.runWithinDeadline(check).output()).endsWith("/readiness: NOT_SERVING");
        assertThat(channel.isShutdown()).as("the application's channel is never shut down").isFalse();
      } finally {
        channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void checkUrisMakesTheCheckWithItsPolicyAndTheEngineRunsIt() throws Exception {
    HealthCheck check = CheckUris.create(
        "grpc://" + target + "/readiness?name=upstream&timeout=500ms&ttl=0s").build();
    assertThat(check.name()).isEqualTo("upstream");
    assertThat(check.timeout()).isEqualTo(Duration.ofMillis(500));
    health.setStatus("readiness", ServingStatus.NOT_SERVING);
    try (Vitals vitals = Vitals.builder().shutdownHook(false).check(check).build()) {
      vitals.markStarted();
      HealthReport report = vitals.report(Probe.READINESS); // runs it: ttl=0s, on demand
      assertThat(report.status()).isEqualTo(Status.FAIL);
      assertThat(report.checks().get(0).output()).isEqualTo("grpc " + target + "/readiness: NOT_SERVING");
    }
  }

  /** A service checking another that serves its health with {@link VitalsHealthService}. */
  @Test
  void aVitalsServerIsCheckedByName() throws Exception {
    try (HealthHarness upstream = new HealthHarness()) {
      String uri = "grpc://127.0.0.1:" + upstream.server.getPort() + "/readiness";
      assertThat(run(GrpcHealthCheck.of("grpc", uri))).endsWith(": NOT_SERVING"); // starting
      upstream.started();
      assertThat(run(GrpcHealthCheck.of("grpc", uri))).isEqualTo("pass");
      upstream.dependency(Result.fail("down"));
      assertThat(run(GrpcHealthCheck.of("grpc", uri))).endsWith(": NOT_SERVING");
    }
  }
}
