package dev.vitals.servlet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.util.ServerInfo;

/** Embedded Tomcat: 11 or 10.1, whichever the surefire execution put on the class path. */
final class TomcatContainer implements Container {
  private final boolean allowTrace;
  private Tomcat tomcat;
  private Path base;

  /**
   * @param allowTrace whether the connector hands TRACE to the application (Tomcat's default,
   *     false, answers it with its own 405 before any filter or servlet runs)
   */
  TomcatContainer(boolean allowTrace) {
    this.allowTrace = allowTrace;
  }

  @Override
  public int start(String contextPath, int maxThreads, Setup setup) throws Exception {
    base = Files.createTempDirectory("vitals-tomcat");
    tomcat = new Tomcat();
    tomcat.setBaseDir(base.toString());
    Connector connector = new Connector();
    connector.setPort(0);
    connector.setAllowTrace(allowTrace);
    connector.setProperty("address", "127.0.0.1");
    connector.setProperty("maxThreads", Integer.toString(maxThreads));
    connector.setProperty("minSpareThreads", "1");
    tomcat.setConnector(connector);
    Context context = tomcat.addContext(contextPath, base.toString());
    context.addServletContainerInitializer(Container.initializer(setup), null);
    tomcat.start();
    if (context.getState() != LifecycleState.STARTED) {
      throw new IllegalStateException("the context did not start: " + context.getState());
    }
    return connector.getLocalPort();
  }

  @Override
  public String name() {
    return ServerInfo.getServerInfo().replace("Apache Tomcat/", "Tomcat ");
  }

  @Override
  public void stop() throws Exception {
    if (tomcat != null) {
      tomcat.stop();
      tomcat.destroy();
    }
    if (base != null) {
      try (Stream<Path> files = Files.walk(base)) {
        for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
          try {
            Files.deleteIfExists(file);
          } catch (IOException ignored) {
            // a temporary directory left behind is harmless
          }
        }
      }
    }
  }
}
