package dev.vitals;

import java.util.List;
import java.util.Map;

/**
 * One HTTP answer, independent of any server: status code, headers and body. Server adapters
 * only carry it. For a {@code HEAD} request {@link #body()} is empty and {@link #contentLength()}
 * is the length a GET would have had.
 *
 * @param status the HTTP status code
 * @param headers response headers, in order (name, value)
 * @param body the body bytes (shared; do not modify)
 * @param contentLength the length of the body a GET would carry
 */
public record HealthResponse(
    int status, List<Map.Entry<String, String>> headers, byte[] body, int contentLength) {

  /** The value of the first header named {@code name} (case-insensitive), or null. */
  public String header(String name) {
    for (Map.Entry<String, String> header : headers) {
      if (header.getKey().equalsIgnoreCase(name)) {
        return header.getValue();
      }
    }
    return null;
  }
}
