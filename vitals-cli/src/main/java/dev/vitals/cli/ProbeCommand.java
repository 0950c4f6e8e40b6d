package dev.vitals.cli;

import dev.vitals.spi.Outputs;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * {@code vitals probe URL}: one HTTP/1.1 GET, exit 0 on a 2xx answer, 1 otherwise.
 *
 * <p>This is what a Docker HEALTHCHECK or an exec probe runs every few seconds, so it is built
 * for a cold JVM: {@link Main#main} dispatches here before anything else is set up (no logging,
 * no check providers), and the request goes over a plain {@link Socket} rather than {@code
 * java.net.http.HttpClient}, whose first use loads some 275 classes and starts a selector thread,
 * most of a cold probe's time. TLS classes load only for an {@code https} URL.
 *
 * <p>The whole exchange (connect, request, status line, headers and body) runs under the one
 * {@code --timeout} deadline; every read is given what remains of it. Redirects are not
 * followed. The body is read to its end (by Content-Length, chunks or the close that {@code
 * Connection: close} asks for), at most {@link #MAX_BODY} bytes, and printed sanitised after the
 * status code.
 *
 * <p>It is also the {@code Main-Class} of {@code vitals-probe.jar}, the command's probe alone (a
 * few tens of KB, no other class of the command or its clients): {@code java -jar
 * vitals-probe.jar [--timeout D] [--header 'N: v'] URL}, the same options and exit statuses.
 */
public final class ProbeCommand {
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
  /** The most of a body read; only its first line of {@link Outputs#MAX_LENGTH} is shown. */
  static final int MAX_BODY = 1 << 20;

  // Headers the request sets itself; java.net.http refused them too.
  private static final Set<String> RESTRICTED =
      Set.of("connection", "content-length", "expect", "host", "upgrade", "transfer-encoding");

  private final PrintStream out;
  private final PrintStream err;

  ProbeCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  /** {@code vitals-probe.jar}'s entry: the arguments of {@code vitals probe}, without the word. */
  public static void main(String[] args) {
    System.exit(new ProbeCommand(System.out, System.err).runAlone(List.of(args)));
  }

  /** As {@link #run}, with {@code --help} and a bad command line handled as {@link Main} does. */
  int runAlone(List<String> args) {
    if (args.contains("--help") || args.contains("-h")) {
      out.print(Help.PROBE);
      return 0;
    }
    try {
      return run(args);
    } catch (Usage e) {
      err.println("vitals " + e.getMessage());
      err.println("Try 'java -jar vitals-probe.jar --help'.");
      return 2;
    }
  }

  /** Runs {@code vitals probe ARGS} and returns its exit status; a {@link Usage} for a bad line. */
  int run(List<String> args) {
    Options options = new Options("probe", args, Set.of("verbose"), Set.of("timeout", "header"));
    Duration timeout = options.duration("probe", "timeout", DEFAULT_TIMEOUT);
    if (options.operands().size() != 1) {
      throw new Usage("probe: give exactly one URL");
    }
    String url = options.operands().get(0);
    URI uri;
    try {
      uri = URI.create(url);
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
        throw new IllegalArgumentException("URL must start with http:// or https://");
      }
      if (uri.getHost() == null) {
        throw new IllegalArgumentException("no host");
      }
    } catch (IllegalArgumentException e) {
      throw new Usage("probe: bad URL '" + Outputs.sanitize(url) + "': " + e.getMessage());
    }
    StringBuilder headers = new StringBuilder();
    for (String header : options.all("header")) {
      int colon = header.indexOf(':');
      if (colon <= 0) {
        throw new Usage("probe: --header must look like 'Name: value'");
      }
      String name = header.substring(0, colon).strip();
      String value = header.substring(colon + 1).strip();
      if (!isToken(name) || value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
        throw new Usage("probe: --header must look like 'Name: value'");
      }
      if (RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
        throw new Usage("probe: --header " + name + " is set by the probe itself");
      }
      headers.append(name).append(": ").append(value).append("\r\n");
    }
    return get(uri, headers.toString(), timeout);
  }

  private int get(URI uri, String headers, Duration timeout) {
    boolean tls = uri.getScheme().equals("https");
    String host = uri.getHost();
    int port = uri.getPort() < 0 ? (tls ? 443 : 80) : uri.getPort();
    String authority = uri.getPort() < 0 ? host : host + ":" + port;
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    String target = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
    long deadline = System.nanoTime() + timeout.toNanos();
    String address = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    Socket socket = new Socket();
    try {
      socket.connect(new InetSocketAddress(address, port), (int) Math.max(1, timeout.toMillis()));
      if (tls) {
        socket = handshake(socket, address, port, deadline);
      }
      OutputStream request = socket.getOutputStream();
      request.write(("GET " + target + " HTTP/1.1\r\nHost: " + authority
              + "\r\nUser-Agent: vitals-probe\r\nAccept: */*\r\nConnection: close\r\n"
              + headers + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
      request.flush();
      InputStream in = new BufferedInputStream(new DeadlineInput(socket, deadline));
      int status;
      String fields;
      do { // 1xx answers are interim: the final one follows
        status = statusCode(line(in));
        fields = fields(in);
      } while (status / 100 == 1 && status != 101);
      byte[] body = status == 204 || status == 304 || status == 101 ? new byte[0] : body(in, fields);
      out.println(status + " " + Outputs.sanitize(new String(body, StandardCharsets.UTF_8)));
      return status / 100 == 2 ? 0 : 1;
    } catch (SocketTimeoutException e) {
      err.println("vitals probe: no answer within " + timeout.toMillis() + " ms");
      return 1;
    } catch (ConnectException e) {
      err.println("vitals probe: connection refused by " + authority);
      return 1;
    } catch (IOException e) {
      err.println("vitals probe: " + Outputs.describe(e));
      return 1;
    } finally {
      try {
        socket.close();
      } catch (IOException e) {
        // nothing left to tell
      }
    }
  }

  /** TLS over the connected socket, verifying the server's name as a browser would. */
  private static Socket handshake(Socket plain, String host, int port, long deadline) throws IOException {
    SSLSocket tls = (SSLSocket) ((SSLSocketFactory) SSLSocketFactory.getDefault())
        .createSocket(plain, host, port, true);
    SSLParameters parameters = tls.getSSLParameters();
    parameters.setEndpointIdentificationAlgorithm("HTTPS");
    tls.setSSLParameters(parameters);
    tls.setSoTimeout(DeadlineInput.remaining(deadline));
    tls.startHandshake();
    return tls;
  }

  /** The code of a status line such as {@code HTTP/1.1 200 OK}. */
  private static int statusCode(String line) throws IOException {
    int space = line.indexOf(' ');
    if (line.startsWith("HTTP/") && space > 0 && line.length() >= space + 4
        && (line.length() == space + 4 || line.charAt(space + 4) == ' ')) {
      try {
        return Integer.parseUnsignedInt(line.substring(space + 1, space + 4));
      } catch (NumberFormatException e) {
        // falls through to the complaint
      }
    }
    throw new IOException("not an HTTP answer: '" + Outputs.sanitize(line) + "'");
  }

  /** The header fields, lower-cased names, one per line ending in '\n'. */
  private static String fields(InputStream in) throws IOException {
    StringBuilder fields = new StringBuilder();
    for (String line = line(in); !line.isEmpty(); line = line(in)) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        fields.append(line.substring(0, colon).strip().toLowerCase(Locale.ROOT)).append(':')
            .append(line.substring(colon + 1).strip()).append('\n');
      }
      if (fields.length() > MAX_BODY) {
        throw new IOException("header fields longer than " + MAX_BODY + " bytes");
      }
    }
    return fields.toString();
  }

  private static String field(String fields, String name) {
    int at = ("\n" + fields).indexOf("\n" + name + ":");
    if (at < 0) {
      return null;
    }
    int end = fields.indexOf('\n', at);
    return fields.substring(at + name.length() + 1, end);
  }

  private static byte[] body(InputStream in, String fields) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    String encoding = field(fields, "transfer-encoding");
    String length = field(fields, "content-length");
    if (encoding != null && encoding.toLowerCase(Locale.ROOT).contains("chunked")) {
      while (body.size() < MAX_BODY) {
        String size = line(in);
        int semicolon = size.indexOf(';');
        int n;
        try {
          n = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).strip(), 16);
        } catch (NumberFormatException e) {
          throw new IOException("bad chunk size '" + Outputs.sanitize(size) + "'");
        }
        if (n == 0) {
          break; // trailers and the last CRLF are not needed
        }
        copy(in, body, n, false);
        line(in);
      }
    } else if (length != null) {
      long n;
      try {
        n = Long.parseLong(length.strip());
      } catch (NumberFormatException e) {
        throw new IOException("bad Content-Length '" + Outputs.sanitize(length) + "'");
      }
      copy(in, body, (int) Math.min(n, MAX_BODY), false);
    } else {
      copy(in, body, MAX_BODY, true);
    }
    return body.toByteArray();
  }

  private static void copy(InputStream in, ByteArrayOutputStream to, int n, boolean toEnd) throws IOException {
    byte[] buffer = new byte[8192];
    int left = Math.min(n, MAX_BODY - to.size());
    while (left > 0) {
      int read = in.read(buffer, 0, Math.min(buffer.length, left));
      if (read < 0) {
        if (toEnd) {
          return;
        }
        throw new EOFException("connection closed before the end of the body");
      }
      to.write(buffer, 0, read);
      left -= read;
    }
  }

  /** One line of the head, without its CRLF (or bare LF). */
  private static String line(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new EOFException(line.length() == 0 ? "connection closed without an answer" : "answer cut short");
      }
      if (line.length() > 65_536) {
        throw new IOException("a line of the answer is longer than 64 KiB");
      }
      line.append((char) c);
    }
    int end = line.length();
    return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
  }

  private static boolean isToken(String name) {
    if (name.isEmpty()) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok = c > ' ' && c < 127 && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** A socket's input whose every read waits at most until the probe's deadline. */
  private static final class DeadlineInput extends FilterInputStream {
    private final Socket socket;
    private final long deadline;

    DeadlineInput(Socket socket, long deadline) throws IOException {
      super(socket.getInputStream());
      this.socket = socket;
      this.deadline = deadline;
    }

    static int remaining(long deadline) throws SocketTimeoutException {
      long millis = (deadline - System.nanoTime()) / 1_000_000;
      if (millis <= 0) {
        throw new SocketTimeoutException("deadline passed");
      }
      return (int) Math.min(Integer.MAX_VALUE, millis);
    }

    @Override
    public int read() throws IOException {
      socket.setSoTimeout(remaining(deadline));
      return super.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      socket.setSoTimeout(remaining(deadline));
      return super.read(b, off, len);
    }
  }
}
