package dev.vitals.servlet;

import dev.vitals.HealthEndpoints;
import dev.vitals.HealthRequest;
import dev.vitals.HealthResponse;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.Registration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.UnavailableException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The one translation between the servlet API and {@link HealthEndpoints}, shared by {@link
 * HealthServlet} and {@link HealthFilter} so that both give the same answers (docs/DESIGN.md,
 * "Adapters": translate, never decide).
 *
 * <p><b>Request.</b> The path the endpoints know is the raw request URI less the context path
 * ({@code /app/health/ready} under context {@code /app} is {@code /health/ready}), so the answer
 * does not depend on how the servlet is mapped. Neither is percent-decoded: the endpoints match
 * raw paths exactly. The query string, the first {@code Authorization} field, every {@code
 * X-Forwarded-For} field and every {@code Accept} field, each joined with {@code ", "} in order,
 * and the peer address read as an IP literal (never resolved) complete the {@link HealthRequest}.
 * The body is never read.
 *
 * <p><b>Response.</b> Status, every header in order, {@code Content-Length}, and the body, which
 * is empty for {@code HEAD} while the length is the GET body's. Written with {@code setStatus},
 * never {@code sendError}, so no container error page replaces it.
 *
 * <p><b>Waiting.</b> An answer that may wait for on-demand checks ({@link
 * HealthEndpoints#mayWait}) is handed to a waiter thread of this exchange through {@code
 * startAsync()}: the container thread returns at once, and the waiter answers within the
 * endpoints' bound (the largest timeout of the on-demand checks read, plus 50 ms; rule 1). The
 * waiters are a pool of at most {@code waiterThreads}, started on demand, gone after 60 s idle,
 * with no queue: when every one is busy the request gets 503 at once, as on {@code
 * HealthServer}. Where the request does not support async (a filter before this one, or the
 * target servlet, is not async-supported), the answer is given on the container thread instead,
 * which then waits up to the same bound; this is logged once. Every other answer is given on the
 * container thread, from verdicts already held.
 */
final class ServletExchange {
  static final int DEFAULT_WAITER_THREADS = 16;
  private static final System.Logger LOG = System.getLogger("dev.vitals.servlet");
  private static final String TEXT = "text/plain; charset=utf-8";
  private static final byte[] BUSY = bytes("every waiter is busy: retry later\n");
  private static final byte[] FAILED = bytes("internal error\n");
  private static final AtomicInteger POOLS = new AtomicInteger();

  private final HealthEndpoints endpoints;
  private final Function<HealthRequest, HealthResponse> answerer;
  private final Set<String> paths;
  private final ThreadPoolExecutor waiters;
  private final AtomicBoolean warnedSync = new AtomicBoolean();

  ServletExchange(HealthEndpoints endpoints, int waiterThreads) {
    this(endpoints, Objects.requireNonNull(endpoints, "endpoints")::handle, waiterThreads);
  }

  /** With {@code answerer} in place of {@code endpoints.handle}: tests make it throw. */
  ServletExchange(
      HealthEndpoints endpoints,
      Function<HealthRequest, HealthResponse> answerer,
      int waiterThreads) {
    this.endpoints = Objects.requireNonNull(endpoints, "endpoints");
    this.answerer = answerer;
    if (waiterThreads < 1) {
      throw new IllegalArgumentException("waiterThreads must be at least 1: " + waiterThreads);
    }
    this.paths = Set.copyOf(endpoints.paths());
    int pool = POOLS.incrementAndGet();
    AtomicInteger count = new AtomicInteger();
    this.waiters =
        new ThreadPoolExecutor(
            0,
            waiterThreads,
            60,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(), // no queue: a busy pool refuses at once
            task -> {
              Thread thread =
                  new Thread(task, "vitals-servlet-waiter-" + pool + "-" + count.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
  }

  /** True when {@code request}'s path is one the endpoints answer (for the filter). */
  boolean answers(HttpServletRequest request) {
    return paths.contains(path(request));
  }

  /** Answers {@code request}: on this thread, or on a waiter when the answer may wait. */
  void serve(HttpServletRequest request, HttpServletResponse response) throws IOException {
    HealthRequest health = translate(request);
    if (!endpoints.mayWait(health)) {
      write(response, answer(health));
    } else if (request.isAsyncSupported()) {
      hand(request, response, health);
    } else {
      if (warnedSync.compareAndSet(false, true)) {
        LOG.log(
            Level.WARNING,
            "a health request that waits for on-demand checks is not async-supported, so it holds"
                + " a container thread until its deadline: mark the health servlet or filter, the"
                + " filters before it and the target servlet async-supported (docs/servlet.md)");
      }
      write(response, answer(health));
    }
  }

  /**
   * Stops the waiters: idle ones end, those answering finish (each within its deadline), new
   * hand-offs get 503. Waits up to a second for them to end, so that a container that checks
   * for threads left behind by an undeployed application (Tomcat does) finds none.
   */
  void close() {
    waiters.shutdown();
    try {
      waiters.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Waiters answering now (for tests). */
  int busyWaiters() {
    return waiters.getActiveCount();
  }

  /** True once closed and every waiter has ended (for tests). */
  boolean stopped() {
    return waiters.isTerminated();
  }

  private void hand(HttpServletRequest request, HttpServletResponse response, HealthRequest health)
      throws IOException {
    AsyncContext async = request.startAsync(request, response);
    // No container timeout: the endpoints bound the wait themselves (rule 1), and a container's
    // default (30 s) would cut off a check with a longer timeout.
    async.setTimeout(0);
    try {
      waiters.execute(() -> finish(async, response, health));
    } catch (RejectedExecutionException busy) {
      try {
        write(response, plain(503, BUSY, isHead(health)));
      } finally {
        async.complete();
      }
    }
  }

  private void finish(AsyncContext async, HttpServletResponse response, HealthRequest health) {
    try {
      write(response, answer(health));
    } catch (IOException | RuntimeException e) {
      // The client left, or the container gave up on the request: nobody is there to answer.
      LOG.log(Level.DEBUG, "a waited-for health answer could not be written: {0}", e.toString());
    } finally {
      try {
        async.complete();
      } catch (IllegalStateException alreadyCompleted) {
        LOG.log(Level.DEBUG, "the container had completed the request already");
      }
    }
  }

  private HealthResponse answer(HealthRequest request) {
    try {
      return answerer.apply(request);
    } catch (RuntimeException e) {
      LOG.log(Level.ERROR, "answering a health request failed", e);
      return plain(500, FAILED, isHead(request));
    }
  }

  /**
   * A registration {@code register} made, async-supported.
   *
   * @param registration what {@code addServlet} or {@code addFilter} returned (null: the name
   *     was taken)
   */
  static <R extends Registration.Dynamic> R asyncSupported(
      R registration, String kind, String name) {
    if (registration == null) {
      throw new IllegalStateException("a " + kind + " named " + name + " is registered already");
    }
    registration.setAsyncSupported(true);
    return registration;
  }

  /**
   * The exchange of a servlet or filter the container made from {@code web.xml}: its endpoints
   * are in the context attribute {@link HealthServlet#ENDPOINTS_ATTRIBUTE}.
   *
   * @throws UnavailableException if that attribute holds no {@link HealthEndpoints}
   */
  static ServletExchange fromContext(ServletContext context, String who)
      throws UnavailableException {
    Object endpoints = context.getAttribute(HealthServlet.ENDPOINTS_ATTRIBUTE);
    if (!(endpoints instanceof HealthEndpoints)) {
      throw new UnavailableException(
          who + " made without endpoints needs the context attribute "
              + HealthServlet.ENDPOINTS_ATTRIBUTE + " set to the HealthEndpoints, found "
              + (endpoints == null ? "none" : endpoints.getClass().getName()));
    }
    return new ServletExchange((HealthEndpoints) endpoints, DEFAULT_WAITER_THREADS);
  }

  /** The request as the endpoints read it. */
  static HealthRequest translate(HttpServletRequest request) {
    String query = request.getQueryString();
    String path = path(request);
    return HealthRequest.builder(request.getMethod(), query == null ? path : path + "?" + query)
        .authorization(request.getHeader("Authorization"))
        .forwardedFor(joined(request, "X-Forwarded-For"))
        .accept(joined(request, "Accept"))
        .remoteAddress(request.getRemoteAddr())
        .build();
  }

  /**
   * The raw request URI less the context path: the path the endpoints know, however the servlet
   * or filter is mapped. A URI that does not start with the raw context path (a context path sent
   * percent-encoded) is passed whole, and so matches no route.
   */
  static String path(HttpServletRequest request) {
    String uri = request.getRequestURI();
    String context = request.getContextPath();
    return context != null && !context.isEmpty() && uri.startsWith(context)
        ? uri.substring(context.length())
        : uri;
  }

  /** Every field {@code name} joined in order, as one list (RFC 9110, 5.3), or null. */
  private static String joined(HttpServletRequest request, String name) {
    List<String> fields = Collections.list(request.getHeaders(name));
    return fields.isEmpty() ? null : String.join(", ", fields);
  }

  /** Writes {@code answer} unchanged: status, headers in order, length, body. */
  static void write(HttpServletResponse response, HealthResponse answer) throws IOException {
    response.setStatus(answer.status());
    for (Map.Entry<String, String> header : answer.headers()) {
      response.addHeader(header.getKey(), header.getValue());
    }
    response.setContentLength(answer.contentLength());
    byte[] body = answer.body();
    if (body.length > 0) {
      response.getOutputStream().write(body);
    }
  }

  private static boolean isHead(HealthRequest request) {
    return "HEAD".equals(request.method());
  }

  /** An answer of the adapter's own (busy, failed), with the endpoints' common headers. */
  private static HealthResponse plain(int status, byte[] body, boolean head) {
    return new HealthResponse(
        status,
        List.of(
            Map.entry("Content-Type", TEXT),
            Map.entry("Cache-Control", "no-store"),
            Map.entry("X-Content-Type-Options", "nosniff")),
        head ? new byte[0] : body,
        body.length);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
