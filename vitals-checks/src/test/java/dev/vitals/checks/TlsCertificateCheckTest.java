package dev.vitals.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vitals.HealthCheck;
import dev.vitals.Result;
import dev.vitals.Status;
import dev.vitals.testing.Services;
import dev.vitals.testing.SilentServer;
import dev.vitals.testing.Timing;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsCertificateCheckTest {
  @TempDir static Path dir;
  private static Path valid; // a year
  private static Path shortLived; // 5 days
  private static Path expired; // ended 5 days ago
  private static Path notYetValid; // starts in 5 days

  @BeforeAll
  static void makeCertificates() throws Exception {
    valid = Certificates.keyStore(dir, "valid", "-validity", "365");
    shortLived = Certificates.keyStore(dir, "short", "-validity", "5");
    expired = Certificates.keyStore(dir, "expired", "-startdate", "-10d", "-validity", "5");
    notYetValid = Certificates.keyStore(dir, "future", "-startdate", "+5d", "-validity", "30");
  }

  @Test
  void remoteCertificateWithTimeLeftPassesWithDaysAsObservedValue() throws Exception {
    try (Certificates.TlsServer server = new Certificates.TlsServer(valid)) {
      HealthCheck check = TlsCertificateCheck.of("tls", "127.0.0.1", server.port()).build();

      Result result = Timing.runWithinDeadline(check);

      assertThat(result.status()).isEqualTo(Status.PASS);
      assertThat(result.observedValue()).isIn(364L, 365L);
      assertThat(result.observedUnit()).isEqualTo("d");
      assertThat(check.measurement()).isEqualTo("daysUntilExpiry");
      assertThat(check.key()).isEqualTo("tls:daysUntilExpiry");
      assertThat(check.componentId()).isEqualTo("127.0.0.1:" + server.port());
    }
  }

  @Test
  void remoteCertificateCloseToExpiryWarns() throws Exception {
    try (Certificates.TlsServer server = new Certificates.TlsServer(shortLived)) {
      Result result = Timing.runWithinDeadline(TlsCertificateCheck.of("tls", "localhost", server.port()).build());
      Result relaxed = TlsCertificateCheck.create("localhost", server.port())
          .warnDays(3).healthCheck("tls").build().check().check();

      assertThat(result.status()).isEqualTo(Status.WARN);
      assertThat(result.output()).matches(
          "tls localhost:" + server.port() + ": certificate CN=short expires in 4 days, on \\d{4}-\\d\\d-\\d\\d");
      assertThat(relaxed.status()).isEqualTo(Status.PASS);
    }
  }

  @Test
  void expiredRemoteCertificateFails() throws Exception {
    try (Certificates.TlsServer server = new Certificates.TlsServer(expired)) {
      Result result = Timing.runWithinDeadline(TlsCertificateCheck.of("tls", "127.0.0.1", server.port()).build());

      assertThat(result.status()).isEqualTo(Status.FAIL);
      assertThat(result.output()).isEqualTo("tls 127.0.0.1:" + server.port()
          + ": certificate CN=expired expired on " + LocalDate.now(ZoneOffset.UTC).minusDays(5));
      assertThat(result.observedValue()).isEqualTo(-5L);
    }
  }

  @Test
  void notYetValidCertificateFails() throws Exception {
    Result result = TlsCertificateCheck.create(notYetValid, Certificates.PASSWORD.toCharArray())
        .healthCheck("ks").build().check().check();

    assertThat(result.status()).isEqualTo(Status.FAIL);
    assertThat(result.output()).isEqualTo("keystore " + notYetValid
        + ": certificate CN=future is not valid until " + LocalDate.now(ZoneOffset.UTC).plusDays(5));
  }

  @Test
  void keyStoreAndPemFileAreRead() throws Exception {
    Path pem = Certificates.pem(shortLived);

    Result keyStore = TlsCertificateCheck.ofKeyStore("ks", valid, Certificates.PASSWORD.toCharArray())
        .build().check().check();
    Result pemFile = TlsCertificateCheck.ofPem("pem", pem).build().check().check();
    Result expiredPem = TlsCertificateCheck.ofPem("pem", Certificates.pem(expired)).build().check().check();

    assertThat(keyStore.status()).isEqualTo(Status.PASS);
    assertThat(pemFile.status()).isEqualTo(Status.WARN);
    assertThat(pemFile.output()).startsWith("pem " + pem + ": certificate CN=short expires in 4 days");
    assertThat(expiredPem.status()).isEqualTo(Status.FAIL);
  }

  @Test
  void clockDecidesTheDaysLeft() throws Exception {
    Clock later = Clock.offset(Clock.systemUTC(), Duration.ofDays(400));

    Result result = TlsCertificateCheck.create(valid, Certificates.PASSWORD.toCharArray()).clock(later)
        .healthCheck("ks").build().check().check();

    assertThat(result.status()).isEqualTo(Status.FAIL);
    assertThat(result.output()).contains("certificate CN=valid expired on");
  }

  @Test
  void wrongKeyStorePasswordFailsWithoutShowingIt() throws Exception {
    String wrong = "wrong-" + Certificates.PASSWORD;
    HealthCheck check = TlsCertificateCheck.ofKeyStore("ks", valid, wrong.toCharArray()).build();

    Result result = check.check().check();

    assertThat(result.status()).isEqualTo(Status.FAIL);
    assertThat(result.output()).startsWith("keystore " + valid + ": IOException")
        .doesNotContain(wrong).doesNotContain(Certificates.PASSWORD);
    assertThat(check.check().toString()).doesNotContain(wrong);
  }

  @Test
  void missingFileFails() throws Exception {
    Path missing = dir.resolve("missing.pem");

    Result result = TlsCertificateCheck.ofPem("pem", missing).build().check().check();
    Result noCertificates = TlsCertificateCheck.ofPem("pem", Files.writeString(dir.resolve("empty.pem"), "nothing"))
        .build().check().check();

    assertThat(result.output()).isEqualTo("pem " + missing + ": NoSuchFileException: " + missing);
    assertThat(noCertificates.output()).isEqualTo("pem " + dir.resolve("empty.pem") + ": no certificates found");
  }

  @Test
  void refusedConnectionFails() throws Exception {
    int port = Services.freePort();

    Result result = Timing.runWithinDeadline(TlsCertificateCheck.of("tls", "127.0.0.1", port).build());

    assertThat(result.status()).isEqualTo(Status.FAIL);
    assertThat(result.output()).startsWith("tls 127.0.0.1:" + port + ": ConnectException");
  }

  @Test
  void serverThatAcceptsAndHangsFailsAtTheDeadline() throws Exception {
    try (SilentServer silent = new SilentServer()) {
      HealthCheck check =
          TlsCertificateCheck.of("tls", "127.0.0.1", silent.port()).timeout(Duration.ofMillis(300)).build();

      Result result = Timing.runWithinDeadline(check);

      assertThat(result.output())
          .isEqualTo("tls 127.0.0.1:" + silent.port() + ": no TLS handshake within 300 ms");
    }
  }

  @Test
  void rejectsBadWarnDays() {
    assertThatThrownBy(() -> TlsCertificateCheck.create(valid).warnDays(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("warnDays must be 0-3650: -1");
  }
}
