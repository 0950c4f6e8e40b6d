package dev.vitals.servlet;

import dev.vitals.HealthEndpoints;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.UnavailableException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Objects;
import java.util.Set;

/**
 * Serves the health endpoints from the application's own servlet container (Jakarta Servlet 6.0
 * or later), with the same answers as {@code HealthServer}: {@code /health/live}, {@code
 * /health/ready}, {@code /health/startup}, {@code /health} and the aliases.
 *
 * <p><b>Register it in code</b>, from a {@code ServletContainerInitializer} or {@code
 * ServletContextListener.contextInitialized}:
 *
 * <pre>{@code
 * HealthServlet.register(servletContext, endpoints);   // every path endpoints.paths() lists
 * }</pre>
 *
 * <p><b>Or in {@code web.xml}</b>: the container makes the servlet with the no-argument
 * constructor, and {@link #init()} takes the endpoints from the context attribute {@link
 * #ENDPOINTS_ATTRIBUTE}, which the application sets at start:
 *
 * <pre>{@code
 * servletContext.setAttribute(HealthServlet.ENDPOINTS_ATTRIBUTE, endpoints);
 * }</pre>
 *
 * <p><b>Mapping.</b> The endpoints read the request URI less the context path, so any mapping
 * that reaches the servlet works: {@code /*}, {@code /health/*} plus {@code /livez}, {@code
 * /readyz} and {@code /healthz}, or the exact paths; under context {@code /app} the probes are
 * {@code /app/health/ready} and so on. A path the endpoints do not know answers 404.
 *
 * <p><b>Every method</b> reaches the endpoints: {@link #service(HttpServletRequest,
 * HttpServletResponse)} is overridden, so {@code HttpServlet}'s own {@code OPTIONS}, {@code TRACE}
 * and {@code HEAD} handling never runs, and anything but GET and HEAD gets the endpoints' 405
 * with {@code Allow: GET, HEAD}. The request body is never read.
 *
 * <p><b>Threads.</b> Answers from background verdicts are given on the container thread in
 * microseconds. An answer that may wait for on-demand checks is handed to one of at most {@code
 * waiterThreads} threads of this servlet (default 16) through async processing, so it holds no
 * container thread; with every waiter busy it gets 503 at once. That needs the servlet
 * async-supported ({@link #register} sets it; in {@code web.xml}, {@code
 * <async-supported>true</async-supported>}); otherwise it waits on the container thread, up to
 * the largest timeout of those checks plus 50 ms.
 *
 * <p>To keep probes away from the application's filters and dispatcher, use {@link HealthFilter}
 * instead.
 */
public final class HealthServlet extends HttpServlet {
  /**
   * The {@code ServletContext} attribute where a servlet or filter made by the container (from
   * {@code web.xml}) finds its {@link HealthEndpoints}: {@value}.
   */
  public static final String ENDPOINTS_ATTRIBUTE = "dev.vitals.HealthEndpoints";

  private transient ServletExchange exchange; // set by a constructor, or by init() from web.xml

  /**
   * For containers that make the servlet from {@code web.xml}: {@link #init()} takes the
   * endpoints from the context attribute {@link #ENDPOINTS_ATTRIBUTE}.
   */
  public HealthServlet() {}

  /** Serves {@code endpoints}, with up to 16 threads for answers that wait. */
  public HealthServlet(HealthEndpoints endpoints) {
    this(endpoints, ServletExchange.DEFAULT_WAITER_THREADS);
  }

  /**
   * Serves {@code endpoints}, with up to {@code waiterThreads} threads for answers that wait for
   * on-demand checks (started on demand, gone after a minute idle; beyond them, 503 at once).
   *
   * @throws IllegalArgumentException if {@code waiterThreads} is below 1
   */
  public HealthServlet(HealthEndpoints endpoints, int waiterThreads) {
    this.exchange = new ServletExchange(endpoints, waiterThreads);
  }

  /** For tests: the given exchange (one whose answers fail, say). */
  HealthServlet(ServletExchange exchange) {
    this.exchange = exchange;
  }

  /**
   * Registers a servlet for {@code endpoints} on {@code context} at every path {@link
   * HealthEndpoints#paths()} lists, async-supported. Call it while the context starts (a {@code
   * ServletContainerInitializer} or {@code ServletContextListener.contextInitialized}).
   *
   * @return the registration, named {@code vitals} plus the base path ({@code vitals/health})
   * @throws IllegalStateException if a servlet of that name exists or another servlet is mapped
   *     at one of the paths (naming them)
   */
  public static ServletRegistration.Dynamic register(
      ServletContext context, HealthEndpoints endpoints) {
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(endpoints, "endpoints");
    String name = "vitals" + endpoints.basePath();
    ServletRegistration.Dynamic registration =
        ServletExchange.asyncSupported(
            context.addServlet(name, new HealthServlet(endpoints)), "servlet", name);
    Set<String> taken = registration.addMapping(endpoints.paths().toArray(String[]::new));
    if (!taken.isEmpty()) {
      throw new IllegalStateException(
          "health paths mapped to another servlet already: " + String.join(", ", taken));
    }
    return registration;
  }

  /**
   * Takes the endpoints from {@link #ENDPOINTS_ATTRIBUTE} when the container made this servlet
   * with the no-argument constructor.
   *
   * @throws UnavailableException if that attribute holds no {@link HealthEndpoints}
   */
  @Override
  public void init() throws ServletException {
    if (exchange == null) {
      exchange = ServletExchange.fromContext(getServletContext(), "HealthServlet");
    }
  }

  /** Answers every method through the endpoints, never through {@code HttpServlet}'s defaults. */
  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    exchange.serve(request, response);
  }

  /** Stops the waiter threads; answers in progress finish. */
  @Override
  public void destroy() {
    if (exchange != null) {
      exchange.close();
    }
  }
}
