package dev.vitals.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code vitals check grpc://…} against a real gRPC server serving grpc-java's health service. */
class GrpcCheckCommandTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final Main main = new Main(new PrintStream(out, true, StandardCharsets.UTF_8),
      new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
  private final HealthStatusManager health = new HealthStatusManager();
  private Server server;

  @BeforeEach
  void startServer() throws Exception {
    server = NettyServerBuilder
        .forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            InsecureServerCredentials.create())
        .addService(health.getHealthService())
        .build()
        .start();
  }

  @AfterEach
  void stopServer() throws InterruptedException {
    server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
  }

  @Test
  void servingExitsZeroAndNotServingExitsOneNamingTheStatus() {
    String uri = "grpc://127.0.0.1:" + server.getPort() + "/readiness";
    health.setStatus("readiness", ServingStatus.SERVING);
    assertThat(main.run("check", "--timeout", "5s", uri)).as(out.toString(StandardCharsets.UTF_8)).isEqualTo(0);
    assertThat(out.toString(StandardCharsets.UTF_8)).containsPattern("(?m)^grpc +pass +\\d+ ms$");

    out.reset();
    health.setStatus("readiness", ServingStatus.NOT_SERVING);
    assertThat(main.run("check", uri)).isEqualTo(1);
    assertThat(out.toString(StandardCharsets.UTF_8)).containsPattern(
        "(?m)^grpc +fail +\\d+ ms +grpc 127\\.0\\.0\\.1:" + server.getPort() + "/readiness: NOT_SERVING$");
  }
}
