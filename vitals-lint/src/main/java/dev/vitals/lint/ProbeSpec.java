package dev.vitals.lint;

import java.util.List;
import java.util.Map;

/**
 * One probe of a container as a manifest declares it, with Kubernetes' defaults filled in
 * (period 10 s, timeout 1 s, failure threshold 3, success threshold 1, no initial delay).
 *
 * @param handler {@code httpGet}, {@code tcpSocket}, {@code grpc} or {@code exec}
 * @param path the HTTP path ({@code httpGet} only, else null)
 * @param port the port, a number or a port name, as written (null if none)
 * @param scheme {@code HTTP} or {@code HTTPS} ({@code httpGet} only)
 * @param headers {@code httpHeaders} as name-value pairs, in order
 * @param command the {@code exec} command (else empty)
 * @param line the 1-based line of the probe in its file
 */
public record ProbeSpec(String handler, String path, String port, String scheme,
    List<Map.Entry<String, String>> headers, List<String> command, int initialDelaySeconds,
    int periodSeconds, int timeoutSeconds, int failureThreshold, int successThreshold, int line) {

  public static final int DEFAULT_PERIOD = 10;
  public static final int DEFAULT_TIMEOUT = 1;
  public static final int DEFAULT_FAILURE_THRESHOLD = 3;

  public ProbeSpec {
    headers = List.copyOf(headers);
    command = List.copyOf(command);
  }

  /**
   * The longest a failing start can last before this probe (as liveness) kills the container:
   * initialDelaySeconds + failureThreshold × periodSeconds.
   */
  public int toleranceSeconds() {
    return initialDelaySeconds + failureThreshold * periodSeconds;
  }

  /** Whether two probes ask the same thing the same way (handler, path, port, command, headers). */
  public boolean sameTarget(ProbeSpec other) {
    return handler.equals(other.handler)
        && java.util.Objects.equals(path, other.path)
        && java.util.Objects.equals(port, other.port)
        && command.equals(other.command)
        && headers.equals(other.headers);
  }
}
