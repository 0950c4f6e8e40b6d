package dev.vitals.checks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A minimal RESP client for test setup (ACL users): one command, the first reply line. */
final class Resp {
  private Resp() {}

  static String call(String host, int port, String... args) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(host, port), 1_000);
      s.setSoTimeout(2_000);
      StringBuilder b = new StringBuilder().append('*').append(args.length).append("\r\n");
      for (String arg : args) {
        b.append('$').append(arg.getBytes(StandardCharsets.UTF_8).length).append("\r\n");
        b.append(arg).append("\r\n");
      }
      OutputStream out = s.getOutputStream();
      out.write(b.toString().getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = s.getInputStream();
      StringBuilder line = new StringBuilder();
      for (int c; (c = in.read()) >= 0 && c != '\n'; ) {
        if (c != '\r') {
          line.append((char) c);
        }
      }
      return line.toString();
    }
  }
}
