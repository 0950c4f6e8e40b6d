package dev.vitals.checks.internal;

import dev.vitals.HealthCheck;
import dev.vitals.checks.S3Check;
import dev.vitals.spi.CheckProvider;
import dev.vitals.spi.CheckUri;
import java.util.Set;

/**
 * {@code s3://[accessKey:secret@]bucket[?endpoint=…&region=…&pathStyle=…]}: a signed HeadBucket,
 * see {@link S3Check}. Credentials from the URI or the AWS environment variables. Default name
 * {@code s3}.
 */
public final class S3Provider implements CheckProvider {
  private static final Set<String> PARAMETERS = Set.of("endpoint", "region", "pathStyle");

  @Override
  public Set<String> schemes() {
    return Set.of("s3");
  }

  @Override
  public boolean accepts(String parameter) {
    return PARAMETERS.contains(parameter);
  }

  @Override
  public HealthCheck.Builder create(CheckUri uri) {
    return S3Check.of("s3", uri);
  }
}
