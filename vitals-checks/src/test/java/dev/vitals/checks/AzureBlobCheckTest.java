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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link AzureBlobCheck} against Azurite's Blob service on 127.0.0.1:10000 (scripts/services.sh
 * azurite), which checks Shared Key signatures for its account devstoreaccount1.
 */
class AzureBlobCheckTest {
  private static final String HOST = "127.0.0.1";
  private static final int PORT = 10000;
  private static final String ACCOUNT = "devstoreaccount1";
  /** Azurite's published development key. */
  private static final String KEY =
      "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
  private static final String WRONG_KEY =
      "c2VjcmV0LWJ1dC13cm9uZy1rZXktMDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWYwMTIzNDU2Nzg5YWI=";
  private static final String CONTAINER = "vitals-test";

  private static String encoded(String key) {
    return key.replace("/", "%2F").replace("+", "%2B").replace("=", "%3D");
  }

  private static String uri(String key, String container, int port) {
    return "azblob://" + ACCOUNT + ":" + encoded(key) + "@" + container
        + "?endpoint=http://127.0.0.1:" + port + "/" + ACCOUNT;
  }

  /** Azurite is up, and the container vitals-test exists (made here, Shared Key signed). */
  private static void azuriteIsUp() throws Exception {
    Services.require(HOST, PORT, "azurite");
    String path = "/" + ACCOUNT + "/" + CONTAINER;
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("x-ms-date",
        DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)));
    headers.put("x-ms-version", AzureBlobCheck.VERSION);
    headers.put("content-length", "0");
    String authorization = SharedKey.authorization(ACCOUNT, Base64.getDecoder().decode(KEY),
        SharedKey.stringToSign("PUT", headers, ACCOUNT, path, Map.of("restype", "container")));
    HttpRequest.Builder put = HttpRequest.newBuilder(
            URI.create("http://" + HOST + ":" + PORT + path + "?restype=container"))
        .PUT(HttpRequest.BodyPublishers.noBody())
        .header("Authorization", authorization)
        .header("x-ms-date", headers.get("x-ms-date"))
        .header("x-ms-version", AzureBlobCheck.VERSION);
    int status = HttpClient.newHttpClient()
        .send(put.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    assertThat(status).as("create container %s", CONTAINER).isIn(201, 409);
  }

  @Test
  void passesWhenTheContainerExists() throws Exception {
    azuriteIsUp();
    HealthCheck check = AzureBlobCheck.of("blob", uri(KEY, CONTAINER, PORT)).build();

    assertThat(Timing.runWithinDeadline(check).status()).isEqualTo(Status.PASS);
  }

  @Test
  void checkUriMakesTheSameCheck() throws Exception {
    azuriteIsUp();
    HealthCheck check = CheckUris.create(uri(KEY, CONTAINER, PORT) + "&timeout=500ms").build();

    assertThat(check.name()).isEqualTo("azblob");
    assertThat(check.componentId())
        .isEqualTo("http://127.0.0.1:" + PORT + "/" + ACCOUNT + "/" + CONTAINER);
    assertThat(Timing.runWithinDeadline(check).status()).isEqualTo(Status.PASS);
  }

  @Test
  void missingContainerFailsNamingIt() throws Exception {
    azuriteIsUp();
    Result result = Timing.runWithinDeadline(
        AzureBlobCheck.of("blob", uri(KEY, "no-such-container", PORT)).build());

    assertThat(result.status()).isEqualTo(Status.FAIL);
    assertThat(result.output()).isEqualTo("azblob HEAD http://127.0.0.1:" + PORT + "/" + ACCOUNT
        + "/no-such-container: container 'no-such-container' not found in account '" + ACCOUNT
        + "' (HTTP 404, ContainerNotFound)");
  }

  @Test
  void wrongKeyIsAccessDeniedWithoutShowingTheKeyOrSignature() throws Exception {
    azuriteIsUp();
    AzureBlobCheck blob = AzureBlobCheck.create(uri(WRONG_KEY, CONTAINER, PORT));
    Result result = Timing.runWithinDeadline(blob.healthCheck("blob").build());

    assertThat(result.status()).isEqualTo(Status.FAIL);
    assertThat(result.output()).startsWith("azblob HEAD http://127.0.0.1:" + PORT + "/" + ACCOUNT
        + "/" + CONTAINER + ": access denied to container '" + CONTAINER + "' (HTTP 403")
        .endsWith("): check the account key or SAS token");
    assertThat(result.toString() + blob).doesNotContain(WRONG_KEY).doesNotContain("SharedKey ");
  }

  @Test
  void refusedConnectionFails() throws Exception {
    int port = Services.freePort();
    Result result = Timing.runWithinDeadline(
        AzureBlobCheck.of("blob", uri(KEY, CONTAINER, port)).build());

    assertThat(result.status()).isEqualTo(Status.FAIL);
    assertThat(result.output()).startsWith("azblob HEAD http://127.0.0.1:" + port + "/" + ACCOUNT
        + "/" + CONTAINER + ": ConnectException");
  }

  @Test
  void serverThatNeverAnswersFailsAtTheDeadline() throws Exception {
    try (SilentServer silent = new SilentServer()) {
      HealthCheck check = AzureBlobCheck.of("blob", uri(KEY, CONTAINER, silent.port()))
          .timeout(Duration.ofMillis(400))
          .build();

      Result result = Timing.runWithinDeadline(check);

      assertThat(result.status()).isEqualTo(Status.FAIL);
      assertThat(result.output()).endsWith(": no response within 400 ms");
    }
  }

  @Test
  void frozenServerFailsAtTheDeadlineAndPassesAgainWhenThawed() throws Exception {
    azuriteIsUp();
    try (TcpProxy proxy = new TcpProxy(HOST, PORT)) {
      HealthCheck check = AzureBlobCheck.of("blob", uri(KEY, CONTAINER, proxy.port()))
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

  /** The string to sign in the layout of the Azure Storage docs' Shared Key section. */
  @Test
  void stringToSignFollowsTheSharedKeyLayout() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("x-ms-version", "2021-08-06");
    headers.put("x-ms-date", "Fri, 26 Jun 2015 23:39:12 GMT");
    headers.put("content-length", "0");

    String toSign = SharedKey.stringToSign("HEAD", headers, "myaccount", "/mycontainer",
        Map.of("restype", "container", "Comp", "metadata"));

    assertThat(toSign).isEqualTo("HEAD\n\n\n\n\n\n\n\n\n\n\n\n"
        + "x-ms-date:Fri, 26 Jun 2015 23:39:12 GMT\nx-ms-version:2021-08-06\n"
        + "/myaccount/mycontainer\ncomp:metadata\nrestype:container");
    // HMAC-SHA256 under the decoded key, base64: computed independently with openssl.
    assertThat(SharedKey.signature(Base64.getDecoder().decode(KEY), "HEAD\n"))
        .isEqualTo("f6TQiijqhA46lvNYBEEi4gg8hE2NqDHR5u6puWbN58o=");
  }

  @Test
  void credentialsComeFromTheEnvironmentWhenTheUriHasNone() {
    Map<String, String> env = Map.of("AZURE_STORAGE_ACCOUNT", "mediaprod",
        "AZURE_STORAGE_SAS_TOKEN", "?sv=2021-08-06&sp=r&sig=abc%2Fdef");

    AzureBlobCheck check = AzureBlobCheck.create(CheckUri.parse("azblob://images"), env::get);

    assertThat(check.containerUrl()).hasToString("https://mediaprod.blob.core.windows.net/images");
    assertThat(check.toString())
        .isEqualTo("AzureBlobCheck{https://mediaprod.blob.core.windows.net/images, SAS}");
    assertThat(check.healthCheck("blob").build().componentId())
        .isEqualTo("https://mediaprod.blob.core.windows.net/images");
  }

  @Test
  void badUrisAreRejectedNamingTheProblem() {
    Map<String, String> none = Map.of();

    assertThatThrownBy(() -> AzureBlobCheck.create(CheckUri.parse("azblob://images"), none::get)
        .healthCheck("blob"))
        .hasMessage("azblob container 'images' needs an account: in the URI (azblob://[account[:"
            + "key]@]container[?endpoint=…]), account(…), or AZURE_STORAGE_ACCOUNT");
    assertThatThrownBy(() -> AzureBlobCheck.create("azblob://acct@images").healthCheck("blob"))
        .hasMessageStartingWith("azblob container 'images' needs a key or a SAS token");
    assertThatThrownBy(() -> AzureBlobCheck.create("azblob://acct:not%2Fbase64!@images"))
        .hasMessage("accountKey must be base64 (percent-encode '/' and '+' in a URI)");
    assertThatThrownBy(() -> AzureBlobCheck.create("azblob://acct:a2V5@Images"))
        .hasMessageStartingWith("container must be 3-63 lower-case letters");
    assertThatThrownBy(() -> AzureBlobCheck.create("azblob://acct:a2V5@images?comp=list"))
        .hasMessage("unknown parameter 'comp' in 'azblob://acct:****@images?comp=list'");
  }

  @Test
  void statusesOtherThanFoundAndMissingSayWhatTheyMean() {
    AzureBlobCheck check = AzureBlobCheck.create("azblob://acct:a2V5@images");

    assertThat(check.verdict(409, "ContainerBeingDeleted").output()).isEqualTo(
        "azblob HEAD https://acct.blob.core.windows.net/images: HTTP 409 (ContainerBeingDeleted)");
    assertThat(check.verdict(200, null).status()).isEqualTo(Status.PASS);
  }
}
