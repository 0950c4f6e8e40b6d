package dev.vitals.checks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Azure Storage Shared Key authorization (the Blob, Queue and File form, version 2009-09-19 and
 * later), as {@link AzureBlobCheck} sends it: the string to sign from the verb, the standard
 * headers, the canonicalized {@code x-ms-} headers and the canonicalized resource, signed with
 * HMAC-SHA256 under the base64-decoded account key.
 */
final class SharedKey {
  /** The standard headers of the string to sign, in its order. */
  private static final String[] STANDARD = {"content-encoding", "content-language",
      "content-length", "content-md5", "content-type", "date", "if-modified-since", "if-match",
      "if-none-match", "if-unmodified-since", "range"};

  private SharedKey() {}

  /**
   * The string to sign of a request: {@code headers} by lower-case name, {@code path} the
   * request's path as sent (the emulator's {@code /devstoreaccount1/container} included), {@code
   * query} its parameters, decoded.
   */
  static String stringToSign(String method, Map<String, String> headers, String account,
      String path, Map<String, String> query) {
    StringBuilder b = new StringBuilder(method).append('\n');
    for (String name : STANDARD) {
      String value = headers.getOrDefault(name, "");
      if (name.equals("content-length") && value.equals("0")) {
        value = ""; // since 2015-02-21 a zero length is signed as empty
      }
      b.append(value).append('\n');
    }
    SortedMap<String, String> ms = new TreeMap<>();
    headers.forEach((k, v) -> {
      if (k.startsWith("x-ms-")) {
        ms.put(k, v.strip());
      }
    });
    ms.forEach((k, v) -> b.append(k).append(':').append(v).append('\n'));
    b.append('/').append(account).append(path);
    SortedMap<String, String> params = new TreeMap<>();
    query.forEach((k, v) -> params.put(k.toLowerCase(Locale.ROOT), v));
    params.forEach((k, v) -> b.append('\n').append(k).append(':').append(v));
    return b.toString();
  }

  /** {@code SharedKey account:signature}. */
  static String authorization(String account, byte[] key, String stringToSign) {
    return "SharedKey " + account + ":" + signature(key, stringToSign);
  }

  /** The base64 HMAC-SHA256 of {@code stringToSign} under {@code key}. */
  static String signature(byte[] key, String stringToSign) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return Base64.getEncoder().encodeToString(
          mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
