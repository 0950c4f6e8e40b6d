package dev.vitals.checks.internal;

import dev.vitals.HealthCheck;
import dev.vitals.checks.AzureBlobCheck;
import dev.vitals.spi.CheckProvider;
import dev.vitals.spi.CheckUri;
import java.util.Set;

/**
 * {@code azblob://[account[:key]@]container[?endpoint=…]}: Get Container Properties with a
 * Shared Key, see {@link AzureBlobCheck}. Account and key (or a SAS token) from the URI or the
 * {@code AZURE_STORAGE_*} environment variables. Default name {@code azblob}.
 */
public final class AzureBlobProvider implements CheckProvider {
  @Override
  public Set<String> schemes() {
    return Set.of("azblob");
  }

  @Override
  public boolean accepts(String parameter) {
    return parameter.equals("endpoint");
  }

  @Override
  public HealthCheck.Builder create(CheckUri uri) {
    return AzureBlobCheck.of("azblob", uri);
  }
}
