package dev.vitals.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.HealthCheck;
import dev.vitals.HealthEndpoints;
import dev.vitals.Result;
import dev.vitals.Vitals;
import dev.vitals.servlet.RawHttp.Answer;
import dev.vitals.testing.Timing;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What {@link HealthServlet} and {@link HealthFilter} promise, written once and run in every
 * container (one subclass each, one surefire execution each): the endpoints' answers byte for
 * byte through a real container on a real port, mappings and context paths, who sees details,
 * and what a hung on-demand check costs the container.
 *
 * <p>The engine has one readiness check, {@code switch}, on demand with TTL 0, so every readiness
 * probe runs it (and goes through the waiters) and the test sets its result or hangs it on a
 * latch. Liveness and startup read no on-demand check, so they are answered on the container
 * thread.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ContainerContract {
  private static final String TOKEN = "servlet-token-0123456789";
  private static final String BEARER = "Authorization: Bearer " + TOKEN;
  private static final String JSON = "application/health+json";
  private static final String TEXT = "text/plain; charset=utf-8";
  private static final String PASS = "{\"status\":\"pass\"}";
  private static final String NOT_FOUND = "not found\n";
  private static final String UNAUTHORIZED =
      "details need a bearer token or an allowed source network\n";
  private static final String NOT_ALLOWED = "method not allowed: use GET or HEAD\n";
  /** A bound for waits that must end, never a speed assertion. */
  private static final Duration SLACK = Duration.ofSeconds(5);
  /** Request threads of every container started here. */
  private static final int MAX_THREADS = 8;

  private final AtomicReference<Result> verdict = new AtomicReference<>(Result.pass());
  private final AtomicReference<Gate> gate = new AtomicReference<>();
  private final List<AutoCloseable> closing = new ArrayList<>();
  private final ExecutorService clients = Executors.newCachedThreadPool();
  private Vitals vitals;
  private HealthEndpoints endpoints;
  private Container main;
  private int port;
  private String servletVersion;

  /**
   * A container of the kind under test, not started, configured to hand every method to the
   * application (Tomcat's connector refuses TRACE itself unless told otherwise).
   */
  abstract Container newContainer();

  /** The check's latch: {@code entered} once it runs, it returns once {@code release} opens. */
  private record Gate(CountDownLatch entered, CountDownLatch release) {}

  /** How the endpoints are deployed. */
  enum Mode {
    SERVLET,
    FILTER
  }

  /** How a filter is mapped: by {@link HealthFilter#register}, or at {@code /*}. */
  enum FilterMapping {
    REGISTERED,
    EVERYWHERE
  }

  // -----------------------------------------------------------------------------------------
  // Set-up

  /**
   * The shared deployment, at the root context: the main endpoints (token) at {@code /*}, and
   * three more on the same engine for the network rules: {@code /net} (loopback may see details),
   * {@code /proxy} (loopback is a trusted proxy, 192.0.2.0/24 may see details) and {@code /direct}
   * (192.0.2.0/24 may see details, no proxy trusted).
   */
  @BeforeAll
  void startMain() throws Exception {
    vitals = engine(Duration.ofSeconds(5));
    endpoints = endpoints(vitals);
    HealthEndpoints net =
        HealthEndpoints.builder(vitals).basePath("/net").aliases(false)
            .allowNetwork("127.0.0.1").allowNetwork("::1").build();
    HealthEndpoints proxy =
        HealthEndpoints.builder(vitals).basePath("/proxy").aliases(false)
            .trustProxy("127.0.0.0/8").trustProxy("::1").allowNetwork("192.0.2.0/24").build();
    HealthEndpoints direct =
        HealthEndpoints.builder(vitals).basePath("/direct").aliases(false)
            .allowNetwork("192.0.2.0/24").build();
    main = newContainer();
    port =
        main.start("", MAX_THREADS, context -> {
          servletVersion = context.getMajorVersion() + "." + context.getMinorVersion();
          addServlet(context, new HealthServlet(endpoints), "/*");
          HealthServlet.register(context, net);
          HealthServlet.register(context, proxy);
          HealthServlet.register(context, direct);
        });
  }

  @AfterAll
  void stopMain() throws Exception {
    main.stop();
    vitals.close();
    clients.shutdownNow();
  }

  @AfterEach
  void cleanUp() throws Exception {
    Gate hung = gate.getAndSet(null);
    if (hung != null) {
      hung.release.countDown();
    }
    verdict.set(Result.pass());
    for (int i = closing.size() - 1; i >= 0; i--) {
      closing.get(i).close();
    }
    closing.clear();
  }

  /** An engine, started, whose readiness reads {@code switch} (on demand, TTL 0). */
  private Vitals engine(Duration checkTimeout) {
    Vitals engine =
        Vitals.builder()
            .serviceId("notes")
            .version("1.2.3")
            .shutdownHook(false)
            .check(HealthCheck.builder("switch", () -> {
              Gate hung = gate.get();
              if (hung != null) {
                hung.entered.countDown();
                hung.release.await();
              }
              return verdict.get();
            }).onDemand(Duration.ZERO).timeout(checkTimeout))
            .build();
    engine.markStarted();
    return engine;
  }

  /** The endpoints of the shared deployment, for tests of one container. */
  HealthEndpoints sharedEndpoints() {
    return endpoints;
  }

  private static HealthEndpoints endpoints(Vitals engine) {
    return HealthEndpoints.builder(engine).bearerToken(TOKEN).build();
  }

  /** Hangs {@code switch} until the test ends or releases it. */
  private Gate hang() {
    Gate hung = new Gate(new CountDownLatch(1), new CountDownLatch(1));
    gate.set(hung);
    return hung;
  }

  /** Starts a container of the kind under test, closed after the test. */
  private int deploy(String contextPath, Container.Setup setup) throws Exception {
    Container container = newContainer();
    closing.add(container::stop);
    return container.start(contextPath, MAX_THREADS, setup);
  }

  /** Starts a container serving {@code exchange} as a servlet at {@code /*} or a filter. */
  private int deploy(Mode mode, ServletExchange exchange, App app) throws Exception {
    return deploy("", context -> {
      if (mode == Mode.SERVLET) {
        addServlet(context, new HealthServlet(exchange), "/*");
      } else {
        addFilter(context, new HealthFilter(exchange));
        app.addTo(context);
      }
    });
  }

  /** Adds {@code servlet}, async-supported, at {@code mappings}. */
  private static void addServlet(
      ServletContext context, HealthServlet servlet, String... mappings) {
    ServletRegistration.Dynamic health = context.addServlet("health", servlet);
    health.setAsyncSupported(true);
    health.addMapping(mappings);
  }

  /** Adds {@code filter}, async-supported, at {@code /*} for REQUEST dispatches. */
  private static void addFilter(ServletContext context, HealthFilter filter) {
    FilterRegistration.Dynamic health = context.addFilter("health", filter);
    health.setAsyncSupported(true);
    health.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
  }

  private Vitals tracked(Vitals engine) {
    closing.add(engine);
    return engine;
  }

  // -----------------------------------------------------------------------------------------
  // Assertions

  /**
   * The Content-Type as the endpoints wrote it. Tomcat and Jetty both parse it and write the
   * charset parameter back without the space ({@code text/plain;charset=utf-8}), the same value
   * under RFC 9110, so that spacing is the one thing not compared.
   */
  private static void assertContentType(Answer answer, String expected) {
    assertThat(answer.headers("Content-Type")).hasSize(1);
    assertThat(answer.header("Content-Type").replace("; ", ";"))
        .as("Content-Type of %s", answer)
        .isEqualTo(expected.replace("; ", ";"));
  }

  /** The endpoints' headers on every answer, and the length of the body a GET carries. */
  private static void assertHeaders(Answer answer, String contentType, int length) {
    assertContentType(answer, contentType);
    assertThat(answer.headers("Cache-Control")).as("Cache-Control").containsExactly("no-store");
    assertThat(answer.headers("X-Content-Type-Options")).containsExactly("nosniff");
    assertThat(answer.headers("Content-Length")).containsExactly(Integer.toString(length));
  }

  private static void assertAnswer(Answer answer, int status, String contentType, String body) {
    assertThat(answer.status()).as("status of %s", answer).isEqualTo(status);
    assertThat(answer.text()).isEqualTo(body);
    assertHeaders(answer, contentType, body.getBytes(StandardCharsets.UTF_8).length);
  }

  private static void assertPass(Answer answer) {
    assertAnswer(answer, 200, JSON, PASS);
  }

  /** Status, body and every header the endpoints set are the same. */
  private static void assertSameAnswer(Answer actual, Answer expected) {
    assertThat(actual.status()).as("status of %s", actual).isEqualTo(expected.status());
    assertThat(actual.text()).isEqualTo(expected.text());
    for (String name :
        List.of("Content-Type", "Content-Length", "Cache-Control", "X-Content-Type-Options",
            "Allow", "WWW-Authenticate")) {
      assertThat(actual.headers(name)).as(name).isEqualTo(expected.headers(name));
    }
  }

  private Future<Answer> inBackground(Callable<Answer> request) {
    return clients.submit(request);
  }

  // -----------------------------------------------------------------------------------------
  // The container itself

  @Test
  void runsOnTheContainerAndServletApiItsExecutionNames() {
    assertThat(main.name()).isEqualTo(System.getProperty("vitals.expected.container"));
    assertThat(servletVersion).isEqualTo(System.getProperty("vitals.expected.servlet"));
  }

  // -----------------------------------------------------------------------------------------
  // Routes, statuses, headers

  @ParameterizedTest
  @ValueSource(strings = {"/health/live", "/livez", "/health/ready", "/readyz", "/health/startup"})
  void everyProbeRouteAndAliasAnswersAnonymousCallersWithTheStatusOnly(String path)
      throws Exception {
    assertPass(RawHttp.get(port, path));
  }

  @ParameterizedTest
  @ValueSource(strings = {"/health", "/healthz"})
  void detailedRoutesAskAnonymousCallersForAToken(String path) throws Exception {
    Answer answer = RawHttp.get(port, path);
    assertAnswer(answer, 401, TEXT, UNAUTHORIZED);
    assertThat(answer.headers("WWW-Authenticate")).containsExactly("Bearer realm=\"vitals\"");
  }

  @Test
  void aWrongTokenIsAnInvalidToken() throws Exception {
    Answer answer = RawHttp.get(port, "/healthz", "Authorization: Bearer not-the-token-0000000");
    assertAnswer(answer, 401, TEXT, UNAUTHORIZED);
    assertThat(answer.headers("WWW-Authenticate"))
        .containsExactly("Bearer realm=\"vitals\", error=\"invalid_token\"");
  }

  @Test
  void degradedReadinessAnswers200Warn() throws Exception {
    verdict.set(Result.warn("slow"));
    assertAnswer(RawHttp.get(port, "/health/ready"), 200, JSON, "{\"status\":\"warn\"}");
  }

  @Test
  void failingReadinessAnswers503FailWhileLivenessPasses() throws Exception {
    verdict.set(Result.fail("down"));
    assertAnswer(RawHttp.get(port, "/readyz"), 503, JSON, "{\"status\":\"fail\"}");
    assertPass(RawHttp.get(port, "/livez"));
  }

  @Test
  void headAnswersTheStatusAndLengthOfGetWithoutABody() throws Exception {
    Answer ready = RawHttp.send(port, "HEAD", "/health/ready", null);
    assertThat(ready.status()).isEqualTo(200);
    assertThat(ready.body()).isEmpty();
    assertHeaders(ready, JSON, PASS.length());

    verdict.set(Result.fail("down"));
    Answer failing = RawHttp.send(port, "HEAD", "/readyz", null);
    assertThat(failing.status()).isEqualTo(503);
    assertThat(failing.body()).isEmpty();
    assertHeaders(failing, JSON, "{\"status\":\"fail\"}".length());

    Answer detailed = RawHttp.send(port, "HEAD", "/healthz", null);
    assertThat(detailed.status()).isEqualTo(401);
    assertThat(detailed.body()).isEmpty();
    assertHeaders(detailed, TEXT, UNAUTHORIZED.length());
    assertThat(detailed.headers("WWW-Authenticate")).containsExactly("Bearer realm=\"vitals\"");

    Answer unknown = RawHttp.send(port, "HEAD", "/nope", null);
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.body()).isEmpty();
    assertHeaders(unknown, TEXT, NOT_FOUND.length());
  }

  @ParameterizedTest
  @ValueSource(strings = {"POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "PROPFIND"})
  void everyOtherMethodGetsTheEndpoints405(String method) throws Exception {
    String body = method.startsWith("P") ? "a body nobody reads" : null;
    for (String path : List.of("/health/ready", "/livez", "/health")) {
      Answer answer = RawHttp.send(port, method, path, body);
      assertAnswer(answer, 405, TEXT, NOT_ALLOWED);
      assertThat(answer.headers("Allow")).containsExactly("GET, HEAD");
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"/", "/nope", "/health/ready/", "/health/ready/x", "/HEALTH/ready",
          "/health/%72eady", "/health/live;v=1"})
  void unknownPathsGetTheEndpoints404(String path) throws Exception {
    assertAnswer(RawHttp.get(port, path), 404, TEXT, NOT_FOUND);
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,"
        + "text/plain;version=0.0.4;q=0.5,*/*;q=0.1",
    "text/plain;version=0.0.4;q=1,*/*;q=0.1"})
  void metricsAnswerInTheFormatTheAcceptPrefersToTheTokenOnly(String accept) throws Exception {
    String type = accept.startsWith("text/")
        ? "text/plain; version=0.0.4; charset=utf-8"
        : "application/openmetrics-text; version=1.0.0; charset=utf-8";
    Answer get = RawHttp.get(port, "/health/metrics", BEARER, "Accept: " + accept);
    assertThat(get.status()).as("status of %s", get).isEqualTo(200);
    assertHeaders(get, type, get.body().length);
    assertThat(get.headers("Vary")).containsExactly("Accept");
    assertThat(get.text())
        .contains("vitals_check_status{check=\"switch\",probes=\"readiness\",critical=\"true\",")
        .contains("vitals_lifecycle_state{state=\"ready\"} 1\n");
    assertThat(get.text().endsWith("# EOF\n")).isEqualTo(type.startsWith("application/"));

    Answer head = RawHttp.send(port, "HEAD", "/health/metrics", null, BEARER, "Accept: " + accept);
    assertThat(head.status()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertContentType(head, type);
    // Verdict ages move between the two requests, never the length's order of magnitude.
    assertThat(Integer.parseInt(head.header("Content-Length")))
        .isBetween(get.body().length - 20, get.body().length + 20);

    Answer anonymous = RawHttp.get(port, "/health/metrics", "Accept: " + accept);
    assertAnswer(anonymous, 401, TEXT, UNAUTHORIZED);
    assertThat(anonymous.headers("WWW-Authenticate")).containsExactly("Bearer realm=\"vitals\"");
    Answer anonymousHead = RawHttp.send(port, "HEAD", "/health/metrics", null, "Accept: " + accept);
    assertThat(anonymousHead.status()).isEqualTo(401);
    assertThat(anonymousHead.body()).isEmpty();
  }

  @Test
  void metricsAnswer406ToAnAcceptOfNeitherFormat() throws Exception {
    Answer answer = RawHttp.get(port, "/health/metrics", BEARER, "Accept: application/json");
    assertAnswer(answer, 406, TEXT,
        "not acceptable: metrics are application/openmetrics-text or text/plain\n");
    // Repeated fields are one list: the second one makes it acceptable.
    Answer listed = RawHttp.get(port, "/health/metrics", BEARER, "Accept: application/json",
        "Accept: text/plain");
    assertThat(listed.status()).isEqualTo(200);
    assertContentType(listed, "text/plain; version=0.0.4; charset=utf-8");
  }

  @Test
  void aQueryStringIsIgnored() throws Exception {
    assertPass(RawHttp.get(port, "/health/ready?verbose=true&x=%20"));
  }

  // -----------------------------------------------------------------------------------------
  // Who sees details

  @Test
  void theBearerTokenUnlocksDetailsOnEveryRoute() throws Exception {
    for (String path : List.of("/health", "/healthz", "/health/ready", "/readyz")) {
      Answer answer = RawHttp.get(port, path, BEARER);
      assertThat(answer.status()).as(path).isEqualTo(200);
      assertThat(answer.text())
          .startsWith("{\"status\":\"pass\",\"version\":\"1.2.3\",\"serviceId\":\"notes\"")
          .contains("\"switch:responseTime\"");
      assertHeaders(answer, JSON, answer.body().length);
    }
  }

  @Test
  void anAllowedNetworkSeesDetailsWithoutAToken() throws Exception {
    for (String path : List.of("/net", "/net/ready")) {
      Answer answer = RawHttp.get(port, path);
      assertThat(answer.status()).as(path).isEqualTo(200);
      assertThat(answer.text()).contains("\"checks\"");
    }
  }

  @Test
  void forwardedForIsHonouredOnlyFromATrustedProxy() throws Exception {
    Answer viaProxy = RawHttp.get(port, "/proxy", "X-Forwarded-For: 192.0.2.7");
    assertThat(viaProxy.status()).isEqualTo(200);
    assertThat(viaProxy.text()).contains("\"checks\"");
    assertThat(RawHttp.get(port, "/proxy", "X-Forwarded-For: 198.51.100.1").status())
        .isEqualTo(401);
    assertThat(RawHttp.get(port, "/proxy").status()).isEqualTo(401);
    assertThat(RawHttp.get(port, "/direct", "X-Forwarded-For: 192.0.2.7").status())
        .as("the same header from a peer that is not a trusted proxy")
        .isEqualTo(401);
  }

  @Test
  void repeatedForwardedForFieldsAreReadAsOneListInOrder() throws Exception {
    // The client is the right-most hop: only joining the fields in order finds it.
    assertThat(RawHttp.get(port, "/proxy",
            "X-Forwarded-For: 198.51.100.1", "X-Forwarded-For: 192.0.2.7").status())
        .isEqualTo(200);
    assertThat(RawHttp.get(port, "/proxy",
            "X-Forwarded-For: 192.0.2.7", "X-Forwarded-For: 198.51.100.1").status())
        .isEqualTo(401);
  }

  // -----------------------------------------------------------------------------------------
  // Mappings and context paths

  @Test
  void underAContextPathAPrefixMappingAndExactAliasesServeEveryRoute() throws Exception {
    int app = deploy("/app", context -> {
      addServlet(
          context, new HealthServlet(endpoints), "/health/*", "/livez", "/readyz", "/healthz");
    });
    for (String path :
        List.of("/health/live", "/livez", "/health/ready", "/readyz", "/health/startup")) {
      assertPass(RawHttp.get(app, "/app" + path));
    }
    assertAnswer(RawHttp.get(app, "/app/health"), 401, TEXT, UNAUTHORIZED);
    assertAnswer(RawHttp.get(app, "/app/healthz"), 401, TEXT, UNAUTHORIZED);
    assertThat(RawHttp.get(app, "/app/health", BEARER).status()).isEqualTo(200);
    assertAnswer(RawHttp.get(app, "/app/health/nope"), 404, TEXT, NOT_FOUND);
    assertAnswer(RawHttp.send(app, "POST", "/app/readyz", "x"), 405, TEXT, NOT_ALLOWED);
  }

  @Test
  void registerMapsExactlyThePathsTheEndpointsAnswerAndRefusesConflicts() throws Exception {
    List<String> refused = new CopyOnWriteArrayList<>();
    int app = deploy("", context -> {
      ServletRegistration.Dynamic other = context.addServlet("other", new App());
      other.addMapping("/readyz");
      try {
        HealthServlet.register(context, HealthEndpoints.builder(vitals).build());
      } catch (IllegalStateException e) {
        refused.add(e.getMessage());
      }
      HealthServlet.register(
          context, HealthEndpoints.builder(vitals).basePath("/v").aliases(false).build());
      try {
        HealthServlet.register(context, HealthEndpoints.builder(vitals).basePath("/v").build());
      } catch (IllegalStateException e) {
        refused.add(e.getMessage());
      }
    });
    assertThat(refused)
        .containsExactly(
            "health paths mapped to another servlet already: /readyz",
            "a servlet named vitals/v is registered already");
    for (String path : List.of("/v/live", "/v/ready", "/v/startup")) {
      assertPass(RawHttp.get(app, path));
    }
    assertAnswer(RawHttp.get(app, "/v"), 401, TEXT, UNAUTHORIZED);
    Answer unmapped = RawHttp.get(app, "/v/other");
    assertThat(unmapped.status()).isEqualTo(404);
    assertThat(unmapped.text()).as("the container's 404, not ours").isNotEqualTo(NOT_FOUND);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void aServletOrFilterMadeByTheContainerFindsTheEndpointsInTheContextAttribute(Mode mode)
      throws Exception {
    App app = new App();
    int made = deploy("", context -> {
      context.setAttribute(HealthServlet.ENDPOINTS_ATTRIBUTE, endpoints);
      if (mode == Mode.SERVLET) {
        ServletRegistration.Dynamic health = context.addServlet("health", HealthServlet.class);
        health.setAsyncSupported(true);
        health.addMapping("/*");
      } else {
        FilterRegistration.Dynamic health = context.addFilter("health", HealthFilter.class);
        health.setAsyncSupported(true);
        health.addMappingForUrlPatterns(null, false, "/*");
        app.addTo(context);
      }
    });
    assertPass(RawHttp.get(made, "/health/ready"));
    assertPass(RawHttp.get(made, "/livez"));
    assertThat(RawHttp.get(made, "/notes").status()).isEqualTo(mode == Mode.SERVLET ? 404 : 201);
  }

  // -----------------------------------------------------------------------------------------
  // The filter

  @ParameterizedTest
  @EnumSource(FilterMapping.class)
  void theFilterAnswersProbesAsTheServletDoesAndPassesEverythingElseUntouched(
      FilterMapping mapping) throws Exception {
    App app = new App();
    int filtered = deploy("/app", context -> {
      if (mapping == FilterMapping.REGISTERED) {
        HealthFilter.register(context, endpoints);
      } else {
        addFilter(context, new HealthFilter(endpoints));
      }
      app.addTo(context);
    });

    List<String[]> probes =
        List.of(
            new String[] {"GET", "/health/live"}, new String[] {"GET", "/livez"},
            new String[] {"GET", "/health/ready"}, new String[] {"GET", "/readyz"},
            new String[] {"GET", "/health/startup"}, new String[] {"GET", "/health"},
            new String[] {"GET", "/healthz"}, new String[] {"HEAD", "/health/ready"},
            new String[] {"HEAD", "/healthz"}, new String[] {"POST", "/health/ready"},
            new String[] {"DELETE", "/livez"}, new String[] {"OPTIONS", "/healthz"},
            new String[] {"GET", "/health/ready?x=1"});
    for (String[] probe : probes) {
      String body = probe[0].equals("POST") ? "ignored" : null;
      assertSameAnswer(
          RawHttp.send(filtered, probe[0], "/app" + probe[1], body),
          RawHttp.send(port, probe[0], probe[1], body));
    }
    assertThat(RawHttp.get(filtered, "/app/health", BEARER).status()).isEqualTo(200);
    verdict.set(Result.fail("down"));
    assertSameAnswer(RawHttp.get(filtered, "/app/readyz"), RawHttp.get(port, "/readyz"));

    Answer notes = RawHttp.get(filtered, "/app/notes?page=2", "X-Test: 1");
    assertThat(notes.status()).isEqualTo(201);
    assertThat(notes.headers("X-App")).containsExactly("yes");
    assertThat(notes.text()).isEqualTo("GET /app/notes?page=2 x-test=1 body=");
    Answer posted = RawHttp.send(filtered, "POST", "/app/notes", "buy milk");
    assertThat(posted.status()).isEqualTo(201);
    assertThat(posted.text()).isEqualTo("POST /app/notes x-test=null body=buy milk");
    Answer unknown = RawHttp.get(filtered, "/app/health/nope");
    assertThat(unknown.status()).as("a path the endpoints do not know is the application's")
        .isEqualTo(201);

    List<String> passed = List.of("/app/notes", "/app/notes", "/app/health/nope");
    assertThat(app.servletSaw).as("requests the application's servlet saw").isEqualTo(passed);
    assertThat(app.filterSaw).as("requests the application's filter saw").isEqualTo(passed);
  }

  // -----------------------------------------------------------------------------------------
  // Hung on-demand checks and threads

  @ParameterizedTest
  @EnumSource(Mode.class)
  void aHungOnDemandCheckHoldsNoContainerThread(Mode mode) throws Exception {
    Vitals engine = tracked(engine(Duration.ofMinutes(1)));
    ServletExchange exchange = new ServletExchange(endpoints(engine), 16);
    int hungPort = deploy(mode, exchange, new App());
    Gate hung = hang();

    int waiting = MAX_THREADS + 4; // more than the container has request threads
    List<Future<Answer>> readiness = new ArrayList<>();
    for (int i = 0; i < waiting; i++) {
      readiness.add(inBackground(() -> RawHttp.get(hungPort, "/health/ready")));
    }
    assertThat(hung.entered.await(SLACK.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    assertThat(Timing.await(() -> exchange.busyWaiters() == waiting, SLACK))
        .as("every readiness probe waits on a Vitals waiter, none on a container thread")
        .isTrue();

    assertPass(RawHttp.get(hungPort, "/health/live"));
    assertPass(RawHttp.get(hungPort, "/health/startup"));
    assertThat(readiness).as("readiness probes still waiting").noneMatch(Future::isDone);

    hung.release.countDown();
    for (Future<Answer> answer : readiness) {
      assertPass(answer.get(SLACK.toMillis(), TimeUnit.MILLISECONDS));
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void aHungOnDemandCheckIsAnsweredByItsDeadline(Mode mode) throws Exception {
    Duration timeout = Duration.ofSeconds(1);
    Vitals engine = tracked(engine(timeout));
    int hungPort = deploy(mode, new ServletExchange(endpoints(engine), 16), new App());
    hang();
    Duration bound = timeout.plusMillis(50).plus(SLACK);

    Future<Answer> anonymous =
        inBackground(() -> timed(bound, () -> RawHttp.get(hungPort, "/readyz")));
    Future<Answer> detailed =
        inBackground(() -> timed(bound, () -> RawHttp.get(hungPort, "/health/ready", BEARER)));
    assertThat(gate.get().entered.await(SLACK.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    assertPass(RawHttp.get(hungPort, "/livez"));

    assertAnswer(anonymous.get(), 503, JSON, "{\"status\":\"fail\"}");
    Answer details = detailed.get();
    assertThat(details.status()).isEqualTo(503);
    assertThat(details.text()).contains("\"output\":\"timed out after 1000 ms\"");
  }

  /** Runs {@code request}, asserting it was answered within {@code bound}. */
  private static Answer timed(Duration bound, Callable<Answer> request) throws Exception {
    long start = System.nanoTime();
    Answer answer = request.call();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).as("time to answer").isLessThan(bound);
    return answer;
  }

  @Test
  void withEveryWaiterBusyAWaitingProbeGets503AtOnce() throws Exception {
    Vitals engine = tracked(engine(Duration.ofMinutes(1)));
    ServletExchange exchange = new ServletExchange(endpoints(engine), 1);
    int busyPort = deploy(Mode.SERVLET, exchange, null);
    Gate hung = hang();
    Future<Answer> first = inBackground(() -> RawHttp.get(busyPort, "/health/ready"));
    assertThat(hung.entered.await(SLACK.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    assertThat(Timing.await(() -> exchange.busyWaiters() == 1, SLACK)).isTrue();

    assertAnswer(
        RawHttp.get(busyPort, "/readyz"), 503, TEXT, "every waiter is busy: retry later\n");
    Answer head = RawHttp.send(busyPort, "HEAD", "/readyz", null);
    assertThat(head.status()).isEqualTo(503);
    assertThat(head.body()).isEmpty();
    assertPass(RawHttp.get(busyPort, "/livez"));
    assertThat(first.isDone()).isFalse();

    hung.release.countDown();
    assertPass(first.get(SLACK.toMillis(), TimeUnit.MILLISECONDS));
  }

  @Test
  void withoutAsyncSupportAWaitingProbeIsAnsweredOnTheContainerThreadByItsDeadline()
      throws Exception {
    Duration timeout = Duration.ofSeconds(1);
    Vitals engine = tracked(engine(timeout));
    ServletExchange exchange = new ServletExchange(endpoints(engine), 16);
    int syncPort = deploy("", context -> {
      ServletRegistration.Dynamic health =
          context.addServlet("health", new HealthServlet(exchange));
      health.setAsyncSupported(false);
      health.addMapping("/*");
    });
    assertPass(RawHttp.get(syncPort, "/health/ready"));
    Gate hung = hang();
    Answer answer =
        timed(timeout.plusMillis(50).plus(SLACK), () -> RawHttp.get(syncPort, "/readyz"));
    assertAnswer(answer, 503, JSON, "{\"status\":\"fail\"}");
    assertThat(hung.entered.getCount()).isZero();
    assertThat(exchange.busyWaiters()).isZero();
  }

  @Test
  void failingEndpointsAnswer500WithAPlainBodyAndNoStackTrace() throws Exception {
    ServletExchange failing =
        new ServletExchange(endpoints, request -> {
          throw new IllegalStateException("boom in " + request.path());
        }, 16);
    int failPort = deploy(Mode.SERVLET, failing, null);
    for (String path : List.of("/health/live", "/health/ready")) { // container thread, waiter
      assertAnswer(RawHttp.get(failPort, path), 500, TEXT, "internal error\n");
    }
    Answer head = RawHttp.send(failPort, "HEAD", "/livez", null);
    assertThat(head.status()).isEqualTo(500);
    assertThat(head.body()).isEmpty();
    assertHeaders(head, TEXT, "internal error\n".length());
  }

  @Test
  void stoppingTheContainerStopsTheWaiters() throws Exception {
    ServletExchange exchange = new ServletExchange(endpoints, 16);
    Container container = newContainer();
    int stopPort = container.start("", MAX_THREADS, context -> {
      addServlet(context, new HealthServlet(exchange), "/*");
    });
    assertPass(RawHttp.get(stopPort, "/health/ready")); // answered on a waiter
    assertThat(exchange.stopped()).isFalse();
    container.stop();
    assertThat(Timing.await(exchange::stopped, SLACK)).as("every waiter ended").isTrue();
  }

  // -----------------------------------------------------------------------------------------
  // The application behind the filter

  /**
   * A servlet at {@code /} and a filter at {@code /*} after the health filter, as an application
   * has: each records the request URIs that reach it; the servlet answers 201 with what it saw.
   */
  private static final class App extends HttpServlet {
    final List<String> servletSaw = new CopyOnWriteArrayList<>();
    final List<String> filterSaw = new CopyOnWriteArrayList<>();

    void addTo(ServletContext context) {
      FilterRegistration.Dynamic filter = context.addFilter("app-filter", new Filter() {
        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
          filterSaw.add(((HttpServletRequest) request).getRequestURI());
          chain.doFilter(request, response);
        }
      });
      filter.setAsyncSupported(true);
      filter.addMappingForUrlPatterns(null, true, "/*");
      ServletRegistration.Dynamic servlet = context.addServlet("app", this);
      servlet.setAsyncSupported(true);
      servlet.addMapping("/");
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
        throws IOException {
      servletSaw.add(request.getRequestURI());
      String body = new String(request.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      String query = request.getQueryString();
      byte[] saw =
          (request.getMethod() + " " + request.getRequestURI() + (query == null ? "" : "?" + query)
                  + " x-test=" + request.getHeader("X-Test") + " body=" + body)
              .getBytes(StandardCharsets.UTF_8);
      response.setStatus(201);
      response.setHeader("X-App", "yes");
      response.setContentType("text/plain");
      response.setContentLength(saw.length);
      response.getOutputStream().write(saw);
    }
  }
}
