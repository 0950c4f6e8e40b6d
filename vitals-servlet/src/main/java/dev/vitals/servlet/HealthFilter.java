package dev.vitals.servlet;

import dev.vitals.HealthEndpoints;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.EnumSet;
import java.util.Objects;

/**
 * Answers the health endpoints before the rest of the filter chain, for applications whose
 * filters or dispatcher must not see probes (security filters that would demand a login, request
 * logging, a framework's dispatcher). A request to a health path is answered here, exactly as
 * {@link HealthServlet} answers it, and goes no further; every other request passes on
 * untouched.
 *
 * <p><b>Register it in code</b>, first, while the context starts:
 *
 * <pre>{@code
 * HealthFilter.register(servletContext, endpoints);   // the health paths, before other filters
 * }</pre>
 *
 * <p><b>Or in {@code web.xml}</b>, as the first {@code <filter-mapping>}, async-supported, with
 * the endpoints in the context attribute {@link HealthServlet#ENDPOINTS_ATTRIBUTE}. Mapped at
 * {@code /*} it answers only the paths the endpoints know (request URI less context path); mapped
 * at the exact paths it is never even called for the others.
 *
 * <p>Containers run filters only for a request that some servlet maps (a default servlet, a
 * dispatcher at {@code /}); an application with no servlet for the health paths uses {@link
 * HealthServlet} instead. Only {@code REQUEST} dispatches are answered; forwards, includes and
 * error dispatches pass on. Answers that wait for on-demand checks go to this filter's own waiter
 * threads (default 16) when the request is async-supported, as for the servlet.
 */
public final class HealthFilter implements Filter {
  private ServletExchange exchange; // set by a constructor, or by init() from web.xml

  /**
   * For containers that make the filter from {@code web.xml}: {@link #init(FilterConfig)} takes
   * the endpoints from the context attribute {@link HealthServlet#ENDPOINTS_ATTRIBUTE}.
   */
  public HealthFilter() {}

  /** Answers {@code endpoints}' paths, with up to 16 threads for answers that wait. */
  public HealthFilter(HealthEndpoints endpoints) {
    this(endpoints, ServletExchange.DEFAULT_WAITER_THREADS);
  }

  /**
   * Answers {@code endpoints}' paths, with up to {@code waiterThreads} threads for answers that
   * wait for on-demand checks (beyond them, 503 at once).
   *
   * @throws IllegalArgumentException if {@code waiterThreads} is below 1
   */
  public HealthFilter(HealthEndpoints endpoints, int waiterThreads) {
    this.exchange = new ServletExchange(endpoints, waiterThreads);
  }

  /** For tests: the given exchange (one whose waiters a test watches, say). */
  HealthFilter(ServletExchange exchange) {
    this.exchange = exchange;
  }

  /**
   * Registers a filter for {@code endpoints} on {@code context}, async-supported, mapped for
   * {@code REQUEST} dispatches at every path {@link HealthEndpoints#paths()} lists, before the
   * filters of {@code web.xml}. Call it while the context starts, before registering other
   * filters.
   *
   * @return the registration, named {@code vitals-filter} plus the base path ({@code
   *     vitals-filter/health})
   * @throws IllegalStateException if a filter of that name exists
   */
  public static FilterRegistration.Dynamic register(
      ServletContext context, HealthEndpoints endpoints) {
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(endpoints, "endpoints");
    String name = "vitals-filter" + endpoints.basePath();
    FilterRegistration.Dynamic registration =
        ServletExchange.asyncSupported(
            context.addFilter(name, new HealthFilter(endpoints)), "filter", name);
    registration.addMappingForUrlPatterns(
        EnumSet.of(DispatcherType.REQUEST), false, endpoints.paths().toArray(String[]::new));
    return registration;
  }

  /**
   * Takes the endpoints from {@link HealthServlet#ENDPOINTS_ATTRIBUTE} when the container made
   * this filter with the no-argument constructor.
   *
   * @throws jakarta.servlet.UnavailableException if that attribute holds no {@link
   *     HealthEndpoints}
   */
  @Override
  public void init(FilterConfig config) throws ServletException {
    if (exchange == null) {
      exchange = ServletExchange.fromContext(config.getServletContext(), "HealthFilter");
    }
  }

  /** Answers a health path here; passes any other request down the chain untouched. */
  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (request instanceof HttpServletRequest http
        && response instanceof HttpServletResponse httpResponse
        && http.getDispatcherType() == DispatcherType.REQUEST
        && exchange.answers(http)) {
      exchange.serve(http, httpResponse);
      return;
    }
    chain.doFilter(request, response);
  }

  /** Stops the waiter threads; answers in progress finish. */
  @Override
  public void destroy() {
    if (exchange != null) {
      exchange.close();
    }
  }
}
