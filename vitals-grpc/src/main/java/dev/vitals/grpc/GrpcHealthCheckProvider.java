package dev.vitals.grpc;

import dev.vitals.HealthCheck;
import dev.vitals.spi.CheckProvider;
import dev.vitals.spi.CheckUri;
import java.util.Set;

/**
 * Makes {@link GrpcHealthCheck}s from {@code grpc://} and {@code grpcs://} check URIs, named
 * {@code grpc} unless the URI's {@code name} parameter says otherwise. Found by {@link
 * java.util.ServiceLoader}; applications never call it.
 */
public final class GrpcHealthCheckProvider implements CheckProvider {
  @Override
  public Set<String> schemes() {
    return Set.of("grpc", "grpcs");
  }

  @Override
  public HealthCheck.Builder create(CheckUri uri) {
    return GrpcHealthCheck.of("grpc", uri);
  }
}
