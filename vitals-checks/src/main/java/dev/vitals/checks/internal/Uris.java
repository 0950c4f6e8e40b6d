package dev.vitals.checks.internal;

import dev.vitals.spi.CheckUri;

/** What the providers share: required parts, with messages that never quote the password. */
final class Uris {
  private Uris() {}

  /** The host, or an error naming the missing host and the expected {@code form}. */
  static String host(CheckUri uri, String form) {
    String host = uri.host();
    if (host == null || host.isEmpty()) {
      throw new IllegalArgumentException(uri.scheme() + " URI needs a host: " + form);
    }
    return host;
  }

  /** The explicit port, or an error naming the missing port and the expected {@code form}. */
  static int port(CheckUri uri, String form) {
    int port = uri.port(-1);
    if (port < 0) {
      throw new IllegalArgumentException(uri.scheme() + " URI needs a port: " + form);
    }
    return port;
  }

  /** Rejects a path other than empty or {@code /}. */
  static void noPath(CheckUri uri, String form) {
    String path = uri.path();
    if (!path.isEmpty() && !path.equals("/")) {
      throw new IllegalArgumentException(uri.scheme() + " URI must not have a path: " + form);
    }
  }

  /** Rejects user info, for schemes whose check takes no credentials. */
  static void noUserInfo(CheckUri uri, String why) {
    if (uri.user() != null || uri.password() != null) {
      throw new IllegalArgumentException(uri.scheme() + " URI must not have user info: " + why);
    }
  }

  /** Whether a class of that name is visible to this or the context class loader. */
  static boolean present(String className) {
    for (ClassLoader loader :
        new ClassLoader[] {Thread.currentThread().getContextClassLoader(), Uris.class.getClassLoader()}) {
      if (loader == null) {
        continue;
      }
      try {
        Class.forName(className, false, loader);
        return true;
      } catch (ClassNotFoundException | LinkageError e) {
        // try the next loader
      }
    }
    return false;
  }
}
