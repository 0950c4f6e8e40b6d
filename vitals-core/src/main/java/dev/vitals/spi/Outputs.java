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
              + "(?:(?:basic|bearer|digest|token|negotiate|ntlm|dpop|aws4-hmac-sha256|sharedkey)\\s+)?)"
              + "[^\\s&;,\"'}\\]]+");
  // AWS access key ids.
  private static final Pattern AWS_KEY = Pattern.compile("\\b(?:AKIA|ASIA)[0-9A-Z]{16}\\b");
  // Bare AWS secret access keys: 40 base64 characters with upper and lower case letters and a
  // digit, so that a hex SHA-1 or a 40-letter identifier (a class or method name) is left alone.
  private static final Pattern AWS_SECRET = Pattern.compile(
      "(?<![A-Za-z0-9+/])(?=[A-Za-z0-9+/]{0,39}[A-Z])(?=[A-Za-z0-9+/]{0,39}[a-z])"
          + "(?=[A-Za-z0-9+/]{0,39}[0-9])[A-Za-z0-9+/]{40}(?![A-Za-z0-9+/=])");
  // Bare Azure Storage account keys: 64 bytes in base64, 86 characters and "==".
  private static final Pattern AZURE_KEY =
      Pattern.compile("(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{86}==");

  private Outputs() {}

  /**
   * One line describing {@code error}: its type and message, and the root cause's when the
   * message is empty or only wraps it, sanitised like {@link #sanitize(String)}.
   */
  public static String describe(Throwable error) {
    return describe(error, null);
  }

  /**
   * As {@link #describe(Throwable)}, with {@code secret} masked too, as {@link #sanitize(String,
   * String)} does: for a check that holds a password a server or driver may quote back.
   */
  public static String describe(Throwable error, String secret) {
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
    return sanitize(blank(message) ? type : type + ": " + message, secret);
  }

  /**
   * {@code text} made safe to show: credentials in URIs, secret-named parameters, authorization
   * values and access keys masked; control characters and line breaks turned into spaces; cut to
   * {@link #MAX_LENGTH} characters. Returns null for null.
   */
  public static String sanitize(String text) {
    return sanitize(text, null);
  }

  /**
   * As {@link #sanitize(String)}, with every occurrence of {@code secret} masked first: for a
   * check that holds a password (or token) a server may echo in its reply, e.g. Redis quoting
   * the arguments of a failed {@code AUTH}. A null or empty {@code secret} masks nothing more.
   */
  public static String sanitize(String text, String secret) {
    if (text == null) {
      return null;
    }
    String s = secret == null || secret.isEmpty() ? text : text.replace(secret, MASK);
    if (s.length() > MAX_SCANNED) {
      s = s.substring(0, MAX_SCANNED);
    }
    s = oneLine(s);
    s = maskUserInfo(s, false);
    s = AUTH_SCHEME.matcher(s).replaceAll("$1 " + MASK);
    s = AUTH_HEADER.matcher(s).replaceAll("$1" + MASK);
    s = replacePairs(s);
    s = AWS_KEY.matcher(s).replaceAll(MASK);
    s = AWS_SECRET.matcher(s).replaceAll(MASK);
    s = AZURE_KEY.matcher(s).replaceAll(MASK);
    s = s.strip();
    if (s.length() > MAX_LENGTH) {
      s = s.substring(0, MAX_LENGTH - 1) + "…";
    }
    return s;
  }

  /**
   * Masks the credentials of {@code scheme://user:password@host}, the one user-info mask: {@link
   * #sanitize(String)} uses it on free text, {@link CheckUri} on a check URI ({@code oneUri}).
   *
   * <p>The password runs from the user name's ':' to the last '@' of the authority, so a raw '@'
   * in it is masked too. In free text an authority ends at the next '/' or whitespace, and a
   * user name without a password is kept ({@code ssh://git@host}). A check URI is known to hold
   * credentials and nothing else: its authority is taken to run to its last '@' wherever that
   * is, since a raw space, '/', '?' or '#' in a password would end it early (masking a '@' of a
   * path or query with it is the price), and user info without a ':' is masked whole, being a
   * token as often as a name ({@code nats://t0k3n@host}).
   *
   * <p>A scan, not a regular expression, so that hostile text costs linear time: in free text
   * each authority ends at the next '/' or whitespace, and every "://" holds a '/'; a check URI
   * has one authority.
   */
  static String maskUserInfo(String s, boolean oneUri) {
    StringBuilder out = null;
    int copied = 0;
    int search = 0;
    int slashes;
    while ((slashes = s.indexOf("://", search)) >= 0) {
      int authority = slashes + 3;
      search = authority;
      if (!oneUri && (slashes == 0 || !Character.isLetterOrDigit(s.charAt(slashes - 1)))) {
        continue;
      }
      int end = oneUri ? s.length() : authority;
      while (end < s.length() && s.charAt(end) != '/' && !Character.isWhitespace(s.charAt(end))) {
        end++;
      }
      int at = s.lastIndexOf('@', end - 1);
      int colon = s.indexOf(':', authority);
      int from = colon >= 0 && colon < at ? colon + 1 : oneUri ? authority : -1;
      if (at >= authority && from >= 0) { // else no credentials, or a user name kept
        if (out == null) {
          out = new StringBuilder(s.length());
        }
        out.append(s, copied, from).append(MASK);
        copied = at;
        search = at;
      }
      if (oneUri) {
        break;
      }
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
