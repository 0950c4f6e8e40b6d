package dev.vitals.checks;

import dev.vitals.Check;
import dev.vitals.HealthCheck;
import dev.vitals.Result;
import dev.vitals.spi.CheckUri;
import dev.vitals.spi.Deadline;
import dev.vitals.spi.Outputs;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Checks an S3 bucket, on AWS or any S3-compatible store (MinIO, Ceph, s3rver…): a HeadBucket
 * ({@code HEAD} of the bucket) signed with AWS Signature Version 4, which proves the endpoint
 * answers, the bucket exists and the credentials may use it, without listing or reading an
 * object.
 *
 * <pre>{@code
 * Vitals.builder()
 *     .check(S3Check.of("uploads", "s3://uploads-prod?region=eu-west-1"))    // keys from AWS_*
 *     .check(S3Check.create("s3://media?endpoint=http://minio:9000")
 *         .credentials(accessKey, secretKey)
 *         .healthCheck("media").critical(false))
 *     .build();
 * }</pre>
 *
 * <p><b>Where.</b> Without {@code endpoint}, AWS in {@code region}: virtual-host style ({@code
 * https://bucket.s3.region.amazonaws.com/}). With an {@code endpoint} ({@code
 * http://127.0.0.1:9000}, a path prefix allowed), path style ({@code endpoint/bucket}), as most
 * S3-compatible stores expect; {@link #pathStyle(boolean)} chooses either way explicitly. The
 * region is the URI's {@code region}, else {@link #region(String)}, else {@code AWS_REGION}, else
 * {@code AWS_DEFAULT_REGION}, else {@code us-east-1}.
 *
 * <p><b>Credentials.</b> The URI's user info ({@code s3://ACCESS_KEY:SECRET@bucket}, the secret
 * percent-encoded), else {@link #credentials(String, String)}, else the environment's {@code
 * AWS_ACCESS_KEY_ID} and {@code AWS_SECRET_ACCESS_KEY}, read when the check is created; a session
 * token from {@link #sessionToken(String)} or {@code AWS_SESSION_TOKEN} goes with environment or
 * builder credentials. Neither key nor signature ever appears in an output or {@code
 * toString()}.
 *
 * <p><b>Verdicts.</b> 200 passes. 404 fails naming the bucket; 403 says access was denied; a
 * bucket in another region says which ({@code x-amz-bucket-region}); any other status fails
 * with it. HEAD answers carry no body, so S3's error code is not available.
 *
 * <p><b>Time.</b> One request per run, its timeout the time left before the registration's
 * deadline ({@link Deadline#current()}), covering connect, TLS and the answer. The host name is
 * resolved first within the same deadline, as {@link HttpCheck} does. Each check owns one {@link
 * HttpClient}, built on its first run.
 */
public final class S3Check implements Check {
  /** The parameters of an {@code s3://} URI that are the check's. */
  static final Set<String> PARAMETERS = Set.of("endpoint", "region", "pathStyle");
  private static final String FORM = "s3://[accessKey:secret@]bucket[?endpoint=…&region=…]";
  // Lower-case letters, digits, '.', '-': 3 to 63 characters (S3's rules, minus the legacy ones).
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
  private static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private final String bucket;
  private final URI endpoint; // null: AWS
  private final String region;
  private final Boolean pathStyle; // null: path style exactly when an endpoint is given
  private final String accessKey;
  private final String secretKey;
  private final String sessionToken;
  private final StorageHead head = new StorageHead();

  private S3Check(String bucket, URI endpoint, String region, Boolean pathStyle, String accessKey,
      String secretKey, String sessionToken) {
    this.bucket = bucket;
    this.endpoint = endpoint;
    this.region = region;
    this.pathStyle = pathStyle;
    this.accessKey = accessKey;
    this.secretKey = secretKey;
    this.sessionToken = sessionToken;
  }

  /**
   * A registration named {@code name} for {@code s3://[accessKey:secret@]bucket[?endpoint=…&
   * region=…&pathStyle=true|false]}: componentType {@code datastore}, componentId the bucket's
   * URL. Policy parameters belong to {@link dev.vitals.CheckUris} and are rejected here.
   *
   * @throws IllegalArgumentException for a malformed URI, an unknown parameter or no credentials
   */
  public static HealthCheck.Builder of(String name, String uri) {
    return create(uri).healthCheck(name);
  }

  /** A registration named {@code name} for a parsed {@code s3://} URI, as the provider makes it. */
  public static HealthCheck.Builder of(String name, CheckUri uri) {
    return create(uri).healthCheck(name);
  }

  /** The bare check of {@code uri}, to configure before {@link #healthCheck(String)}. */
  public static S3Check create(String uri) {
    return create(CheckUri.parse(Objects.requireNonNull(uri, "uri")).requireNoPolicy());
  }

  /** The bare check of a parsed {@code s3://} URI. */
  public static S3Check create(CheckUri uri) {
    return create(uri, System::getenv);
  }

  /** As {@link #create(CheckUri)}, reading the environment through {@code env}. */
  static S3Check create(CheckUri uri, UnaryOperator<String> env) {
    Objects.requireNonNull(uri, "uri");
    if (!uri.scheme().equals("s3")) {
      throw new IllegalArgumentException("s3 URI must start with s3://: " + FORM);
    }
    uri.requireKnownParameters(PARAMETERS::contains);
    String bucket = uri.host();
    if (bucket == null || bucket.isEmpty()) {
      throw new IllegalArgumentException("s3 URI needs a bucket: " + FORM);
    }
    if (!uri.path().isEmpty() && !uri.path().equals("/")) {
      throw new IllegalArgumentException("s3 URI must not have a path: " + FORM);
    }
    S3Check check = new S3Check(bucket(bucket), null, null, null, null, null,
        blankToNull(env.apply("AWS_SESSION_TOKEN")));
    String region = uri.parameter("region");
    if (region == null) {
      region = blankToNull(env.apply("AWS_REGION"));
    }
    if (region == null) {
      region = blankToNull(env.apply("AWS_DEFAULT_REGION"));
    }
    check = check.region(region == null ? "us-east-1" : region);
    if (uri.parameter("endpoint") != null) {
      check = check.endpoint(uri.parameter("endpoint"));
    }
    String style = uri.parameter("pathStyle");
    if (style != null) {
      if (!style.equals("true") && !style.equals("false")) {
        throw new IllegalArgumentException("pathStyle must be true or false, got '" + style + "'");
      }
      check = check.pathStyle(Boolean.parseBoolean(style));
    }
    if (uri.user() != null || uri.password() != null) {
      if (uri.user() == null || uri.password() == null) {
        throw new IllegalArgumentException(
            "s3 URI needs both an access key and a secret, or neither: " + FORM);
      }
      return check.credentials(uri.user(), uri.password()).sessionToken(null);
    }
    String id = blankToNull(env.apply("AWS_ACCESS_KEY_ID"));
    String secret = blankToNull(env.apply("AWS_SECRET_ACCESS_KEY"));
    return id != null && secret != null ? check.credentials(id, secret) : check;
  }

  /** This check signing with {@code accessKey} and {@code secretKey}. */
  public S3Check credentials(String accessKey, String secretKey) {
    if (accessKey == null || accessKey.isBlank()) {
      throw new IllegalArgumentException("accessKey must not be blank");
    }
    if (secretKey == null || secretKey.isBlank()) {
      throw new IllegalArgumentException("secretKey must not be blank");
    }
    return new S3Check(bucket, endpoint, region, pathStyle, accessKey, secretKey, sessionToken);
  }

  /** This check sending {@code token} as {@code x-amz-security-token}; null for none. */
  public S3Check sessionToken(String token) {
    return new S3Check(bucket, endpoint, region, pathStyle, accessKey, secretKey,
        blankToNull(token));
  }

  /** This check signing for {@code region} ({@code eu-west-1}). */
  public S3Check region(String region) {
    if (region == null || !region.matches("[a-z0-9-]{1,32}")) {
      throw new IllegalArgumentException(
          "region must be lower-case letters, digits and '-', such as eu-west-1: '"
              + Outputs.sanitize(String.valueOf(region)) + "'");
    }
    return new S3Check(bucket, endpoint, region, pathStyle, accessKey, secretKey, sessionToken);
  }

  /**
   * This check asking {@code url} ({@code http://127.0.0.1:9000}, {@code https://s3.example.com},
   * a path prefix allowed) instead of AWS; path style unless {@link #pathStyle(boolean)} says
   * otherwise.
   */
  public S3Check endpoint(String url) {
    CheckUri parsed = CheckUri.parse(Objects.requireNonNull(url, "endpoint"));
    if (!parsed.scheme().equals("http") && !parsed.scheme().equals("https")
        || parsed.host() == null || parsed.host().isEmpty()
        || parsed.user() != null || parsed.password() != null || parsed.rawQuery() != null) {
      throw new IllegalArgumentException(
          "endpoint must be http[s]://host[:port][/path] without user info or query: '"
              + Outputs.sanitize(url) + "'");
    }
    String path = parsed.rawPath();
    if (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    URI target = URI.create(parsed.scheme() + "://" + authority(parsed.scheme(), parsed.host(),
        parsed.port(-1)) + path);
    return new S3Check(bucket, target, region, pathStyle, accessKey, secretKey, sessionToken);
  }

  /**
   * This check addressing the bucket in the path ({@code true}: {@code endpoint/bucket}) or in
   * the host name ({@code false}: {@code bucket.endpoint-host/}).
   */
  public S3Check pathStyle(boolean pathStyle) {
    return new S3Check(bucket, endpoint, region, pathStyle, accessKey, secretKey, sessionToken);
  }

  /**
   * A registration of this check: componentType {@code datastore}, componentId the bucket's URL.
   *
   * @throws IllegalArgumentException when no credentials were found
   */
  public HealthCheck.Builder healthCheck(String name) {
    if (accessKey == null) {
      throw new IllegalArgumentException("s3 bucket '" + bucket + "' needs credentials: in the URI ("
          + FORM + "), credentials(…), or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY");
    }
    return HealthCheck.builder(name, this).componentType("datastore").componentId(target().toString());
  }

  @Override
  public Result check() throws InterruptedException {
    if (accessKey == null) {
      return Result.fail(where() + ": no credentials");
    }
    URI target = target();
    return head.send(where(), target, Deadline.current(), () -> {
      Map<String, String> signed = new LinkedHashMap<>();
      signed.put("host", target.getRawAuthority());
      signed.put("x-amz-content-sha256", SigV4.EMPTY_SHA256);
      signed.put("x-amz-date", AMZ_DATE.format(Instant.now()));
      if (sessionToken != null) {
        signed.put("x-amz-security-token", sessionToken);
      }
      String authorization = SigV4.authorization(accessKey, secretKey, region, "s3", "HEAD",
          target.getRawPath(), "", signed, SigV4.EMPTY_SHA256);
      Map<String, String> sent = new LinkedHashMap<>(signed);
      sent.remove("host"); // HttpClient sets it (a restricted header)
      sent.put("Authorization", authorization);
      return sent;
    }, secretKey, (status, headers) ->
        verdict(status, headers.firstValue("x-amz-bucket-region").orElse(null)));
  }

  /** The verdict on HeadBucket's {@code status}; {@code bucketRegion} from its header, or null. */
  Result verdict(int status, String bucketRegion) {
    if (status >= 200 && status < 300) {
      return Result.pass();
    }
    if (status == 404) {
      return Result.fail(where() + ": bucket '" + bucket + "' not found (HTTP 404)");
    }
    if (status == 403) {
      return Result.fail(where() + ": access denied to bucket '" + bucket
          + "' (HTTP 403): check the access key, the secret and the bucket's policy");
    }
    if (bucketRegion != null && !bucketRegion.equals(region)) {
      return Result.fail(where() + ": bucket '" + bucket + "' is in region "
          + Outputs.sanitize(bucketRegion) + ", not " + region + " (HTTP " + status + ")");
    }
    return Result.fail(where() + ": HTTP " + status);
  }

  /** The URL of the HeadBucket request. */
  URI target() {
    boolean path = pathStyle != null ? pathStyle : endpoint != null;
    if (endpoint == null) {
      String host = "s3." + region + ".amazonaws.com";
      return URI.create(path ? "https://" + host + "/" + bucket : "https://" + bucket + "." + host + "/");
    }
    String prefix = endpoint.getRawPath() == null ? "" : endpoint.getRawPath();
    return path
        ? URI.create(endpoint.getScheme() + "://" + endpoint.getRawAuthority() + prefix + "/" + bucket)
        : URI.create(endpoint.getScheme() + "://" + bucket + "." + endpoint.getRawAuthority()
            + prefix + "/");
  }

  @Override
  public String toString() {
    return "S3Check{" + target() + ", region " + region + "}";
  }

  private String where() {
    return "s3 HEAD " + target();
  }

  /** {@code host} or {@code host:port}, the port left out when it is the scheme's default. */
  private static String authority(String scheme, String host, int port) {
    boolean standard = port < 0 || scheme.equals("http") && port == 80
        || scheme.equals("https") && port == 443;
    return standard ? CheckUri.hostAndPort(host, 443).replaceFirst(":443$", "")
        : CheckUri.hostAndPort(host, port);
  }

  private static String bucket(String name) {
    if (!BUCKET.matcher(name).matches()) {
      throw new IllegalArgumentException("bucket must be 3-63 lower-case letters, digits, '.' or"
          + " '-', starting and ending with a letter or digit: '" + Outputs.sanitize(name) + "'");
    }
    return name;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
