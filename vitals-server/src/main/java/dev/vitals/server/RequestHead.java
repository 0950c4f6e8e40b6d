package dev.vitals.server;

import java.nio.charset.StandardCharsets;

/**
 * One parsed HTTP/1.x request head (RFC 9112), strict where leniency would let a request mean two
 * things: exactly one space between the request-line's parts, no whitespace before a header's
 * colon, no obsolete line folding, no control characters, one Host, one Authorization, one
 * Content-Length, and never both Content-Length and Transfer-Encoding. Lines may end in CRLF or a
 * bare LF. Only the fields the health endpoints use are kept; list fields given more than once
 * ({@code X-Forwarded-For}, {@code Accept}) are joined in order, and like every field they fit in
 * the head's {@link #LIMIT}.
 */
final class RequestHead {
  /** The most bytes a request head (request-line and headers) may take. */
  static final int LIMIT = 8192;
  /** The most header fields a request may carry. */
  static final int MAX_FIELDS = 100;

  final String method;
  /** The path and query, from origin-form or absolute-form. */
  final String target;
  final boolean http10;
  final String authorization;
  final String forwardedFor;
  /** Every {@code Accept} field joined with {@code ", "}, or null. */
  final String accept;
  /** The body's length, 0 without one; -1 for a chunked body (which is never read). */
  final long contentLength;
  /** True when the client asked to close, or is HTTP/1.0 without keep-alive. */
  final boolean close;
  /** True when the client waits for "100 Continue" before sending its body. */
  final boolean expectsContinue;
  /** Offset just past the head's blank line. */
  final int end;

  private RequestHead(
      String method, String target, boolean http10, String authorization, String forwardedFor,
      String accept, long contentLength, boolean close, boolean expectsContinue, int end) {
    this.method = method;
    this.target = target;
    this.http10 = http10;
    this.authorization = authorization;
    this.forwardedFor = forwardedFor;
    this.accept = accept;
    this.contentLength = contentLength;
    this.close = close;
    this.expectsContinue = expectsContinue;
    this.end = end;
  }

  /** A request this server answers with {@code status} and then closes the connection. */
  static final class Rejected extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;

    Rejected(int status, String reason) {
      super(reason, null, false, false);
      this.status = status;
    }
  }

  /**
   * Where the head that starts at {@code from} ends (just past its blank line), or -1 if
   * {@code buf[from, to)} does not hold all of it yet. Scanning resumes at {@code scanned}, the
   * {@code to} of the previous call on the same head, so a head trickled in byte by byte costs
   * linear time.
   */
  static int find(byte[] buf, int from, int to, int scanned) {
    for (int i = Math.max(from, scanned); i < to; i++) {
      if (buf[i] != '\n') {
        continue;
      }
      if (i - 1 >= from && buf[i - 1] == '\n') {
        return i + 1;
      }
      if (i - 2 >= from && buf[i - 1] == '\r' && buf[i - 2] == '\n') {
        return i + 1;
      }
    }
    return -1;
  }

  /** Parses the head in {@code buf[from, end)}, where {@code end} came from {@link #find}. */
  static RequestHead parse(byte[] buf, int from, int end) {
    int lineEnd = lineEnd(buf, from, end);
    int sp1 = indexOf(buf, from, lineEnd, (byte) ' ');
    int sp2 = sp1 < 0 ? -1 : indexOf(buf, sp1 + 1, lineEnd, (byte) ' ');
    if (sp1 <= from || sp2 <= sp1 + 1 || indexOf(buf, sp2 + 1, lineEnd, (byte) ' ') >= 0) {
      throw new Rejected(400, "malformed request line");
    }
    requireToken(buf, from, sp1, "malformed method");
    for (int i = sp1 + 1; i < sp2; i++) {
      if (buf[i] < 0x21 || buf[i] > 0x7e) {
        throw new Rejected(400, "malformed request target");
      }
    }
    boolean http10 = version(buf, sp2 + 1, lineEnd);
    String method = ascii(buf, from, sp1);
    String target = target(ascii(buf, sp1 + 1, sp2));

    int hosts = 0;
    int fields = 0;
    String authorization = null;
    String forwardedFor = null;
    String accept = null;
    String length = null;
    String transfer = null;
    boolean close = http10;
    boolean expectsContinue = false;
    for (int line = next(buf, lineEnd, end); ; line = next(buf, lineEnd, end)) {
      lineEnd = lineEnd(buf, line, end);
      if (lineEnd == line) {
        break; // the blank line
      }
      if (++fields > MAX_FIELDS) {
        throw new Rejected(431, "more than " + MAX_FIELDS + " header fields");
      }
      int colon = indexOf(buf, line, lineEnd, (byte) ':');
      if (colon <= line) {
        throw new Rejected(400, buf[line] == ' ' || buf[line] == '\t'
            ? "obsolete line folding" : "malformed header field");
      }
      requireToken(buf, line, colon, "malformed header field name");
      int valueFrom = colon + 1;
      int valueTo = lineEnd;
      while (valueFrom < valueTo && (buf[valueFrom] == ' ' || buf[valueFrom] == '\t')) {
        valueFrom++;
      }
      while (valueTo > valueFrom && (buf[valueTo - 1] == ' ' || buf[valueTo - 1] == '\t')) {
        valueTo--;
      }
      for (int i = valueFrom; i < valueTo; i++) {
        int b = buf[i] & 0xff;
        if ((b < 0x20 && b != '\t') || b == 0x7f) {
          throw new Rejected(400, "control character in a header field");
        }
      }
      switch (colon - line) {
        case 4:
          if (named(buf, line, "host")) {
            hosts++;
          }
          break;
        case 6:
          if (named(buf, line, "expect")) {
            if (!ascii(buf, valueFrom, valueTo).equalsIgnoreCase("100-continue")) {
              throw new Rejected(417, "only 100-continue is understood");
            }
            expectsContinue = true;
          } else if (named(buf, line, "accept")) {
            accept = append(accept, ascii(buf, valueFrom, valueTo));
          }
          break;
        case 10:
          if (named(buf, line, "connection")) {
            String value = ascii(buf, valueFrom, valueTo);
            close = listed(value, "close") || (http10 && !listed(value, "keep-alive"));
          }
          break;
        case 13:
          if (named(buf, line, "authorization")) {
            authorization = once(authorization, ascii(buf, valueFrom, valueTo), "Authorization");
          }
          break;
        case 14:
          if (named(buf, line, "content-length")) {
            length = once(length, ascii(buf, valueFrom, valueTo), "Content-Length");
          }
          break;
        case 15:
          if (named(buf, line, "x-forwarded-for")) {
            forwardedFor = append(forwardedFor, ascii(buf, valueFrom, valueTo));
          }
          break;
        case 17:
          if (named(buf, line, "transfer-encoding")) {
            transfer = append(transfer, ascii(buf, valueFrom, valueTo));
          }
          break;
        default:
          break;
      }
    }
    if (hosts > 1 || (hosts == 0 && !http10)) {
      throw new Rejected(400, hosts == 0 ? "missing Host field" : "more than one Host field");
    }
    long contentLength = 0;
    if (transfer != null) {
      if (length != null) {
        throw new Rejected(400, "both Content-Length and Transfer-Encoding");
      }
      if (http10 || !transfer.equalsIgnoreCase("chunked")) {
        throw new Rejected(501, "unsupported Transfer-Encoding");
      }
      contentLength = -1;
    } else if (length != null) {
      contentLength = contentLength(length);
    }
    return new RequestHead(method, target, http10, authorization, forwardedFor, accept,
        contentLength, close, expectsContinue, end);
  }

  /** True for HTTP/1.0, false for HTTP/1.1 (and any later 1.x, read as 1.1). */
  private static boolean version(byte[] buf, int from, int to) {
    if (to - from != 8 || buf[from] != 'H' || buf[from + 1] != 'T' || buf[from + 2] != 'T'
        || buf[from + 3] != 'P' || buf[from + 4] != '/' || buf[from + 6] != '.'
        || !digit(buf[from + 5]) || !digit(buf[from + 7])) {
      throw new Rejected(400, "malformed HTTP version");
    }
    if (buf[from + 5] != '1') {
      throw new Rejected(505, "only HTTP/1.x is served");
    }
    return buf[from + 7] == '0';
  }

  /** The path and query of an origin-form or absolute-form target; others are rejected. */
  private static String target(String target) {
    if (target.charAt(0) == '/' || target.equals("*")) {
      return target;
    }
    int scheme = target.indexOf("://");
    String name = scheme < 0 ? "" : target.substring(0, scheme);
    if (name.equalsIgnoreCase("http") || name.equalsIgnoreCase("https")) {
      int path = target.indexOf('/', scheme + 3);
      return path < 0 ? "/" : target.substring(path);
    }
    throw new Rejected(400, "malformed request target");
  }

  private static long contentLength(String value) {
    if (value.isEmpty() || value.length() > 18) {
      throw new Rejected(value.isEmpty() ? 400 : 413, "bad Content-Length");
    }
    long length = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') {
        throw new Rejected(400, "bad Content-Length");
      }
      length = length * 10 + (c - '0');
    }
    return length;
  }

  /** {@code value}, unless a field that may appear once already gave {@code previous}. */
  private static String once(String previous, String value, String field) {
    if (previous != null) {
      throw new Rejected(400, "more than one " + field + " field");
    }
    return value;
  }

  /** A list field's values so far with {@code value} added: repeated fields are one list. */
  private static String append(String list, String value) {
    return list == null ? value : list + ", " + value;
  }

  private static void requireToken(byte[] buf, int from, int to, String reason) {
    for (int i = from; i < to; i++) {
      if (!token(buf[i])) {
        throw new Rejected(400, reason);
      }
    }
  }

  /** Whether the comma-separated list {@code value} holds {@code token} (case-insensitive). */
  private static boolean listed(String value, String token) {
    for (String item : value.split(",")) {
      if (item.strip().equalsIgnoreCase(token)) {
        return true;
      }
    }
    return false;
  }

  /** The end of the line starting at {@code from}, before its CRLF or LF. */
  private static int lineEnd(byte[] buf, int from, int end) {
    int lf = indexOf(buf, from, end, (byte) '\n');
    return lf > from && buf[lf - 1] == '\r' ? lf - 1 : lf;
  }

  /** The start of the line after the one ending at {@code lineEnd}. */
  private static int next(byte[] buf, int lineEnd, int end) {
    return buf[lineEnd] == '\r' ? lineEnd + 2 : lineEnd + 1;
  }

  static int indexOf(byte[] buf, int from, int to, byte b) {
    for (int i = from; i < to; i++) {
      if (buf[i] == b) {
        return i;
      }
    }
    return -1;
  }

  private static boolean named(byte[] buf, int from, String lowerName) {
    for (int i = 0; i < lowerName.length(); i++) {
      int b = buf[from + i];
      if (b >= 'A' && b <= 'Z') {
        b += 'a' - 'A';
      }
      if (b != lowerName.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static boolean digit(byte b) {
    return b >= '0' && b <= '9';
  }

  /** A tchar of RFC 9110: the characters of methods and field names. */
  private static boolean token(byte b) {
    return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || digit(b)
        || (b > 0x20 && b < 0x7f && "!#$%&'*+-.^_`|~".indexOf(b) >= 0);
  }

  private static String ascii(byte[] buf, int from, int to) {
    return new String(buf, from, to - from, StandardCharsets.ISO_8859_1);
  }
}
