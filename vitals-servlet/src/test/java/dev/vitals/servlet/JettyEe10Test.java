package dev.vitals.servlet;

import org.eclipse.jetty.ee10.servlet.ServletContextHandler;

/** The contract on embedded Jetty 12.1, ee10 (the {@code jetty-ee10} execution). */
class JettyEe10Test extends ContainerContract {
  @Override
  Container newContainer() {
    return new JettyContainer("ee10", (path, initializer) -> {
      ServletContextHandler context = new ServletContextHandler(path);
      context.addServletContainerInitializer(initializer);
      return context;
    });
  }
}
