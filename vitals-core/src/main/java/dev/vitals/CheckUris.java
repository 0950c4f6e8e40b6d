package dev.vitals;

import dev.vitals.spi.CheckProvider;
import dev.vitals.spi.CheckUri;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * Turns check URIs into registrations, through the {@link CheckProvider}s on the class path.
 *
 * <pre>{@code
 * Vitals.builder()
 *     .check(CheckUris.create("postgresql://app:secret@db:5432/notes?timeout=500ms"))
 *     .check(CheckUris.create("redis://cache:6379?critical=false&interval=5s"))
 *     .build();
 * }</pre>
 *
 * <p>Policy parameters: {@code name}, {@code timeout} (default 1s), {@code interval}, {@code
 * recoveryInterval} (the interval while failing), {@code ttl} (on demand), {@code staleAfter}
 * (durations such as {@code 500ms}, {@code 5s}), {@code critical} ({@code true}/{@code false}),
 * {@code probe} ({@code liveness}, {@code readiness}, {@code startup}, comma-separated), {@code
 * failureThreshold}, {@code successThreshold}. An unknown scheme, an unknown parameter or a bad
 * value is an {@link IllegalArgumentException} naming it.
 */
public final class CheckUris {
  private final Map<String, CheckProvider> providers;

  private CheckUris(Map<String, CheckProvider> providers) {
    this.providers = providers;
  }

  /** The providers found by {@link ServiceLoader} through this class's class loader. */
  public static CheckUris loaded() {
    return of(ServiceLoader.load(CheckProvider.class, CheckUris.class.getClassLoader()));
  }

  /** These providers; a scheme claimed twice is an error. */
  public static CheckUris of(Iterable<? extends CheckProvider> providers) {
    Map<String, CheckProvider> byScheme = new TreeMap<>();
    for (CheckProvider provider : providers) {
      for (String scheme : provider.schemes()) {
        CheckProvider other = byScheme.putIfAbsent(scheme.toLowerCase(Locale.ROOT), provider);
        if (other != null) {
          throw new IllegalStateException("scheme " + scheme + " is claimed by both "
              + other.getClass().getName() + " and " + provider.getClass().getName());
        }
      }
    }
    return new CheckUris(byScheme);
  }

  /** A registration for {@code uri} from the providers on the class path. */
  public static HealthCheck.Builder create(String uri) {
    return loaded().builder(uri);
  }

  /** The schemes these providers handle, sorted. */
  public java.util.Set<String> schemes() {
    return providers.keySet();
  }

  /** A registration for {@code uri}, its policy parameters applied. */
  public HealthCheck.Builder builder(String uri) {
    return builder(CheckUri.parse(uri));
  }

  /** A registration for {@code uri}, its policy parameters applied. */
  public HealthCheck.Builder builder(CheckUri uri) {
    CheckProvider provider = providers.get(uri.scheme());
    if (provider == null) {
      throw new IllegalArgumentException("unknown check URI scheme '" + uri.scheme() + "' in '"
          + uri + "'; known schemes: " + String.join(", ", providers.keySet()));
    }
    uri.requireKnownParameters(provider::accepts);
    // The URI's timeout is the registration's, and so the deadline the check's I/O reads;
    // without one, the registration's default (HealthCheck.DEFAULT_TIMEOUT).
    HealthCheck.Builder builder = provider.create(uri);
    try {
      apply(uri, builder);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage() + " (in '" + uri + "')", e);
    }
    return builder;
  }

  private static void apply(CheckUri uri, HealthCheck.Builder builder) {
    if (uri.parameter("timeout") != null) {
      builder.timeout(duration(uri, "timeout", null));
    }
    String name = uri.parameter("name");
    if (name != null) {
      builder.name(name);
    }
    if (uri.parameter("interval") != null) {
      builder.interval(duration(uri, "interval", null));
    }
    if (uri.parameter("recoveryInterval") != null) {
      builder.recoveryInterval(duration(uri, "recoveryInterval", null));
    }
    if (uri.parameter("ttl") != null) {
      builder.onDemand(duration(uri, "ttl", null));
    }
    if (uri.parameter("staleAfter") != null) {
      builder.staleAfter(duration(uri, "staleAfter", null));
    }
    String critical = uri.parameter("critical");
    if (critical != null) {
      if (!critical.equals("true") && !critical.equals("false")) {
        throw new IllegalArgumentException("critical must be true or false, got '" + critical + "'");
      }
      builder.critical(Boolean.parseBoolean(critical));
    }
    String probe = uri.parameter("probe");
    if (probe != null) {
      ArrayList<Probe> probes = new ArrayList<>();
      for (String label : probe.split(",")) {
        probes.add(probe(label.strip()));
      }
      builder.probes(probes.toArray(Probe[]::new));
    }
    if (uri.parameter("failureThreshold") != null) {
      builder.failureThreshold(integer(uri, "failureThreshold"));
    }
    if (uri.parameter("successThreshold") != null) {
      builder.successThreshold(integer(uri, "successThreshold"));
    }
  }

  private static Probe probe(String label) {
    for (Probe probe : Probe.values()) {
      if (probe.label().equals(label)) {
        return probe;
      }
    }
    throw new IllegalArgumentException(
        "probe must be liveness, readiness or startup, got '" + label + "'");
  }

  private static Duration duration(CheckUri uri, String parameter, Duration fallback) {
    String value = uri.parameter(parameter);
    return value == null ? fallback : Durations.parse(parameter, value);
  }

  private static int integer(CheckUri uri, String parameter) {
    String value = uri.parameter(parameter);
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(parameter + " must be a whole number, got '" + value + "'");
    }
  }
}
