package dev.vitals.checks.internal;

import dev.vitals.spi.CheckUri;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;

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

  /**
   * The raw query of {@code uri} without the policy parameters and {@code drop}, without the
   * leading {@code ?}; empty when nothing is left.
   */
  static String query(CheckUri uri, Set<String> drop) {
    String raw = uri.rawWithoutPolicy();
    int question = raw.indexOf('?');
    if (question < 0) {
      return "";
    }
    StringBuilder kept = new StringBuilder();
    for (String pair : raw.substring(question + 1).split("&")) {
      int eq = pair.indexOf('=');
      String name =
          URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      if (!pair.isEmpty() && !drop.contains(name)) {
        kept.append(kept.length() == 0 ? "" : "&").append(pair);
      }
    }
    return kept.toString();
  }

  /** {@code raw} without its query. */
  static String withoutQuery(String raw) {
    int question = raw.indexOf('?');
    return question < 0 ? raw : raw.substring(0, question);
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
