package dev.vitals.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vitals.CheckUris;
import dev.vitals.HealthCheck;
import dev.vitals.Result;
import dev.vitals.Status;
import dev.vitals.spi.CheckUri;
import dev.vitals.testing.Services;
import dev.vitals.testing.SilentServer;
import dev.vitals.testing.TcpProxy;
import dev.vitals.testing.Timing;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link S3Check} against s3rver on 127.0.0.1:4568 (scripts/services.sh s3rver: its keys are
 * S3RVER/S3RVER, it refuses other access keys, and it starts with the bucket {@code vitals-test}).
 */
class S3CheckTest {
  private static final String HOST = "127.0.0.1";
  private static final int PORT = 4568;
  private static final String ENDPOINT = "http://127.0.0.1:" + PORT;
  private static final String BUCKET = "vitals-test";
  private static final String WRONG_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

  private static void s3rverIsUp() {
    Services.require(HOST, PORT, "s3rver");
  }

  private static String uri(String credentials, String bucket, String endpoint) {
    return "s3://" + credentials + "@" + bucket + "?endpoint=" + endpoint;
  }

  @Test
  void passesWhenTheBucketExists() throws Exception {
    s3rverIsUp();
    HealthCheck check = S3Check.of("s3", uri("S3RVER:S3RVER", BUCKET, ENDPOINT)).build();

    assertThat(Timing.runWithinDeadline(check).status()).isEqualTo(Status.PASS);
  }

  @Test
  void checkUriMakesTheSameCheck() throws Exception {
    s3rverIsUp();
    HealthCheck check =
        CheckUris.create(uri("S3RVER:S3RVER", BUCKET, ENDPOINT) + "&timeout=500ms").build();

    assertThat(check.name()).isEqualTo("s3");
    assertThat(check.componentId()).isEqualTo(ENDPOINT + "/" + BUCKET);
    assertThat(Timing.runWithinDeadline(check).status()).isEqualTo(Status.PASS);
  }

  @Test
  void missingBucketFailsNamingIt() throws Exception {
    s3rverIsUp();
    Result result = Timing.runWithinDeadline(
        S3Check.of("s3", uri("S3RVER:S3RVER", "no-such-bucket", ENDPOINT)).build());

    assertThat(result.status()).isEqualTo(Status.FAIL);
    assertThat(result.output()).isEqualTo("s3 HEAD " + ENDPOINT
        + "/no-such-bucket: bucket 'no-such-bucket' not found (HTTP 404)");
  }

  @Test
  void wrongKeyIsAccessDeniedWithoutShowingTheKeyOrSignature() throws Exception {
    s3rverIsUp();
    // s3rver refuses an unknown access key (InvalidAccessKeyId, 403); it does not judge the
    // signature itself, which SigV4Test proves against AWS's own examples.
    S3Check s3 = S3Check.create(
        uri("AKIAIOSFODNN7EXAMPLE:" + WRONG_SECRET.replace("/", "%2F"), BUCKET, ENDPOINT));
    Result result = Timing.runWithinDeadline(s3.healthCheck("s3").build());

    assertThat(result.status()).isEqualTo(Status.FAIL);
    assertThat(result.output()).isEqualTo("s3 HEAD " + ENDPOINT + "/" + BUCKET
        + ": access denied to bucket '" + BUCKET
        + "' (HTTP 403): check the access key, the secret and the bucket's policy");
    assertThat(result.toString() + s3)
        .doesNotContain(WRONG_SECRET).doesNotContain("AKIAIOSFODNN7EXAMPLE").doesNotContain("Signature");
  }

  @Test
  void refusedConnectionFails() throws Exception {
    int port = Services.freePort();
    Result result = Timing.runWithinDeadline(
        S3Check.of("s3", uri("S3RVER:S3RVER", BUCKET, "http://127.0.0.1:" + port)).build());

    assertThat(result.status()).isEqualTo(Status.FAIL);
    assertThat(result.output())
        .startsWith("s3 HEAD http://127.0.0.1:" + port + "/" + BUCKET + ": ConnectException");
  }

  @Test
  void serverThatNeverAnswersFailsAtTheDeadline() throws Exception {
    try (SilentServer silent = new SilentServer()) {
      HealthCheck check = S3Check.of("s3",
              uri("S3RVER:S3RVER", BUCKET, "http://127.0.0.1:" + silent.port()))
          .timeout(Duration.ofMillis(400))
          .build();

      Result result = Timing.runWithinDeadline(check);

      assertThat(result.status()).isEqualTo(Status.FAIL);
      assertThat(result.output()).endsWith(": no response within 400 ms");
    }
  }

  @Test
  void frozenServerFailsAtTheDeadlineAndPassesAgainWhenThawed() throws Exception {
    s3rverIsUp();
    try (TcpProxy proxy = new TcpProxy(HOST, PORT)) {
      HealthCheck check = S3Check.of("s3",
              uri("S3RVER:S3RVER", BUCKET, "http://127.0.0.1:" + proxy.port()))
          .timeout(Duration.ofMillis(400))
          .build();
      assertThat(Timing.runWithinDeadline(check).status()).isEqualTo(Status.PASS);

      proxy.freeze();
      Result frozen = Timing.runWithinDeadline(check);
      proxy.thaw();

      assertThat(frozen.status()).isEqualTo(Status.FAIL);
      assertThat(frozen.output()).endsWith(": no response within 400 ms");
      assertThat(Timing.runWithinDeadline(check).status()).isEqualTo(Status.PASS);
    }
  }

  @Test
  void credentialsAndRegionComeFromTheEnvironmentWhenTheUriHasNone() {
    Map<String, String> env = Map.of("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE",
        "AWS_SECRET_ACCESS_KEY", WRONG_SECRET, "AWS_REGION", "eu-west-1",
        "AWS_SESSION_TOKEN", "session-token-x");

    S3Check check = S3Check.create(CheckUri.parse("s3://uploads"), env::get);

    assertThat(check.target()).hasToString("https://uploads.s3.eu-west-1.amazonaws.com/");
    assertThat(check.toString()).isEqualTo("S3Check{https://uploads.s3.eu-west-1.amazonaws.com/,"
        + " region eu-west-1}");
    assertThat(check.healthCheck("s3").build().componentId())
        .isEqualTo("https://uploads.s3.eu-west-1.amazonaws.com/");
  }

  @Test
  void addressingFollowsPathStyleAndTheUrisRegion() {
    Map<String, String> none = Map.of();

    assertThat(S3Check.create(CheckUri.parse("s3://a.b-c?region=ap-south-1&pathStyle=true"),
        none::get).target()).hasToString("https://s3.ap-south-1.amazonaws.com/a.b-c");
    assertThat(S3Check.create(CheckUri.parse("s3://media"), none::get).target())
        .hasToString("https://media.s3.us-east-1.amazonaws.com/");
    assertThat(S3Check.create(
        CheckUri.parse("s3://media?endpoint=https://minio.internal:443/s3/&pathStyle=false"),
        none::get).target()).hasToString("https://media.minio.internal/s3/");
    assertThat(S3Check.create(CheckUri.parse("s3://media?endpoint=http://%5B::1%5D:9000"),
        none::get).target()).hasToString("http://[::1]:9000/media");
  }

  @Test
  void badUrisAreRejectedNamingTheProblem() {
    Map<String, String> none = Map.of();

    assertThatThrownBy(() -> S3Check.create(CheckUri.parse("s3://media"), none::get)
        .healthCheck("s3"))
        .hasMessage("s3 bucket 'media' needs credentials: in the URI (s3://[accessKey:secret@]"
            + "bucket[?endpoint=…&region=…]), credentials(…), or AWS_ACCESS_KEY_ID and"
            + " AWS_SECRET_ACCESS_KEY");
    assertThatThrownBy(() -> S3Check.create("s3://k:s@Media"))
        .hasMessageStartingWith("bucket must be 3-63 lower-case letters");
    assertThatThrownBy(() -> S3Check.create("s3://k:s@media?acl=x"))
        .hasMessage("unknown parameter 'acl' in 's3://k:****@media?acl=x'");
    assertThatThrownBy(() -> S3Check.create("s3://k:s@media?endpoint=ftp://x"))
        .hasMessageStartingWith("endpoint must be http[s]://host[:port][/path]");
    assertThatThrownBy(() -> S3Check.create("s3://k:s@media?pathStyle=yes"))
        .hasMessage("pathStyle must be true or false, got 'yes'");
    assertThatThrownBy(() -> S3Check.create("s3://k:s@media?timeout=1s"))
        .hasMessageStartingWith("policy parameter 'timeout' is applied only by CheckUris.create");
  }

  @Test
  void statusesOtherThanFoundAndMissingSayWhatTheyMean() {
    S3Check check = S3Check.create(CheckUri.parse("s3://media"), Map.<String, String>of()::get);

    assertThat(check.verdict(301, "eu-central-1").output()).isEqualTo("s3 HEAD https://media.s3"
        + ".us-east-1.amazonaws.com/: bucket 'media' is in region eu-central-1, not us-east-1 (HTTP 301)");
    assertThat(check.verdict(500, null).output())
        .isEqualTo("s3 HEAD https://media.s3.us-east-1.amazonaws.com/: HTTP 500");
    assertThat(check.verdict(200, null).status()).isEqualTo(Status.PASS);
  }
}
