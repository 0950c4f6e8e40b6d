package dev.vitals.checks;

import dev.vitals.Check;
import dev.vitals.HealthCheck;
import dev.vitals.Result;
import dev.vitals.spi.CheckUri;
import dev.vitals.spi.Deadline;
import dev.vitals.spi.Outputs;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Checks an Azure Blob Storage container: Get Container Properties ({@code HEAD
 * …/container?restype=container}), authorised with the account's Shared Key or a SAS token,
 * which proves the account answers, the container exists and the credentials may read it.
 *
 * <pre>{@code
 * Vitals.builder()
 *     .check(AzureBlobCheck.of("media", "azblob://mediaprod@images"))   // key: AZURE_STORAGE_KEY
 *     .check(AzureBlobCheck.create("azblob://reports")
 *         .account("reportsprod").sasToken(sas)                          // a SAS with read rights
 *         .healthCheck("reports").critical(false))
 *     .build();
 * }</pre>
 *
 * <p><b>URI.</b> {@code azblob://[account[:key]@]container[?endpoint=…]}: the container is the
 * host, the account the user, the account key (base64) the password, percent-encoded ({@code /}
 * as {@code %2F}, {@code +} as {@code %2B}). Without user info the account and key come from
 * {@code AZURE_STORAGE_ACCOUNT} and {@code AZURE_STORAGE_KEY}, or a SAS token from {@code
 * AZURE_STORAGE_SAS_TOKEN}, read when the check is created; {@link #account(String)}, {@link
 * #accountKey(String)} and {@link #sasToken(String)} set them in code. The endpoint is {@code
 * https://account.blob.core.windows.net} unless {@code endpoint} names another, such as the
 * emulator's {@code http://127.0.0.1:10000/devstoreaccount1} (its path is kept, and signed).
 *
 * <p><b>Verdicts.</b> 200 passes. 404 fails naming the container and account; 403 says access
 * was denied; both add Azure's {@code x-ms-error-code}. No key, SAS token or signature ever
 * appears in an output or {@code toString()}.
 *
 * <p><b>Time.</b> One request per run, its timeout the time left before the registration's
 * deadline ({@link Deadline#current()}); the host name is resolved first within the same
 * deadline, as {@link HttpCheck} does. Each check owns one {@link HttpClient}, built on its first
 * run.
 */
public final class AzureBlobCheck implements Check {
  /** The service version sent as {@code x-ms-version}. */
  static final String VERSION = "2021-08-06";
  private static final String FORM = "azblob://[account[:key]@]container[?endpoint=…]";
  private static final Pattern CONTAINER = Pattern.compile("[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,62}");
  private static final Pattern ACCOUNT = Pattern.compile("[a-z0-9]{3,24}");
  private static final DateTimeFormatter RFC_1123 = DateTimeFormatter.RFC_1123_DATE_TIME;

  private final String container;
  private final String account;
  private final URI endpoint; // null: https://account.blob.core.windows.net
  private final byte[] key; // null without a Shared Key
  private final String sas; // null without a SAS token; without '?'
  private final StorageHead head = new StorageHead();

  private AzureBlobCheck(String container, String account, URI endpoint, byte[] key, String sas) {
    this.container = container;
    this.account = account;
    this.endpoint = endpoint;
    this.key = key;
    this.sas = sas;
  }

  /**
   * A registration named {@code name} for {@code azblob://[account[:key]@]container[?endpoint=…]}:
   * componentType {@code datastore}, componentId the container's URL. Policy parameters belong to
   * {@link dev.vitals.CheckUris} and are rejected here.
   *
   * @throws IllegalArgumentException for a malformed URI, no account, or no key or SAS token
   */
  public static HealthCheck.Builder of(String name, String uri) {
    return create(uri).healthCheck(name);
  }

  /** A registration for a parsed {@code azblob://} URI, as the provider makes it. */
  public static HealthCheck.Builder of(String name, CheckUri uri) {
    return create(uri).healthCheck(name);
  }

  /** The bare check of {@code uri}, to configure before {@link #healthCheck(String)}. */
  public static AzureBlobCheck create(String uri) {
    return create(CheckUri.parse(Objects.requireNonNull(uri, "uri")).requireNoPolicy());
  }

  /** The bare check of a parsed {@code azblob://} URI. */
  public static AzureBlobCheck create(CheckUri uri) {
    return create(uri, System::getenv);
  }

  /** As {@link #create(CheckUri)}, reading the environment through {@code env}. */
  static AzureBlobCheck create(CheckUri uri, UnaryOperator<String> env) {
    Objects.requireNonNull(uri, "uri");
    if (!uri.scheme().equals("azblob")) {
      throw new IllegalArgumentException("azblob URI must start with azblob://: " + FORM);
    }
    uri.requireKnownParameters("endpoint"::equals);
    String container = uri.host();
    if (container == null || container.isEmpty()) {
      throw new IllegalArgumentException("azblob URI needs a container: " + FORM);
    }
    if (!uri.path().isEmpty() && !uri.path().equals("/")) {
      throw new IllegalArgumentException("azblob URI must not have a path: " + FORM);
    }
    if (!CONTAINER.matcher(container).matches()) {
      throw new IllegalArgumentException("container must be 3-63 lower-case letters, digits and"
          + " single '-', starting and ending with a letter or digit: '"
          + Outputs.sanitize(container) + "'");
    }
    AzureBlobCheck check = new AzureBlobCheck(container, null, null, null, null);
    if (uri.parameter("endpoint") != null) {
      check = check.endpoint(uri.parameter("endpoint"));
    }
    if (uri.user() != null) {
      check = check.account(uri.user());
      return uri.password() == null ? check : check.accountKey(uri.password());
    }
    if (uri.password() != null) {
      throw new IllegalArgumentException("azblob URI has a key but no account: " + FORM);
    }
    String account = blankToNull(env.apply("AZURE_STORAGE_ACCOUNT"));
    if (account != null) {
      check = check.account(account);
    }
    String envKey = blankToNull(env.apply("AZURE_STORAGE_KEY"));
    String envSas = blankToNull(env.apply("AZURE_STORAGE_SAS_TOKEN"));
    return envKey != null ? check.accountKey(envKey) : envSas != null ? check.sasToken(envSas) : check;
  }

  /** This check for the storage account {@code account} ({@code mediaprod}). */
  public AzureBlobCheck account(String account) {
    if (account == null || !ACCOUNT.matcher(account).matches()) {
      throw new IllegalArgumentException(
          "account must be 3-24 lower-case letters and digits: '"
              + Outputs.sanitize(String.valueOf(account)) + "'");
    }
    return new AzureBlobCheck(container, account, endpoint, key, sas);
  }

  /** This check signing with the account's base64 {@code key} (Shared Key), not a SAS token. */
  public AzureBlobCheck accountKey(String key) {
    byte[] decoded;
    try {
      decoded = Base64.getDecoder().decode(Objects.requireNonNull(key, "accountKey").strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("accountKey must be base64 (percent-encode '/' and '+'"
          + " in a URI)");
    }
    if (decoded.length == 0) {
      throw new IllegalArgumentException("accountKey must not be empty");
    }
    return new AzureBlobCheck(container, account, endpoint, decoded, null);
  }

  /** This check sending the SAS {@code token} ({@code sv=…&sig=…}) instead of a Shared Key. */
  public AzureBlobCheck sasToken(String token) {
    String t = Objects.requireNonNull(token, "sasToken").strip();
    if (t.startsWith("?")) {
      t = t.substring(1);
    }
    if (t.isEmpty() || !t.contains("sig=")) {
      throw new IllegalArgumentException("sasToken must be a SAS query such as sv=…&sig=…");
    }
    return new AzureBlobCheck(container, account, endpoint, null, t);
  }

  /**
   * This check asking {@code url} ({@code http://127.0.0.1:10000/devstoreaccount1}, a path
   * allowed) instead of {@code https://account.blob.core.windows.net}.
   */
  public AzureBlobCheck endpoint(String url) {
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
    int port = parsed.port(-1);
    boolean standard = port < 0 || parsed.scheme().equals("http") && port == 80
        || parsed.scheme().equals("https") && port == 443;
    String host = CheckUri.hostAndPort(parsed.host(), 1).replaceFirst(":1$", "");
    URI target = URI.create(parsed.scheme() + "://"
        + (standard ? host : CheckUri.hostAndPort(parsed.host(), port)) + path);
    return new AzureBlobCheck(container, account, target, key, sas);
  }

  /**
   * A registration of this check: componentType {@code datastore}, componentId the container's
   * URL.
   *
   * @throws IllegalArgumentException without an account, or with neither a key nor a SAS token
   */
  public HealthCheck.Builder healthCheck(String name) {
    if (account == null) {
      throw new IllegalArgumentException("azblob container '" + container + "' needs an account:"
          + " in the URI (" + FORM + "), account(…), or AZURE_STORAGE_ACCOUNT");
    }
    if (key == null && sas == null) {
      throw new IllegalArgumentException("azblob container '" + container + "' needs a key or a"
          + " SAS token: in the URI (" + FORM + "), accountKey(…), sasToken(…), AZURE_STORAGE_KEY"
          + " or AZURE_STORAGE_SAS_TOKEN");
    }
    return HealthCheck.builder(name, this).componentType("datastore")
        .componentId(containerUrl().toString());
  }

  @Override
  public Result check() throws InterruptedException {
    if (account == null || key == null && sas == null) {
      return Result.fail(where() + ": no credentials");
    }
    URI url = containerUrl();
    URI target = URI.create(url + "?restype=container" + (sas == null ? "" : "&" + sas));
    return head.send(where(), target, Deadline.current(), () -> {
      Map<String, String> headers = new LinkedHashMap<>();
      headers.put("x-ms-date", RFC_1123.format(ZonedDateTime.now(ZoneOffset.UTC)));
      headers.put("x-ms-version", VERSION);
      if (key != null) {
        headers.put("Authorization", SharedKey.authorization(account, key,
            SharedKey.stringToSign("HEAD", headers, account, url.getRawPath(),
                Map.of("restype", "container"))));
      }
      return headers;
    }, sas, (status, headers) ->
        verdict(status, headers.firstValue("x-ms-error-code").orElse(null)));
  }

  /** The verdict on Get Container Properties' {@code status} and {@code x-ms-error-code}. */
  Result verdict(int status, String errorCode) {
    String code = errorCode == null ? "" : ", " + Outputs.sanitize(errorCode);
    if (status >= 200 && status < 300) {
      return Result.pass();
    }
    if (status == 404) {
      return Result.fail(where() + ": container '" + container + "' not found in account '"
          + account + "' (HTTP 404" + code + ")");
    }
    if (status == 403) {
      return Result.fail(where() + ": access denied to container '" + container + "' (HTTP 403"
          + code + "): check the account key or SAS token");
    }
    return Result.fail(where() + ": HTTP " + status + (code.isEmpty() ? "" : " (" + code.substring(2) + ")"));
  }

  /** The container's URL, without query. */
  URI containerUrl() {
    String base = endpoint != null ? endpoint.toString()
        : "https://" + (account == null ? "ACCOUNT" : account) + ".blob.core.windows.net";
    return URI.create(base + "/" + container);
  }

  @Override
  public String toString() {
    return "AzureBlobCheck{" + containerUrl() + (sas != null ? ", SAS" : key != null ? ", Shared Key" : "")
        + "}";
  }

  private String where() {
    return "azblob HEAD " + containerUrl();
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
