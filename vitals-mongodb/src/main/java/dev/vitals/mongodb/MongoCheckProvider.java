package dev.vitals.mongodb;

import dev.vitals.HealthCheck;
import dev.vitals.spi.CheckProvider;
import dev.vitals.spi.CheckUri;
import java.util.Set;

/**
 * Makes {@link MongoCheck}s from {@code mongodb://} and {@code mongodb+srv://} check URIs, default
 * name {@code mongodb}: {@code mongodb://app:s3cret@db1,db2/orders?replicaSet=rs0&timeout=2s}.
 * Besides the policy parameters it understands {@code authSource}, {@code authMechanism}, {@code
 * tls}, {@code replicaSet} and {@code directConnection} (see {@link MongoCheck}). Found by {@link
 * java.util.ServiceLoader} through {@code META-INF/services}; applications do not use it directly.
 */
public final class MongoCheckProvider implements CheckProvider {

  /** For {@link java.util.ServiceLoader}. */
  public MongoCheckProvider() {}

  @Override
  public Set<String> schemes() {
    return Set.of("mongodb", "mongodb+srv");
  }

  @Override
  public boolean accepts(String parameter) {
    return MongoUri.PARAMETERS.contains(parameter);
  }

  @Override
  public HealthCheck.Builder create(CheckUri uri) {
    return MongoCheck.of("mongodb", uri);
  }
}
