package dev.vitals.checks;

import dev.vitals.Result;
import dev.vitals.spi.Deadline;
import dev.vitals.spi.Outputs;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * The one signed HEAD request of an object-storage check ({@link S3Check}, {@link
 * AzureBlobCheck}): the host resolved within the time left, the request bounded by it, the body
 * never read, and every failure in one form, with the credential masked. Each check owns one, and
 * with it one {@link HttpClient} (HTTP/1.1, no redirects), built on the first run.
 */
final class StorageHead {
  private volatile HttpClient client;

  /**
   * Sends {@code HEAD target}.
   *
   * @param where how the failures name the request, e.g. {@code s3 HEAD https://…}
   * @param headers the request's headers, made once the host is resolved (signatures carry the
   *     time)
   * @param secret what a failure's text must never show (null: nothing beyond the usual masking)
   * @param verdict the result of a response's status and headers
   */
  Result send(String where, URI target, Deadline deadline, Supplier<Map<String, String>> headers,
      String secret, BiFunction<Integer, HttpHeaders, Result> verdict)
      throws InterruptedException {
    try {
      HostLookup.SYSTEM.beforeRequest(target, deadline);
    } catch (IOException e) {
      return Result.fail(where + ": " + HostLookup.describe(e));
    }
    try {
      HttpRequest.Builder request = HttpRequest.newBuilder(target)
          .method("HEAD", HttpRequest.BodyPublishers.noBody())
          .timeout(Duration.ofMillis(deadline.remainingMillis("request")))
          .header("User-Agent", "vitals-health-check");
      headers.get().forEach(request::header);
      HttpResponse<InputStream> response =
          client().send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
      response.body().close();
      return verdict.apply(response.statusCode(), response.headers());
    } catch (IOException e) {
      return Result.fail(where + ": " + failure(e, deadline, secret));
    }
  }

  /**
   * How an exchange through {@code java.net.http} failed, in one line with {@code secret} masked
   * (null: the usual masking only): the storage checks' and {@link HttpCheck}'s words for it.
   */
  static String failure(IOException e, Deadline deadline, String secret) {
    if (e instanceof HttpTimeoutException) {
      return "no response within " + deadline.budget().toMillis() + " ms";
    }
    if (e instanceof ConnectException) {
      // HttpClient's ConnectException often has no message and a ClosedChannelException cause.
      return "ConnectException" + (e.getMessage() == null || e.getMessage().isBlank()
          ? ": could not connect" : ": " + Outputs.sanitize(e.getMessage(), secret));
    }
    return Outputs.describe(e, secret);
  }

  private HttpClient client() {
    HttpClient c = client;
    if (c == null) {
      synchronized (this) {
        c = client;
        if (c == null) {
          c = HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .followRedirects(HttpClient.Redirect.NEVER)
              .build();
          client = c;
        }
      }
    }
    return c;
  }
}
