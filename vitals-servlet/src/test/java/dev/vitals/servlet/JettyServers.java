package dev.vitals.servlet;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Jetty;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/** The Jetty 12 server around a context handler, common to ee10 and ee11. */
final class JettyServers {
  private JettyServers() {}

  /** Starts {@code context} on a free loopback port with at most {@code maxThreads} threads. */
  static Server start(Handler context, int maxThreads) throws Exception {
    Server server = new Server(new QueuedThreadPool(maxThreads, Math.min(2, maxThreads)));
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
    return server;
  }

  static int port(Server server) {
    return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
  }

  static String name(String environment) {
    return "Jetty " + Jetty.VERSION + " " + environment;
  }

  static void stop(Server server) throws Exception {
    if (server != null) {
      server.stop();
    }
  }
}
