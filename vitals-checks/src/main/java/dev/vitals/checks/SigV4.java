package dev.vitals.checks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4 for a request without a body, as {@link S3Check} sends it: the
 * canonical request, the string to sign, the derived signing key and the {@code Authorization}
 * value. Verified against AWS's published examples in {@code SigV4Test}. The path and query are
 * given already in canonical (URI-encoded, sorted) form; header values are trimmed.
 */
final class SigV4 {
  static final String ALGORITHM = "AWS4-HMAC-SHA256";
  /** The SHA-256 of an empty payload, as {@code x-amz-content-sha256} carries it. */
  static final String EMPTY_SHA256 =
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  private SigV4() {}

  /** The canonical request of a signed request. */
  static String canonicalRequest(String method, String path, String query,
      SortedMap<String, String> headers, String payloadHash) {
    StringBuilder b = new StringBuilder()
        .append(method).append('\n').append(path).append('\n').append(query).append('\n');
    for (Map.Entry<String, String> h : headers.entrySet()) {
      b.append(h.getKey()).append(':').append(h.getValue().strip()).append('\n');
    }
    return b.append('\n').append(signedHeaders(headers)).append('\n').append(payloadHash).toString();
  }

  /** {@code host;x-amz-date}: the signed header names, lower case, sorted. */
  static String signedHeaders(SortedMap<String, String> headers) {
    return String.join(";", headers.keySet());
  }

  /** {@code 20150830/us-east-1/service/aws4_request}. */
  static String scope(String amzDate, String region, String service) {
    return amzDate.substring(0, 8) + "/" + region + "/" + service + "/aws4_request";
  }

  static String stringToSign(String amzDate, String scope, String canonicalRequest) {
    return ALGORITHM + "\n" + amzDate + "\n" + scope + "\n" + hex(sha256(canonicalRequest));
  }

  /** The hex signature of {@code stringToSign} under the key derived from {@code secretKey}. */
  static String signature(String secretKey, String amzDate, String region, String service,
      String stringToSign) {
    byte[] key = hmac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), amzDate.substring(0, 8));
    key = hmac(key, region);
    key = hmac(key, service);
    key = hmac(key, "aws4_request");
    return hex(hmac(key, stringToSign));
  }

  /**
   * The {@code Authorization} header value for a request whose headers (lower-case names; host
   * and x-amz-date among them) are {@code headers}.
   */
  static String authorization(String accessKey, String secretKey, String region, String service,
      String method, String path, String query, Map<String, String> headers, String payloadHash) {
    SortedMap<String, String> sorted = new TreeMap<>(headers);
    String amzDate = sorted.get("x-amz-date");
    String scope = scope(amzDate, region, service);
    String toSign =
        stringToSign(amzDate, scope, canonicalRequest(method, path, query, sorted, payloadHash));
    return ALGORITHM + " Credential=" + accessKey + "/" + scope + ", SignedHeaders="
        + signedHeaders(sorted) + ", Signature="
        + signature(secretKey, amzDate, region, service, toSign);
  }

  static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
