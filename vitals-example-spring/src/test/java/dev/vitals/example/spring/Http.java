package dev.vitals.example.spring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Requests to a real port, each bounded so that a test ends. */
final class Http {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  static final Duration DEFAULT_BOUND = Duration.ofSeconds(10);

  private final int port;

  Http(int port) {
    this.port = port;
  }

  HttpResponse<String> get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).timeout(DEFAULT_BOUND));
  }

  /** A GET that must be answered within {@code bound}, or the test fails. */
  HttpResponse<String> get(String path, Duration bound) {
    return send(HttpRequest.newBuilder(uri(path)).timeout(bound));
  }

  HttpResponse<String> get(String path, String token) {
    return send(HttpRequest.newBuilder(uri(path)).timeout(DEFAULT_BOUND)
        .header("Authorization", "Bearer " + token));
  }

  HttpResponse<String> post(String path, String body) {
    return send(HttpRequest.newBuilder(uri(path)).timeout(DEFAULT_BOUND)
        .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  /** Polls {@code path} every 50 ms until it answers {@code status}, at most {@code within}. */
  int awaitStatus(String path, int status, Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    int last = -1;
    while (System.nanoTime() < deadline) {
      try {
        last = get(path).statusCode();
      } catch (UncheckedIOException notYet) {
        last = -1;
      }
      if (last == status) {
        return last;
      }
      Thread.sleep(50); // the polling period of a real client, not a guess at timing
    }
    return last;
  }

  /** Polls {@code path} every 50 ms until its body is {@code body}, at most {@code within}. */
  boolean awaitBody(String path, String body, Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (get(path).body().equals(body)) {
          return true;
        }
      } catch (UncheckedIOException notYet) {
        // not listening yet
      }
      Thread.sleep(50); // the polling period of a real client, not a guess at timing
    }
    return false;
  }

  /** Polls {@code path} every 50 ms until its body contains {@code part}, at most {@code within}. */
  boolean awaitBodyContaining(String path, String part, Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline) {
      if (get(path).body().contains(part)) {
        return true;
      }
      Thread.sleep(50); // the polling period of a real client, not a guess at timing
    }
    return false;
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) {
    HttpRequest built = request.build();
    try {
      return CLIENT.send(built, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(built.method() + " " + built.uri() + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
