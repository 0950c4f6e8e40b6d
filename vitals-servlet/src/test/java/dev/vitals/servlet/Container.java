package dev.vitals.servlet;

import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;

/**
 * One real servlet container, started in the test on a free loopback port with one context. The
 * context is set up through the standard programmatic API (a {@code ServletContainerInitializer}),
 * so the contract tests say what is deployed once for every container.
 */
interface Container {
  /**
   * Starts the container with one context at {@code contextPath} ({@code ""} for the root) and at
   * most {@code maxThreads} request threads, set up by {@code setup} while the context starts.
   *
   * @return the port it listens on
   * @throws IllegalStateException if the context did not start
   */
  int start(String contextPath, int maxThreads, Setup setup) throws Exception;

  /** Which container this is, e.g. {@code Tomcat 11.0.27} or {@code Jetty 12.1.14 ee10}. */
  String name();

  /** Stops the container (destroying its servlets and filters) and frees its port. */
  void stop() throws Exception;

  /** {@code setup} as the initializer every container runs while the context starts. */
  static ServletContainerInitializer initializer(Setup setup) {
    return (classes, context) -> {
      try {
        setup.setUp(context);
      } catch (Exception e) {
        throw new ServletException(e);
      }
    };
  }

  /** What a context holds: servlets, filters, attributes, added while it starts. */
  @FunctionalInterface
  interface Setup {
    void setUp(ServletContext context) throws Exception;
  }
}
