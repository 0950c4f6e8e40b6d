package dev.vitals.lint;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.net.ssl.SSLSocketFactory;

/**
 * A HEAD sent over a socket of its own (VL109). {@link java.net.http.HttpClient} never shows the
 * bytes that follow a HEAD's answer, so this reads the head itself, then whatever else arrives
 * within a short grace: a server that sends a body to HEAD sends it right after the head.
 */
final class HeadRequest {
  /** How long to wait for bytes after the head; the answer asked to close the connection. */
  static final Duration GRACE = Duration.ofMillis(250);
  private static final int MAX_HEAD = 64 * 1024;

  private HeadRequest() {}

  /**
   * What a HEAD got: the status, and how many bytes followed the head (a body that should not be
   * there).
   */
  record Result(int status, int bodyBytes) {}

  /** Sends {@code HEAD uri} as the kubelet would, every read bounded by {@code timeout}. */
  static Result send(URI uri, Duration timeout) throws IOException {
    boolean tls = "https".equals(uri.getScheme());
    int port = uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80;
    String target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    try (Socket plain = new Socket()) {
      plain.connect(new InetSocketAddress(uri.getHost(), port), (int) timeout.toMillis());
      plain.setSoTimeout((int) timeout.toMillis());
      Socket socket = tls
          ? ((SSLSocketFactory) SSLSocketFactory.getDefault()).createSocket(plain, uri.getHost(), port, true)
          : plain;
      String request = "HEAD " + target + " HTTP/1.1\r\nHost: " + uri.getRawAuthority()
          + "\r\nUser-Agent: " + Http.KUBELET_USER_AGENT + "\r\nAccept: */*\r\nConnection: close\r\n\r\n";
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      InputStream in = new BufferedInputStream(socket.getInputStream());
      String head = head(in);
      String[] statusLine = head.lines().findFirst().orElse("").split(" ", 3);
      if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/")) {
        throw new IOException("not an HTTP answer: " + head.lines().findFirst().orElse(""));
      }
      int status;
      try {
        status = Integer.parseInt(statusLine[1]);
      } catch (NumberFormatException e) {
        throw new IOException("bad status line: " + statusLine[0] + " " + statusLine[1], e);
      }
      socket.setSoTimeout((int) GRACE.toMillis());
      int body = 0;
      try {
        byte[] buffer = new byte[8192];
        for (int n; body < Http.MAX_BODY && (n = in.read(buffer)) > 0; ) {
          body += n;
        }
      } catch (SocketTimeoutException e) {
        // nothing more within the grace: the connection was kept open without a body
      }
      return new Result(status, body);
    }
  }

  /** The status line and headers, up to the blank line. */
  private static String head(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed before the end of the answer's head");
      }
      if (head.size() >= MAX_HEAD) {
        throw new IOException("answer head longer than " + MAX_HEAD + " bytes");
      }
      head.write(b);
      matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : b == '\r' ? 1 : 0;
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }
}
