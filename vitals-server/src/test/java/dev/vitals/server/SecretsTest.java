package dev.vitals.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.HealthCheck;
import dev.vitals.HealthEndpoints;
import dev.vitals.HealthListener;
import dev.vitals.Vitals;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Secret shapes thrown by checks never reach any output: not the HTTP body an authorised caller
 * sees, not a log line, not a listener, not the anonymous answer (which shows status only).
 */
class SecretsTest {
  private static final String TOKEN = "secrets-test-token-0123456789";

  static Stream<Arguments> secrets() {
    return Stream.of(
        Arguments.of("URI user:password@", new IllegalStateException(
            "cannot reach postgresql://app:Sup3rS3cret@db.internal:5432/notes"), "Sup3rS3cret"),
        Arguments.of("JDBC password= parameter", new SQLException(
            "bad url jdbc:mysql://db/x?user=app&password=Sup3rS3cret&ssl=true"), "Sup3rS3cret"),
        Arguments.of("JDBC ;password= property", new SQLException(
            "login failed jdbc:sqlserver://db;user=sa;password=Sup3rS3cret;encrypt=true"), "Sup3rS3cret"),
        Arguments.of("Authorization bearer", new IllegalStateException(
            "401 for request with Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.Sup3rS3cret"), "Sup3rS3cret"),
        Arguments.of("Authorization basic", new IllegalStateException(
            "sent Authorization: Basic dXNlcjpTdXAzclMzY3JldA=="), "dXNlcjpTdXAzclMzY3JldA"),
        Arguments.of("AWS access key", new IllegalStateException(
            "S3 denied key AKIAIOSFODNN7EXAMPLE"), "AKIAIOSFODNN7EXAMPLE"),
        Arguments.of("AWS secret access key, bare", new IllegalStateException(
            "signing with wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY failed"),
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
        Arguments.of("AWS secret access key, as a variable", new IllegalStateException(
            "env AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY rejected"),
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
        Arguments.of("Azure account key, bare", new IllegalStateException("key Eby8vdM02xNOcqFlqUwJ"
            + "PLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw== refused"),
            "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw"),
        Arguments.of("Azure connection string", new IllegalStateException("bad DefaultEndpoints"
            + "Protocol=https;AccountName=media;AccountKey=Sup3rS3cret+/Key==;EndpointSuffix=x"),
            "Sup3rS3cret+/Key"),
        Arguments.of("Azure SharedKey authorization", new IllegalStateException(
            "403 for Authorization: SharedKey media:Sup3rS3cretSig+/="), "Sup3rS3cretSig"),
        Arguments.of("token in a query string", new IllegalStateException(
            "GET https://api.internal/v1/ping?token=Sup3rS3cret&x=1 failed"), "Sup3rS3cret"),
        Arguments.of("driver text quoting a password", new SQLException(
            "FATAL: password authentication failed (password: Sup3rS3cret)"), "Sup3rS3cret"),
        Arguments.of("secret in a wrapped cause", new RuntimeException(new SQLException(
            "connect to redis://:Sup3rS3cret@cache:6379 refused")), "Sup3rS3cret"),
        Arguments.of("multi-line message", new IllegalStateException(
            "failed\napi_key=Sup3rS3cret\n\tat Foo.bar(Foo.java:1)"), "Sup3rS3cret"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("secrets")
  void aSecretThrownByACheckReachesNoOutput(String shape, Exception thrown, String secret) throws Exception {
    List<String> logged = new java.util.concurrent.CopyOnWriteArrayList<>();
    Handler capture = new Handler() {
      @Override
      public void publish(LogRecord record) {
        String text = record.getMessage();
        Object[] params = record.getParameters();
        logged.add(params == null ? text : java.text.MessageFormat.format(text, params));
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    Logger logger = Logger.getLogger("dev.vitals");
    logger.addHandler(capture);
    BlockingQueue<HealthListener.Transition> heard = new LinkedBlockingQueue<>();
    try (Vitals vitals = Vitals.builder()
        .shutdownHook(false)
        .executor(Runnable::run)
        .listener(new HealthListener() {
          @Override
          public void onTransition(Transition transition) {
            heard.add(transition);
          }
        })
        .check(HealthCheck.builder("db", () -> {
          throw thrown;
        }).interval(Duration.ofMinutes(1)))
        .build()) {
      vitals.markStarted();
      HealthServer server = HealthServer.builder(HealthEndpoints.builder(vitals).bearerToken(TOKEN).build())
          .host("127.0.0.1").port(0).stopGrace(Duration.ZERO).stopOnShutdown(false).start();
      try {
        HttpClient client = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + server.port();
        String details = client.send(HttpRequest.newBuilder(URI.create(base + "/health"))
            .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString()).body();
        String anonymous = client.send(HttpRequest.newBuilder(URI.create(base + "/health/ready")).build(),
            HttpResponse.BodyHandlers.ofString()).body();
        HealthListener.Transition transition = heard.poll(5, TimeUnit.SECONDS);

        assertThat(details).as("details body").contains("\"db:responseTime\"").doesNotContain(secret);
        assertThat(details).as("no stack trace").doesNotContain("\\n").doesNotContain("\\tat ");
        assertThat(anonymous).as("anonymous body").isEqualTo("{\"status\":\"fail\"}");
        assertThat(transition).isNotNull();
        assertThat(transition.output()).as("listener").doesNotContain(secret);
        assertThat(vitals.details().check("db").output()).as("report").doesNotContain(secret);
      } finally {
        server.close();
      }
    } finally {
      logger.removeHandler(capture);
    }
    assertThat(logged).as("log lines").isNotEmpty().noneMatch(line -> line.contains(secret));
  }
}
