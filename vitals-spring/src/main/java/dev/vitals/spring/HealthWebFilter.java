package dev.vitals.spring;

import dev.vitals.HealthEndpoints;
import dev.vitals.HealthRequest;
import dev.vitals.HealthResponse;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Carries {@link HealthEndpoints} over Spring WebFlux, as a {@link WebFilter} ahead of every
 * other ({@link Ordered#HIGHEST_PRECEDENCE}): a probe never reaches Spring Security's {@code
 * WebFilterChainProxy}, other filters or a handler, and other paths pass through untouched.
 *
 * <p><b>Never blocks the event loop</b> (docs/DESIGN.md, "Adapters"). An answer that only reads
 * verdicts already held is given on the loop. One that may wait for on-demand checks ({@link
 * HealthEndpoints#mayWait}) is handed to a waiter thread of this filter, which answers within the
 * endpoints' bound (the largest timeout of the on-demand checks read, plus 50 ms; rule 1): at most
 * {@code waiterThreads} of them, started on demand, gone after 60 s idle, with no queue, so when
 * every one is busy the request gets 503 at once, as on {@code HealthServer} and the servlet
 * adapters.
 *
 * <p><b>Translation</b>, as vitals-servlet's: the path is the raw request path within the
 * application (less any context path), never decoded; the raw query, the first {@code
 * Authorization} field, every entry of every {@code X-Forwarded-For} field and of every {@code
 * Accept} field, each joined with {@code ", "} in order, and the peer's IP literal (through {@link HealthRequest.Builder#remoteAddress}, never resolved)
 * complete the request. The answer is written unchanged: status, every header in order, {@code
 * Content-Length}, and the body, none for {@code HEAD}.
 */
public final class HealthWebFilter implements WebFilter, Ordered, AutoCloseable {
  /** Waiter threads unless told otherwise, as for the servlet adapters. */
  public static final int DEFAULT_WAITER_THREADS = 16;

  private static final System.Logger LOG = System.getLogger("dev.vitals.spring");
  private static final byte[] BUSY = bytes("every waiter is busy: retry later\n");
  private static final byte[] FAILED = bytes("internal error\n");
  private static final AtomicInteger POOLS = new AtomicInteger();

  private final HealthEndpoints endpoints;
  private final Set<String> paths;
  private final ThreadPoolExecutor waiters;

  /** A filter for {@code endpoints} with {@link #DEFAULT_WAITER_THREADS} waiters. */
  public HealthWebFilter(HealthEndpoints endpoints) {
    this(endpoints, DEFAULT_WAITER_THREADS);
  }

  /**
   * A filter for {@code endpoints} whose waits for on-demand checks hold at most {@code
   * waiterThreads} threads.
   *
   * @throws IllegalArgumentException if {@code waiterThreads} is below 1
   */
  public HealthWebFilter(HealthEndpoints endpoints, int waiterThreads) {
    this.endpoints = Objects.requireNonNull(endpoints, "endpoints");
    if (waiterThreads < 1) {
      throw new IllegalArgumentException("waiterThreads must be at least 1: " + waiterThreads);
    }
    this.paths = Set.copyOf(endpoints.paths());
    int pool = POOLS.incrementAndGet();
    AtomicInteger count = new AtomicInteger();
    this.waiters = new ThreadPoolExecutor(0, waiterThreads, 60, TimeUnit.SECONDS,
        new SynchronousQueue<>(), // no queue: a busy pool refuses at once
        task -> {
          Thread thread =
              new Thread(task, "vitals-webflux-waiter-" + pool + "-" + count.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        });
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    ServerHttpRequest request = exchange.getRequest();
    String path = request.getPath().pathWithinApplication().value();
    if (!paths.contains(path)) {
      return chain.filter(exchange);
    }
    HealthRequest health = translate(request, path);
    if (!endpoints.mayWait(health)) {
      return write(exchange.getResponse(), answer(health));
    }
    return Mono.<HealthResponse>create(sink -> {
      try {
        waiters.execute(() -> sink.success(answer(health)));
      } catch (RejectedExecutionException busy) {
        sink.success(plain(503, BUSY, isHead(health)));
      }
    }).flatMap(answer -> write(exchange.getResponse(), answer));
  }

  /** The request as the endpoints read it; {@code path} is the raw path within the application. */
  static HealthRequest translate(ServerHttpRequest request, String path) {
    String query = request.getURI().getRawQuery();
    HealthRequest.Builder b = HealthRequest.builder(request.getMethod().name(),
            query == null ? path : path + "?" + query)
        .authorization(request.getHeaders().getFirst("Authorization"))
        .forwardedFor(joined(request, "X-Forwarded-For"))
        .accept(joined(request, "Accept"));
    InetSocketAddress peer = request.getRemoteAddress();
    if (peer != null) {
      // The address's text as received: an IP literal, parsed by the endpoints, never resolved.
      b.remoteAddress(peer.getAddress() != null ? peer.getAddress().getHostAddress()
          : peer.getHostString());
    }
    return b.build();
  }

  /** Every entry of every field {@code name}, joined with {@code ", "} in order, or null. */
  private static String joined(ServerHttpRequest request, String name) {
    // getValuesAsList: the one accessor with the same signature in Framework 6.2 and 7 (where
    // HttpHeaders is no longer a Map); every field's entries, in order.
    List<String> values = request.getHeaders().getValuesAsList(name);
    return values == null || values.isEmpty() ? null : String.join(", ", values);
  }

  /** Writes {@code answer} unchanged: status, headers in order, length, body. */
  static Mono<Void> write(ServerHttpResponse response, HealthResponse answer) {
    response.setStatusCode(HttpStatusCode.valueOf(answer.status()));
    for (Map.Entry<String, String> header : answer.headers()) {
      response.getHeaders().add(header.getKey(), header.getValue());
    }
    response.getHeaders().setContentLength(answer.contentLength());
    byte[] body = answer.body();
    if (body.length == 0) {
      return response.setComplete();
    }
    return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
  }

  private HealthResponse answer(HealthRequest request) {
    try {
      return endpoints.handle(request);
    } catch (RuntimeException e) {
      LOG.log(Level.ERROR, "answering a health request failed", e);
      return plain(500, FAILED, isHead(request));
    }
  }

  /** Stops the waiters: idle ones end, those answering finish (each within its deadline). */
  @Override
  public void close() {
    waiters.shutdown();
  }

  /** {@link Ordered#HIGHEST_PRECEDENCE}: ahead of every other filter, security included. */
  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE;
  }

  private static boolean isHead(HealthRequest request) {
    return "HEAD".equals(request.method());
  }

  /** An answer of the adapter's own (busy, failed), with the endpoints' common headers. */
  private static HealthResponse plain(int status, byte[] body, boolean head) {
    return new HealthResponse(status,
        List.of(
            Map.entry("Content-Type", "text/plain; charset=utf-8"),
            Map.entry("Cache-Control", "no-store"),
            Map.entry("X-Content-Type-Options", "nosniff")),
        head ? new byte[0] : body,
        body.length);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "HealthWebFilter" + paths;
  }
}
