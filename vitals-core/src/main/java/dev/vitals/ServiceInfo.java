package dev.vitals;

/**
 * What a detailed health+json answer says about the service itself: {@code version},
 * {@code releaseId}, {@code serviceId} and {@code description}. Any field may be null.
 */
public record ServiceInfo(String version, String releaseId, String serviceId, String description) {
  static final ServiceInfo NONE = new ServiceInfo(null, null, null, null);
}
