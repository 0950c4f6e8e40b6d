package dev.vitals.servlet;

import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;

/** Embedded Jetty 12, environment ee10. */
final class JettyEe10Container implements Container {
  private Server server;

  @Override
  public int start(String contextPath, int maxThreads, Setup setup) throws Exception {
    ServletContextHandler context =
        new ServletContextHandler(contextPath.isEmpty() ? "/" : contextPath);
    context.addServletContainerInitializer(Container.initializer(setup));
    server = JettyServers.start(context, maxThreads);
    return JettyServers.port(server);
  }

  @Override
  public String name() {
    return JettyServers.name("ee10");
  }

  @Override
  public void stop() throws Exception {
    JettyServers.stop(server);
  }
}
