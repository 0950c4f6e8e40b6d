package dev.vitals.servlet;

import jakarta.servlet.ServletContainerInitializer;
import java.util.function.BiFunction;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Jetty;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Embedded Jetty 12 with one servlet context of an EE environment (ee10, ee11), whose context
 * handler the test class makes: the environments have the same API in different packages.
 */
final class JettyContainer implements Container {
  private final String environment;
  private final BiFunction<String, ServletContainerInitializer, Handler> contexts;
  private Server server;

  /**
   * @param environment {@code ee10} or {@code ee11}, for {@link #name()}
   * @param contexts makes the environment's {@code ServletContextHandler} for a context path,
   *     running the initializer as it starts
   */
  JettyContainer(
      String environment, BiFunction<String, ServletContainerInitializer, Handler> contexts) {
    this.environment = environment;
    this.contexts = contexts;
  }

  @Override
  public int start(String contextPath, int maxThreads, Setup setup) throws Exception {
    Handler context =
        contexts.apply(contextPath.isEmpty() ? "/" : contextPath, Container.initializer(setup));
    server = new Server(new QueuedThreadPool(maxThreads, Math.min(2, maxThreads)));
    ServerConnector connector = new ServerConnector(server, 1, 1);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    server.setHandler(context);
    server.start();
    if (!context.isStarted()) {
      server.stop();
      throw new IllegalStateException("the context did not start");
    }
    return connector.getLocalPort();
  }

  @Override
  public String name() {
    return "Jetty " + Jetty.VERSION + " " + environment;
  }

  @Override
  public void stop() throws Exception {
    if (server != null) {
      server.stop();
    }
  }
}
