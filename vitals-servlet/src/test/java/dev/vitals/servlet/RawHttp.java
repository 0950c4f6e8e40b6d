package dev.vitals.servlet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A raw HTTP/1.1 client on a socket: any method (TRACE, PATCH, …), header fields exactly as
 * given (repeated ones too), and the answer exactly as the container sent it, so a HEAD answer
 * that carried a body, or a header that is missing, shows. One request per connection ({@code
 * Connection: close}); the answer is read to the end of the stream.
 */
final class RawHttp {
  private static final int TIMEOUT_MS = 30_000; // a bound so that a stuck test ends

  private RawHttp() {}

  /** One answer: status, header fields in order, body bytes (chunked coding removed). */
  record Answer(int status, List<Map.Entry<String, String>> headers, byte[] body) {
    /** The first field named {@code name} (case-insensitive), or null. */
    String header(String name) {
      List<String> values = headers(name);
      return values.isEmpty() ? null : values.get(0);
    }

    /** Every field named {@code name}, in order. */
    List<String> headers(String name) {
      List<String> values = new ArrayList<>();
      for (Map.Entry<String, String> field : headers) {
        if (field.getKey().equalsIgnoreCase(name)) {
          values.add(field.getValue());
        }
      }
      return values;
    }

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
      return status + " " + headers + " " + text();
    }
  }

  static Answer get(int port, String target, String... fields) throws IOException {
    return send(port, "GET", target, null, fields);
  }

  /**
   * Sends {@code method target} with {@code fields} ({@code "Name: value"}) and, when {@code
   * body} is not null, that body with its {@code Content-Length}.
   */
  static Answer send(int port, String method, String target, String body, String... fields)
      throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MS);
      socket.setSoTimeout(TIMEOUT_MS);
      StringBuilder head = new StringBuilder();
      head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
      head.append("Host: 127.0.0.1:").append(port).append("\r\n");
      head.append("Connection: close\r\n");
      for (String field : fields) {
        head.append(field).append("\r\n");
      }
      byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
      if (body != null) {
        head.append("Content-Length: ").append(content.length).append("\r\n");
      }
      head.append("\r\n");
      OutputStream out = socket.getOutputStream();
      out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.write(content);
      out.flush();
      return parse(socket.getInputStream().readAllBytes());
    }
  }

  private static Answer parse(byte[] bytes) throws IOException {
    int end = indexOf(bytes, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), 0);
    if (end < 0) {
      throw new IOException("no complete answer head in " + bytes.length + " bytes");
    }
    String[] lines = new String(bytes, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ", 3)[1]);
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.add(Map.entry(lines[i].substring(0, colon), lines[i].substring(colon + 1).strip()));
    }
    byte[] body = Arrays.copyOfRange(bytes, end + 4, bytes.length);
    Answer answer = new Answer(status, headers, body);
    if ("chunked".equalsIgnoreCase(answer.header("Transfer-Encoding"))) {
      answer = new Answer(status, headers, dechunk(body));
    }
    return answer;
  }

  private static byte[] dechunk(byte[] chunked) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int at = 0;
    byte[] crlf = "\r\n".getBytes(StandardCharsets.ISO_8859_1);
    while (true) {
      int lineEnd = indexOf(chunked, crlf, at);
      String sizeLine = new String(chunked, at, lineEnd - at, StandardCharsets.ISO_8859_1);
      int size = Integer.parseInt(sizeLine.split(";")[0].strip(), 16);
      if (size == 0) {
        return out.toByteArray();
      }
      out.write(chunked, lineEnd + 2, size);
      at = lineEnd + 2 + size + 2;
    }
  }

  private static int indexOf(byte[] bytes, byte[] sought, int from) {
    outer:
    for (int i = from; i <= bytes.length - sought.length; i++) {
      for (int j = 0; j < sought.length; j++) {
        if (bytes[i + j] != sought[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
