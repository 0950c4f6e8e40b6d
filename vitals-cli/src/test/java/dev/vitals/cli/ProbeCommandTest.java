package dev.vitals.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.vitals.testing.Services;
import dev.vitals.testing.SilentServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ProbeCommandTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final Main main =
      new Main(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
  private HttpServer server;
  private volatile int status = 200;

  @BeforeEach
  void startServer() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/health/live", exchange -> {
      byte[] body = (status == 200 ? "{\"status\":\"pass\"}" : "{\"status\":\"fail\"}").getBytes(StandardCharsets.UTF_8);
      String auth = exchange.getRequestHeaders().getFirst("Authorization");
      exchange.sendResponseHeaders(auth != null && !auth.equals("Bearer good") ? 401 : status, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.createContext("/chunked", exchange -> {
      exchange.sendResponseHeaders(200, 0); // no length: the JDK server sends chunks
      for (String part : new String[] {"{\"status\":", "\"pass\"}"}) {
        exchange.getResponseBody().write(part.getBytes(StandardCharsets.UTF_8));
        exchange.getResponseBody().flush();
      }
      exchange.close();
    });
    server.createContext("/empty", exchange -> {
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  private String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/health/live";
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void exitsZeroOn2xxAndPrintsTheAnswer() {
    assertThat(main.run("probe", url())).isEqualTo(0);
    assertThat(out()).isEqualTo("200 {\"status\":\"pass\"}\n");
  }

  @Test
  void readsAChunkedBodyAndAnEmptyOne() {
    String base = "http://127.0.0.1:" + server.getAddress().getPort();
    assertThat(main.run("probe", base + "/chunked")).isEqualTo(0);
    assertThat(main.run("probe", base + "/empty")).isEqualTo(0);
    assertThat(out()).isEqualTo("200 {\"status\":\"pass\"}\n204 \n");
  }

  @Test
  void exitsOneOn503() {
    status = 503;
    assertThat(main.run("probe", url())).isEqualTo(1);
    assertThat(out()).isEqualTo("503 {\"status\":\"fail\"}\n");
  }

  @Test
  void sendsHeaders() {
    assertThat(main.run("probe", "--header", "Authorization: Bearer good", url())).isEqualTo(0);
    assertThat(main.run("probe", "--header=Authorization: Bearer bad", url())).isEqualTo(1);
  }

  @Test
  void exitsOneWhenRefusedOrHung() throws Exception {
    int port = Services.freePort();
    assertThat(main.run("probe", "http://127.0.0.1:" + port + "/health")).isEqualTo(1);
    assertThat(err()).isEqualTo("vitals probe: connection refused by 127.0.0.1:" + port + "\n");
    try (SilentServer silent = new SilentServer()) {
      long started = System.nanoTime();
      assertThat(main.run("probe", "--timeout", "300ms", "http://127.0.0.1:" + silent.port() + "/")).isEqualTo(1);
      assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(300 + 1000); // bounded, not fast
      assertThat(err()).endsWith("vitals probe: no answer within 300 ms\n");
    }
  }

  @Test
  void badCommandLinesExitTwoWithAReason() {
    assertThat(main.run("probe")).isEqualTo(2);
    assertThat(main.run("probe", "ftp://x/")).isEqualTo(2);
    assertThat(main.run("probe", "--timeout", "5", url())).isEqualTo(2);
    assertThat(main.run("probe", "--header", "nocolon", url())).isEqualTo(2);
    assertThat(main.run("probe", "--bogus", url())).isEqualTo(2);
    assertThat(main.run("probe", "--header", "Host: elsewhere", url())).isEqualTo(2);
    assertThat(main.run("frobnicate")).isEqualTo(2);
    assertThat(err()).contains(
        "vitals probe: give exactly one URL\n",
        "vitals probe: bad URL 'ftp://x/': URL must start with http:// or https://\n",
        "vitals probe: --timeout: expected a duration such as 500ms, 5s or 1m, got '5'\n",
        "vitals probe: --header must look like 'Name: value'\n",
        "vitals probe: unknown option --bogus\n",
        "vitals probe: --header Host is set by the probe itself\n",
        "vitals: unknown command 'frobnicate'\n",
        "Try 'vitals --help'.\n");
  }

  @Test
  void helpIsAvailableForEveryCommand() {
    assertThat(main.run("--help")).isEqualTo(0);
    assertThat(main.run("probe", "--help")).isEqualTo(0);
    assertThat(main.run("help", "wait")).isEqualTo(0);
    assertThat(main.run("check", "-h")).isEqualTo(0);
    assertThat(out()).contains("SYNOPSIS", "vitals probe [--timeout DURATION]", "vitals wait - wait until",
        "vitals check - run dependency checks", "EXIT STATUS");
  }
}
