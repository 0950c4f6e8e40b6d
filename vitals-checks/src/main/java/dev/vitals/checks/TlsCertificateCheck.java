package dev.vitals.checks;

import dev.vitals.Check;
import dev.vitals.HealthCheck;
import dev.vitals.Result;
import dev.vitals.spi.CheckUri;
import dev.vitals.spi.Deadline;
import dev.vitals.spi.Outputs;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Warns before a certificate expires and fails once it has (or is not valid yet): of a remote
 * TLS endpoint, of a local key store or trust store (PKCS12 or JKS), or of a PEM file.
 * Expiring credentials take services down more often than outages do.
 *
 * <pre>{@code
 * Vitals.builder()
 *     .check(TlsCertificateCheck.of("api-cert", "api.example.com", 443))          // warn under 14 days
 *     .check(TlsCertificateCheck.ofKeyStore("server-keystore", Path.of("/etc/app/server.p12"), secret))
 *     .check(TlsCertificateCheck.create(Path.of("/etc/ssl/certs/partner.pem"))
 *         .warnDays(30)
 *         .healthCheck("partner-ca").critical(false))
 *     .build();
 * }</pre>
 *
 * <p>Every certificate found counts: the whole chain a server presents, every entry of a key
 * store, every {@code CERTIFICATE} block of a PEM file. The one that expires first decides: its
 * days left (whole days, negative once expired) are the observed value, with measurement
 * {@code daysUntilExpiry} and unit {@code d}. Fewer than {@link #warnDays(int) warnDays} left
 * (default {@value #DEFAULT_WARN_DAYS}) warns; expired or not yet valid fails, naming the
 * certificate's CN and the date.
 *
 * <p><b>Trust is not checked.</b> The remote handshake accepts any certificate chain (a
 * trust-all manager used for nothing but reading the chain; no data is sent): the point is
 * expiry, and an expired or self-signed certificate must still be read to be reported. Use
 * {@link HttpCheck} to check that clients trust the endpoint. The host name lookup, the connect
 * and the handshake share the registration's deadline ({@link Deadline#current()}). Key store passwords are copied, used only to open the store, and
 * never shown.
 */
public final class TlsCertificateCheck implements Check {
  /** Days before expiry from which the check warns, when not set. */
  public static final int DEFAULT_WARN_DAYS = 14;

  private static final Pattern PEM_BLOCK = Pattern.compile(
      "-----BEGIN CERTIFICATE-----[A-Za-z0-9+/=\\s]+-----END CERTIFICATE-----");
  private static final Pattern CN = Pattern.compile("(?:^|,)\\s*CN=((?:\\\\.|[^,])*)");

  private final String host; // null for a file
  private final int port;
  private final Path file; // null for a remote endpoint
  private final char[] password; // null for a PEM file or a remote endpoint; never shown
  private final int warnDays;
  private final Clock clock;
  private final HostLookup lookup;

  private TlsCertificateCheck(String host, int port, Path file, char[] password, int warnDays,
      Clock clock) {
    this(host, port, file, password, warnDays, clock, HostLookup.SYSTEM);
  }

  private TlsCertificateCheck(String host, int port, Path file, char[] password, int warnDays,
      Clock clock, HostLookup lookup) {
    this.lookup = lookup;
    this.host = host;
    this.port = port;
    this.file = file;
    this.password = password;
    this.warnDays = warnDays;
    this.clock = clock;
  }

  /**
   * A registration named {@code name} for the certificates {@code host:port} presents;
   * componentType {@code component}, componentId {@code host:port}. The registration's timeout
   * (1 s unless set) bounds the connect and the handshake.
   */
  public static HealthCheck.Builder of(String name, String host, int port) {
    return create(host, port).healthCheck(name);
  }

  /**
   * A registration named {@code name} for the certificates in the key store (or trust store) at
   * {@code path}, PKCS12 or JKS (detected), opened with {@code password} (copied).
   */
  public static HealthCheck.Builder ofKeyStore(String name, Path path, char[] password) {
    return create(path, password).healthCheck(name);
  }

  /** A registration named {@code name} for the certificates in the PEM file at {@code path}. */
  public static HealthCheck.Builder ofPem(String name, Path path) {
    return create(path).healthCheck(name);
  }

  /** The bare check of a remote endpoint. */
  public static TlsCertificateCheck create(String host, int port) {
    return new TlsCertificateCheck(TcpCheck.requireHost(host), CheckUri.requirePort(port), null,
        null, DEFAULT_WARN_DAYS, Clock.systemUTC());
  }

  /** The bare check of a key store or trust store; {@code password} is copied. */
  public static TlsCertificateCheck create(Path keyStore, char[] password) {
    Objects.requireNonNull(keyStore, "keyStore");
    Objects.requireNonNull(password, "password");
    return new TlsCertificateCheck(null, -1, keyStore, password.clone(), DEFAULT_WARN_DAYS,
        Clock.systemUTC());
  }

  /** The bare check of a PEM file of one or more certificates (other blocks are ignored). */
  public static TlsCertificateCheck create(Path pemFile) {
    Objects.requireNonNull(pemFile, "pemFile");
    return new TlsCertificateCheck(null, -1, pemFile, null, DEFAULT_WARN_DAYS, Clock.systemUTC());
  }

  /** This check warning when fewer than {@code days} are left (default 14; 0 never warns). */
  public TlsCertificateCheck warnDays(int days) {
    if (days < 0 || days > 3650) {
      throw new IllegalArgumentException("warnDays must be 0-3650: " + days);
    }
    return new TlsCertificateCheck(host, port, file, password, days, clock, lookup);
  }

  /** This check reading the time from {@code clock}, for tests. */
  TlsCertificateCheck clock(Clock clock) {
    return new TlsCertificateCheck(host, port, file, password, warnDays, clock, lookup);
  }

  /** This check resolving with {@code lookup}, for tests of a resolver that hangs. */
  TlsCertificateCheck lookup(HostLookup lookup) {
    return new TlsCertificateCheck(host, port, file, password, warnDays, clock, lookup);
  }

  /**
   * A registration of this check with its componentType, componentId ({@code host:port} or the
   * file) and measurement {@code daysUntilExpiry} set.
   */
  public HealthCheck.Builder healthCheck(String name) {
    return HealthCheck.builder(name, this)
        .measurement("daysUntilExpiry")
        .componentType("component")
        .componentId(host != null ? CheckUri.hostAndPort(host, port) : file.toString());
  }

  @Override
  public Result check() {
    List<X509Certificate> certificates;
    try {
      certificates = host != null ? fetch() : file(password != null);
    } catch (SocketTimeoutException e) {
      return Result.fail(where() + ": " + e.getMessage());
    } catch (IOException e) {
      return Result.fail(where() + ": " + HostLookup.describe(e));
    } catch (GeneralSecurityException e) {
      return Result.fail(where() + ": " + Outputs.describe(e));
    }
    if (certificates.isEmpty()) {
      return Result.fail(where() + ": no certificates found");
    }
    return evaluate(certificates, clock.instant());
  }

  @Override
  public String toString() {
    return "TlsCertificateCheck{" + (host != null ? CheckUri.hostAndPort(host, port) : file)
        + ", warnDays=" + warnDays + "}";
  }

  private String where() {
    return host != null ? "tls " + CheckUri.hostAndPort(host, port)
        : (password != null ? "keystore " : "pem ") + file;
  }

  private Result evaluate(List<X509Certificate> certificates, Instant now) {
    X509Certificate first = null;
    for (X509Certificate c : certificates) {
      if (now.isBefore(c.getNotBefore().toInstant())) {
        return Result.fail(where() + ": certificate " + cn(c) + " is not valid until "
                + date(c.getNotBefore().toInstant()))
            .observed(daysLeft(c, now), "d");
      }
      if (first == null || c.getNotAfter().before(first.getNotAfter())) {
        first = c;
      }
    }
    long days = daysLeft(first, now);
    Instant notAfter = first.getNotAfter().toInstant();
    if (!now.isBefore(notAfter)) {
      return Result.fail(where() + ": certificate " + cn(first) + " expired on " + date(notAfter))
          .observed(days, "d");
    }
    if (days < warnDays) {
      return Result.warn(where() + ": certificate " + cn(first) + " expires in " + days
              + (days == 1 ? " day" : " days") + ", on " + date(notAfter))
          .observed(days, "d");
    }
    return Result.pass().observed(days, "d");
  }

  private static long daysLeft(X509Certificate c, Instant now) {
    // Whole days, towards zero: -5 reads "expired 5 days ago", as people count.
    return Duration.between(now, c.getNotAfter().toInstant()).toDays();
  }

  private static String date(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC).toLocalDate().toString();
  }

  private static String cn(X509Certificate c) {
    String name = c.getSubjectX500Principal().getName();
    Matcher m = CN.matcher(name);
    return Outputs.sanitize(m.find() ? "CN=" + m.group(1) : name);
  }

  private List<X509Certificate> fetch() throws IOException, GeneralSecurityException {
    Deadline deadline = Deadline.current();
    InetSocketAddress address = lookup.address(host, port, deadline); // its own messages
    try (Socket plain = new Socket()) {
      plain.connect(address, deadline.remainingMillis("connect"));
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {READ_ONLY}, null);
      try (SSLSocket ssl =
          (SSLSocket) context.getSocketFactory().createSocket(plain, host, port, true)) {
        ssl.setSoTimeout(deadline.remainingMillis("TLS handshake"));
        try {
          ssl.startHandshake();
        } catch (SocketTimeoutException e) {
          throw new SocketTimeoutException(
              "no TLS handshake within " + deadline.budget().toMillis() + " ms");
        }
        List<X509Certificate> chain = new ArrayList<>();
        for (Certificate c : ssl.getSession().getPeerCertificates()) {
          if (c instanceof X509Certificate) {
            chain.add((X509Certificate) c);
          }
        }
        return chain;
      }
    } catch (SocketTimeoutException e) {
      String message = String.valueOf(e.getMessage());
      throw message.startsWith("no TLS handshake") ? e : new SocketTimeoutException(
          "connect timed out after " + deadline.budget().toMillis() + " ms");
    }
  }

  private List<X509Certificate> file(boolean keyStore)
      throws IOException, GeneralSecurityException {
    if (!keyStore) {
      String text = Files.readString(file, StandardCharsets.US_ASCII);
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      List<X509Certificate> certificates = new ArrayList<>();
      Matcher m = PEM_BLOCK.matcher(text);
      while (m.find()) {
        certificates.add((X509Certificate) factory.generateCertificate(
            new ByteArrayInputStream(m.group().getBytes(StandardCharsets.US_ASCII))));
      }
      return certificates;
    }
    if (!Files.isRegularFile(file)) {
      throw new java.nio.file.NoSuchFileException(file.toString());
    }
    KeyStore store = KeyStore.getInstance(file.toFile(), password.clone());
    List<X509Certificate> certificates = new ArrayList<>();
    for (String alias : Collections.list(store.aliases())) {
      Certificate[] chain = store.isKeyEntry(alias)
          ? store.getCertificateChain(alias)
          : new Certificate[] {store.getCertificate(alias)};
      if (chain != null) {
        for (Certificate c : chain) {
          if (c instanceof X509Certificate) {
            certificates.add((X509Certificate) c);
          }
        }
      }
    }
    return certificates;
  }

  /**
   * Accepts every chain: used only to read the certificates of a server whose expiry is being
   * checked, never to send data.
   */
  private static final X509ExtendedTrustManager READ_ONLY = new X509ExtendedTrustManager() {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine e) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine e) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  };
}
