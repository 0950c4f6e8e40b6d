package dev.vitals.spi;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns check outputs and exceptions into one honest, safe line: no stack trace, no line
 * breaks, no credentials, bounded length. Every output the engine shows passes through here, so
 * checks may put a driver's exception text in a result without leaking what it quotes.
 */
public final class Outputs {
  /** The longest output shown, in characters; longer ones end in "…". */
  public static final int MAX_LENGTH = 240;

  private static final String MASK = "****";

  // Text beyond this is dropped before masking; only the first MAX_LENGTH characters are shown,
  // so a secret could only leak through the cut if it were longer than this.
  private static final int MAX_SCANNED = 65_536;
  // key=value and key: value pairs whose key names a secret (JDBC properties, query strings,
  // JSON-ish and header-ish text). The value runs to a delimiter.
  private static final Pattern SECRET_PAIR =
      Pattern.compile(
          "((?:(?i:(?<![A-Za-z])(?:password|passwd|pwd|pass|secret|token|api[_-]?key|apikey"
              + "|access[_-]?key|secret[_-]?key|private[_-]?key|client[_-]?secret|auth|credentials?"
              + "|sig|signature))"
              // camelCase names: trustStorePassword, dbPassword, clientSecret, apiToken
              + "|(?<=[a-z])(?:Password|Passwd|Pwd|Secret|Token|Key|Credentials?))"
              + "[\"']?\\s*[=:]\\s*[\"']?)"
              + "(?i)"
              // "using password: YES" (MariaDB) says whether, not what: booleans are not secrets.
              + "(?!(?:yes|no|true|false|null|none)\\b)([^\\s&;,\"'}\\]]+)");
  // Authorization header values and bare bearer/basic credentials.
  private static final Pattern AUTH_SCHEME =
      Pattern.compile("(?i)\\b(bearer|basic|digest)\\s+[A-Za-z0-9._~+/=-]{4,}");
  // The value of an Authorization header, however short, keeping a known scheme name.
  private static final Pattern AUTH_HEADER =
      Pattern.compile(
          "(?i)((?<![A-Za-z])authorization[\"']?\\s*[=:]\\s*[\"']?"
              + "(?:(?:basic|bearer|digest|token|negotiate|ntlm|dpop|aws4-hmac-sha256)\\s+)?)"
              + "[^\\s&;,\"'}\\]]+");
  // AWS access key ids.
  private static final Pattern AWS_KEY = Pattern.compile("\\b(?:AKIA|ASIA)[0-9A-Z]{16}\\b");

  private Outputs() {}

  /**
   * One line describing {@code error}: its type and message, and the root cause's when the
   * message is empty or only wraps it, sanitised like {@link #sanitize(String)}.
   */
  public static String describe(Throwable error) {
    Throwable shown = error;
    while (shown.getCause() != null
        && shown.getCause() != shown
        && (blank(shown.getMessage()) || shown.getMessage().equals(shown.getCause().toString()))) {
      shown = shown.getCause();
    }
    String type = shown.getClass().getSimpleName();
    if (type.isEmpty()) {
      type = shown.getClass().getName();
    }
    String message = shown.getMessage();
    return sanitize(blank(message) ? type : type + ": " + message);
  }

  /**
   * {@code text} made safe to show: credentials in URIs, secret-named parameters, authorization
   * values and access keys masked; control characters and line breaks turned into spaces; cut to
   * {@link #MAX_LENGTH} characters. Returns null for null.
   */
  public static String sanitize(String text) {
    if (text == null) {
      return null;
    }
    String s = text;
    if (s.length() > MAX_SCANNED) {
      s = s.substring(0, MAX_SCANNED);
    }
    s = oneLine(s);
    s = maskUserInfo(s);
    s = AUTH_SCHEME.matcher(s).replaceAll("$1 " + MASK);
    s = AUTH_HEADER.matcher(s).replaceAll("$1" + MASK);
    s = replacePairs(s);
    s = AWS_KEY.matcher(s).replaceAll(MASK);
    s = s.strip();
    if (s.length() > MAX_LENGTH) {
      s = s.substring(0, MAX_LENGTH - 1) + "…";
    }
    return s;
  }

  /**
   * Masks the password of {@code scheme://user:password@host}; the user name is kept, and the
   * password runs to the last '@' before the path, so a raw '@' in it is masked too. A scan, not a
   * regular expression, so that hostile text costs linear time: each authority ends at the next
   * '/' or whitespace, and every "://" holds a '/'.
   */
  private static String maskUserInfo(String s) {
    StringBuilder out = null;
    int copied = 0;
    int search = 0;
    int slashes;
    while ((slashes = s.indexOf("://", search)) >= 0) {
      int authority = slashes + 3;
      search = authority;
      if (slashes == 0 || !Character.isLetterOrDigit(s.charAt(slashes - 1))) {
        continue;
      }
      int end = authority;
      while (end < s.length() && s.charAt(end) != '/' && !Character.isWhitespace(s.charAt(end))) {
        end++;
      }
      int at = s.lastIndexOf('@', end - 1);
      int colon = s.indexOf(':', authority);
      if (at < authority || colon < 0 || colon > at) {
        continue; // no credentials, or a user name without a password
      }
      if (out == null) {
        out = new StringBuilder(s.length());
      }
      out.append(s, copied, colon + 1).append(MASK);
      copied = at;
      search = at;
    }
    return out == null ? s : out.append(s, copied, s.length()).toString();
  }

  private static String replacePairs(String s) {
    Matcher m = SECRET_PAIR.matcher(s);
    StringBuilder out = new StringBuilder(s.length());
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + MASK));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String oneLine(String s) {
    StringBuilder out = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
        if (out == null) {
          out = new StringBuilder(s.length()).append(s, 0, i);
        }
        if (out.length() == 0 || out.charAt(out.length() - 1) != ' ') {
          out.append(' ');
        }
      } else if (out != null) {
        out.append(c);
      }
    }
    return out == null ? s : out.toString();
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
