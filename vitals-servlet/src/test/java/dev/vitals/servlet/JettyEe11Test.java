package dev.vitals.servlet;

import org.eclipse.jetty.ee11.servlet.ServletContextHandler;

/** The contract on embedded Jetty 12.1, ee11 (the {@code jetty-ee11} execution). */
class JettyEe11Test extends ContainerContract {
  @Override
  Container newContainer() {
    return new JettyContainer("ee11", (path, initializer) -> {
      ServletContextHandler context = new ServletContextHandler(path);
      context.addServletContainerInitializer(initializer);
      return context;
    });
  }
}
