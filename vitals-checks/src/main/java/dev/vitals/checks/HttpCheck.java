package dev.vitals.checks;

import dev.vitals.Check;
import dev.vitals.HealthCheck;
import dev.vitals.Result;
import dev.vitals.spi.CheckUri;
import dev.vitals.spi.Deadline;
import dev.vitals.spi.Outputs;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;

/**
 * Checks an HTTP(S) endpoint: {@code GET} the URL and expect a status in a range, 200-299 by
 * default. Only the status line and headers are read; the body is dropped unread.
 *
 * <pre>{@code
 * Vitals.builder()
 *     .check(HttpCheck.of("payments", "https://payments.internal/health")
 *         .timeout(Duration.ofMillis(500)))
 *     .check(HttpCheck.create("http://legacy:8080/")
 *         .expectStatus(200, 399)                    // a redirect is fine here
 *         .healthCheck("legacy").critical(false))
 *     .check(HttpCheck.create("https://ca-signed-by-us.internal/ping")
 *         .trustStore(companyCas)                    // a KeyStore of trusted certificates
 *         .healthCheck("internal"))
 *     .build();
 * }</pre>
 *
 * <p><b>No redirect surprises.</b> Redirects are not followed by default, and a 3xx is reported
 * as the status it is, with its {@code Location} (query cut off): a health URL that suddenly
 * redirects to a login page is a change worth failing on, not a pass. {@link
 * #followRedirects(boolean) followRedirects(true)} follows them (never from https to http) and
 * judges the final status; {@link #expectStatus(int, int)} widens or narrows the range.
 *
 * <p><b>Time.</b> One request runs per check execution, with the time left before the
 * registration's deadline ({@link Deadline#current()}) as its request timeout, which covers the
 * connect, the TLS handshake and the response headers (the client has no connect timeout of its
 * own, so a hung connect reads "no response within N ms"); an interrupted run cancels its
 * request. The host name is resolved first, within the same deadline ("resolving HOST timed out
 * after N ms" when the resolver never answers); the client then connects by name, so the {@code
 * Host} header, SNI and the certificate's host name check are unchanged, and finds the answer in
 * the JVM's address cache ({@code networkaddress.cache.ttl}, 30 s by default; with 0, the
 * client's own lookup is bounded only by the engine's interrupt at the deadline). A URL the
 * default proxy selector sends through a proxy is not resolved here: the proxy resolves it. Each check owns one {@link
 * HttpClient}, built on its first run and shared by every later run: one selector thread for
 * the life of the check, and a hung server holds no extra thread per run. HTTP/1.1 is used; the
 * engine reports the run time as {@code responseTime}.
 *
 * <p><b>TLS.</b> {@code https} verifies the certificate chain against the JVM's default trust
 * store and the host name; an untrusted certificate fails with a message saying so. Configure
 * {@link #trustStore(KeyStore)} or {@link #sslContext(SSLContext)} for private CAs and
 * self-signed certificates. User info in the URL is rejected (HttpClient does not send it); the
 * output and componentId show the URL without its query, which may carry tokens.
 */
public final class HttpCheck implements Check {
  /** The parameters of an http check URI that are the check's, not the server's. */
  private static final Set<String> OURS = Set.of("expect", "followRedirects");
  private static final Pattern RANGE = Pattern.compile("([1-5][0-9][0-9])(?:-([1-5][0-9][0-9]))?");
  private static final Pattern CLASS = Pattern.compile("([1-5])xx");

  private final URI uri;
  private final String shown; // scheme://host[:port]/path: no user info, no query
  private final int minStatus;
  private final int maxStatus;
  private final boolean followRedirects;
  private final SSLContext sslContext; // null: the JVM default
  private final HostLookup lookup;
  // Built on the first run, not in the constructor: variants made by the withers never start a
  // selector thread they do not use. Configuration is final; only this cache changes.
  private volatile HttpClient client;

  private HttpCheck(URI uri, String shown, int minStatus, int maxStatus, boolean followRedirects,
      SSLContext sslContext, HostLookup lookup) {
    this.uri = uri;
    this.lookup = lookup;
    this.shown = shown;
    this.minStatus = minStatus;
    this.maxStatus = maxStatus;
    this.followRedirects = followRedirects;
    this.sslContext = sslContext;
  }

  /**
   * A registration named {@code name} that GETs {@code url} and expects 200-299; componentType
   * {@code component}, componentId the URL without its query. The registration's timeout (1 s
   * unless set) bounds the request. The URL is read by {@link CheckUri#parse}, as every check
   * URI is, and its whole query goes to the server: it is the server's URL, not a check URI.
   *
   * @throws IllegalArgumentException if {@code url} is not an absolute http or https URL
   */
  public static HealthCheck.Builder of(String name, String url) {
    return create(url).healthCheck(name);
  }

  /**
   * A registration named {@code name} for the check URI {@code uri}, as the {@code http://}
   * provider makes it: {@code expect} ({@code 204}, {@code 200-399} or {@code 2xx}) sets {@link
   * #expectStatus(int, int)}, {@code followRedirects} ({@code true} or {@code false}) sets {@link
   * #followRedirects(boolean)}; those and the policy parameters (left to {@link
   * dev.vitals.CheckUris}) are not sent, and every other parameter goes to the server.
   */
  public static HealthCheck.Builder of(String name, CheckUri uri) {
    return create(uri).healthCheck(name);
  }

  /** The bare check, to configure with the methods below before {@link #healthCheck(String)}. */
  public static HttpCheck create(String url) {
    CheckUri uri = CheckUri.parse(Objects.requireNonNull(url, "url"));
    return create(uri, uri.rawQuery() == null ? "" : uri.rawQuery());
  }

  /** The bare check of a check URI, read as {@link #of(String, CheckUri)} reads it. */
  public static HttpCheck create(CheckUri uri) {
    HttpCheck check = create(uri, uri.targetQuery(OURS));
    String expect = uri.parameter("expect");
    if (expect != null) {
      Matcher range = RANGE.matcher(expect);
      Matcher kind = CLASS.matcher(expect);
      if (range.matches()) {
        int min = Integer.parseInt(range.group(1));
        int max = range.group(2) == null ? min : Integer.parseInt(range.group(2));
        check = check.expectStatus(min, max);
      } else if (kind.matches()) {
        int hundreds = Integer.parseInt(kind.group(1)) * 100;
        check = check.expectStatus(hundreds, hundreds + 99);
      } else {
        throw new IllegalArgumentException(
            "expect must be a status, a range or a class such as 200, 200-399 or 2xx, got '"
                + expect + "'");
      }
    }
    String follow = uri.parameter("followRedirects");
    if (follow != null) {
      if (!follow.equals("true") && !follow.equals("false")) {
        throw new IllegalArgumentException(
            "followRedirects must be true or false, got '" + follow + "'");
      }
      check = check.followRedirects(Boolean.parseBoolean(follow));
    }
    return check;
  }

  /** The check of {@code uri}'s server, host and path, asking with {@code query} (raw). */
  private static HttpCheck create(CheckUri uri, String query) {
    if (!uri.scheme().equals("http") && !uri.scheme().equals("https")) {
      throw new IllegalArgumentException("http URL must start with http:// or https://");
    }
    if (uri.host() == null) {
      throw new IllegalArgumentException("http URL must have a host: http[s]://host[:port][/path]");
    }
    if (uri.user() != null || uri.password() != null) {
      throw new IllegalArgumentException(
          "http URL must not have user info: HttpClient does not send it");
    }
    String path = uri.rawPath().isEmpty() ? "/" : uri.rawPath();
    String authority = uri.port(-1) < 0 ? uri.host() : uri.hostAndPort(-1);
    String shown = uri.scheme() + "://" + authority + path;
    // HttpClient takes a java.net.URI: built from the parsed parts, never from the raw string.
    URI target = URI.create(shown + (query.isEmpty() ? "" : "?" + query));
    return new HttpCheck(target, Outputs.sanitize(shown), 200, 299, false, null,
        HostLookup.SYSTEM);
  }

  /**
   * This check passing on a status from {@code min} to {@code max} inclusive (default 200-299),
   * e.g. {@code expectStatus(200, 399)} to accept redirects without following them.
   */
  public HttpCheck expectStatus(int min, int max) {
    if (min < 100 || max > 599 || min > max) {
      throw new IllegalArgumentException(
          "expected status must be a range within 100-599: " + min + "-" + max);
    }
    return new HttpCheck(uri, shown, min, max, followRedirects, sslContext, lookup);
  }

  /**
   * This check following redirects ({@code true}; never from https to http) and judging the
   * final status, or reporting a 3xx as it is ({@code false}, the default).
   */
  public HttpCheck followRedirects(boolean follow) {
    return new HttpCheck(uri, shown, minStatus, maxStatus, follow, sslContext, lookup);
  }

  /**
   * This check trusting the certificates in {@code trustStore} (and only those) for https, e.g.
   * a private CA or a self-signed certificate loaded with {@link KeyStore#getInstance(java.io.File,
   * char[])}.
   */
  public HttpCheck trustStore(KeyStore trustStore) {
    Objects.requireNonNull(trustStore, "trustStore");
    try {
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trustStore);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, tmf.getTrustManagers(), null);
      return sslContext(context);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("trustStore cannot be used: " + Outputs.describe(e), e);
    }
  }

  /** This check making https connections with {@code context} (trust, client certificates). */
  public HttpCheck sslContext(SSLContext context) {
    Objects.requireNonNull(context, "sslContext");
    return new HttpCheck(uri, shown, minStatus, maxStatus, followRedirects, context, lookup);
  }

  /** This check resolving with {@code lookup}, for tests of a resolver that hangs. */
  HttpCheck lookup(HostLookup lookup) {
    return new HttpCheck(uri, shown, minStatus, maxStatus, followRedirects, sslContext, lookup);
  }

  /** A registration of this check with its componentType and componentId set. */
  public HealthCheck.Builder healthCheck(String name) {
    return HealthCheck.builder(name, this).componentType("component").componentId(shown);
  }

  @Override
  public Result check() throws InterruptedException {
    Deadline deadline = Deadline.current();
    try {
      lookup.beforeRequest(uri, deadline); // see "Time" in the class doc
    } catch (IOException e) {
      return Result.fail(where() + ": " + HostLookup.describe(e));
    }
    try {
      HttpRequest request = HttpRequest.newBuilder(uri)
          .GET()
          .timeout(Duration.ofMillis(deadline.remainingMillis("request")))
          .header("User-Agent", "vitals-health-check")
          .build();
      HttpResponse<InputStream> response =
          client().send(request, HttpResponse.BodyHandlers.ofInputStream());
      // Closing before the end aborts the body: a trickling server cannot hold the check.
      response.body().close();
      int status = response.statusCode();
      if (status >= minStatus && status <= maxStatus) {
        return Result.pass();
      }
      String location = status >= 300 && status < 400
          ? response.headers().firstValue("Location").map(HttpCheck::withoutQuery).orElse(null)
          : null;
      return Result.fail(where() + ": HTTP " + status + " not in expected " + minStatus + "-"
          + maxStatus + (location == null ? "" : " (redirect to " + location + ")"));
    } catch (SSLHandshakeException e) {
      String message = String.valueOf(e.getMessage());
      return Result.fail(where() + ": "
          + (message.contains("PKIX") || message.contains("certification path")
              ? "certificate not trusted (configure a trust store): "
              : "TLS handshake failed: ")
          + Outputs.describe(e));
    } catch (IOException e) {
      return Result.fail(where() + ": " + StorageHead.failure(e, deadline, null));
    }
  }

  @Override
  public String toString() {
    return "HttpCheck{" + shown + ", expect " + minStatus + "-" + maxStatus
        + (followRedirects ? ", followRedirects" : "") + "}";
  }

  private String where() {
    return "GET " + shown;
  }

  private HttpClient client() {
    HttpClient c = client;
    if (c == null) {
      synchronized (this) {
        c = client;
        if (c == null) {
          HttpClient.Builder b = HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .followRedirects(followRedirects ? HttpClient.Redirect.NORMAL : HttpClient.Redirect.NEVER);
          if (sslContext != null) {
            b.sslContext(sslContext);
          }
          c = b.build();
          client = c;
        }
      }
    }
    return c;
  }

  private static String withoutQuery(String location) {
    int cut = location.length();
    for (char c : new char[] {'?', '#'}) {
      int i = location.indexOf(c);
      if (i >= 0 && i < cut) {
        cut = i;
      }
    }
    return Outputs.sanitize(location.substring(0, cut));
  }
}
