package dev.vitals.lint;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The requests lint sends: HTTP/1.1 as the kubelet speaks it, redirects never followed, at most
 * {@link #MAX_BODY} bytes of a body read, every request bounded by one timeout.
 */
public final class Http {
  /** The most of a body read; the kubelet itself reads 10 KiB. */
  public static final int MAX_BODY = 1 << 20;
  /** The kubelet's own request headers: what a probe looks like to the service. */
  public static final String KUBELET_USER_AGENT = "kube-probe/1.34";

  private final HttpClient client;
  private final Duration timeout;

  public Http(Duration timeout) {
    this.timeout = timeout;
    this.client = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(timeout)
        .build();
  }

  /**
   * One answer: status, headers (names lower-cased), the body read (at most {@link #MAX_BODY}
   * bytes; {@code truncated} if there was more) and the time it took.
   */
  public record Answer(int status, Map<String, List<String>> headers, byte[] body, boolean truncated,
      Duration took) {

    /** The first value of header {@code name} (any case), or null. */
    public String header(String name) {
      List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
      return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The body as UTF-8 text. */
    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    /** The media type of Content-Type without parameters, lower-cased, or null. */
    public String mediaType() {
      String type = header("content-type");
      if (type == null) {
        return null;
      }
      int semicolon = type.indexOf(';');
      return (semicolon < 0 ? type : type.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    }

    public boolean is2xx() {
      return status / 100 == 2;
    }
  }

  /** A GET as the kubelet sends it: {@code Accept: *}{@code /*}, its user agent, no token. */
  public Answer probe(URI uri) throws IOException {
    return send("GET", uri, Map.of("Accept", "*/*", "User-Agent", KUBELET_USER_AGENT));
  }

  /**
   * Sends {@code method} to {@code uri} with {@code headers} and no body. Throws {@link
   * HttpTimeoutException} when no answer came within the timeout, another {@link IOException} when
   * the connection failed.
   */
  public Answer send(String method, URI uri, Map<String, String> headers) throws IOException {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri)
        .method(method, HttpRequest.BodyPublishers.noBody())
        .timeout(timeout);
    headers.forEach(request::header);
    long started = System.nanoTime();
    HttpResponse<InputStream> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    byte[] body;
    boolean truncated;
    try (InputStream in = response.body()) {
      body = in.readNBytes(MAX_BODY);
      truncated = in.read() >= 0;
    }
    Map<String, List<String>> lower = new TreeMap<>();
    response.headers().map().forEach((name, values) -> lower.put(name.toLowerCase(Locale.ROOT), values));
    return new Answer(response.statusCode(), lower, body, truncated,
        Duration.ofNanos(System.nanoTime() - started));
  }

  public Duration timeout() {
    return timeout;
  }
}
