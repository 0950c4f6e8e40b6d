package dev.vitals.checks;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/** Self-signed certificates made with the JDK's keytool, and a loopback TLS server. */
final class Certificates {
  static final String PASSWORD = "ks-S3cret-pw7";

  private Certificates() {}

  /**
   * A PKCS12 key store at {@code dir/name.p12} with one EC key pair and a self-signed certificate
   * for localhost and 127.0.0.1; {@code extra} are further keytool options such as {@code
   * -validity 5} or {@code -startdate -10d}.
   */
  static Path keyStore(Path dir, String name, String... extra) throws Exception {
    Path file = dir.resolve(name + ".p12");
    List<String> args = new ArrayList<>(List.of("-genkeypair", "-alias", "server", "-keyalg", "EC",
        "-groupname", "secp256r1", "-dname", "CN=" + name, "-ext", "SAN=dns:localhost,ip:127.0.0.1",
        "-storetype", "PKCS12", "-keystore", file.toString(), "-storepass", PASSWORD, "-keypass",
        PASSWORD));
    args.addAll(List.of(extra));
    keytool(args);
    return file;
  }

  /** The certificate of {@code keyStore} as a PEM file next to it. */
  static Path pem(Path keyStore) throws Exception {
    Path file = keyStore.resolveSibling(keyStore.getFileName() + ".pem");
    keytool(List.of("-exportcert", "-rfc", "-alias", "server", "-keystore", keyStore.toString(),
        "-storepass", PASSWORD, "-file", file.toString()));
    return file;
  }

  static KeyStore load(Path keyStore) throws Exception {
    return KeyStore.getInstance(keyStore.toFile(), PASSWORD.toCharArray());
  }

  static SSLContext serverContext(Path keyStore) throws Exception {
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(load(keyStore), PASSWORD.toCharArray());
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(kmf.getKeyManagers(), null, null);
    return context;
  }

  private static void keytool(List<String> args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(args);
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out;
    try (InputStream in = p.getInputStream()) {
      out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("keytool " + args + " failed: " + out);
    }
  }

  /** A loopback TLS server that completes handshakes and then closes the connection. */
  static final class TlsServer implements AutoCloseable {
    private final SSLServerSocket server;
    private final Thread acceptor;

    TlsServer(Path keyStore) throws Exception {
      server = (SSLServerSocket) serverContext(keyStore).getServerSocketFactory().createServerSocket();
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      acceptor = new Thread(this::serve, "TlsServer-" + server.getLocalPort());
      acceptor.setDaemon(true);
      acceptor.start();
    }

    int port() {
      return server.getLocalPort();
    }

    private void serve() {
      while (true) {
        try (Socket s = server.accept()) {
          s.setSoTimeout(2_000);
          ((SSLSocket) s).startHandshake();
          s.getInputStream().read(); // until the client closes
        } catch (IOException e) {
          if (server.isClosed()) {
            return;
          }
        }
      }
    }

    @Override
    public void close() throws IOException {
      server.close();
      try {
        acceptor.join(2_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
