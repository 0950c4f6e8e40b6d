package dev.vitals.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OutputsTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "jdbc:postgresql://notes:hunter2@db:5432/notes | jdbc:postgresql://notes:****@db:5432/notes",
        "redis://:s3cr3t@cache:6379/0 | redis://:****@cache:6379/0",
        "amqp://guest:guest@rabbit/vhost failed | amqp://guest:****@rabbit/vhost failed",
        "GET https://bob:pw@api.example.com/v1 | GET https://bob:****@api.example.com/v1",
        "mongodb+srv://app:p4ss@cluster0.example.net/db | mongodb+srv://app:****@cluster0.example.net/db",
        "postgresql://app:p@ss@word@db:5432/notes | postgresql://app:****@db:5432/notes",
      })
  void masksPasswordsInUris(String text, String safe) {
    assertThat(Outputs.sanitize(text)).isEqualTo(safe);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        // as in free text, a password from the user name's ':' to the last '@'
        "redis://:s3cr3t@cache:6379/0 | redis://:****@cache:6379/0",
        "postgresql://app:p@ss@word@db/notes | postgresql://app:****@db/notes",
        // a check URI holds credentials: a lone user info (a token) is masked whole
        "nats://t0k3n@nats:4222 | nats://****@nats:4222",
        // and a raw space, '/', '?' or '#' does not end the password early
        "mqtt://u:s3cr 3t@h | mqtt://u:****@h",
        "redis://:pw/s3cr3t@h/0 | redis://:****@h/0",
        "kafka://app:pw?s3cr3t@k1,k2 | kafka://app:****@k1,k2",
        "redis://:pw#s3cr3t@h | redis://:****@h",
        // nothing to mask
        "redis://cache:6379/0?name=x | redis://cache:6379/0?name=x",
        "disk:/var/lib?warn=80%25 | disk:/var/lib?warn=80%25",
      })
  void masksTheUserInfoOfACheckUri(String uri, String safe) {
    assertThat(Outputs.maskUserInfo(uri, true)).isEqualTo(safe);
  }

  @Test
  void freeTextKeepsUserNamesAndEndsAnAuthorityAtASlashOrSpace() {
    assertThat(Outputs.sanitize("cloning ssh://git@github.com/x failed"))
        .isEqualTo("cloning ssh://git@github.com/x failed");
    assertThat(Outputs.sanitize("GET https://h/users/@me and mail to a@b"))
        .isEqualTo("GET https://h/users/@me and mail to a@b");
  }

  @Test
  void masksASecretTheCheckHoldsWhereverItIsQuoted() {
    assertThat(Outputs.sanitize("ERR invalid password 'pw-S3cret' for AUTH", "pw-S3cret"))
        .isEqualTo("ERR invalid password '****' for AUTH");
    assertThat(Outputs.sanitize("nothing quoted", null)).isEqualTo("nothing quoted");
    assertThat(Outputs.sanitize("nothing quoted", "")).isEqualTo("nothing quoted");
    assertThat(Outputs.describe(new IOException("login as app/pw-S3cret refused"), "pw-S3cret"))
        .isEqualTo("IOException: login as app/**** refused");
    String cut = "x".repeat(Outputs.MAX_LENGTH - 5) + "pw-S3cret";
    assertThat(Outputs.sanitize(cut, "pw-S3cret")).as("masked before the cut").doesNotContain("pw-S");
  }

  @Test
  void masksAPasswordLongerThanTheShownOutput() {
    String password = "x".repeat(5000);
    String safe = Outputs.sanitize("connect to redis://app:" + password + "@cache:6379 failed");
    assertThat(safe).startsWith("connect to redis://app:****@cache:6379").doesNotContain("xxxx");
  }

  @Test
  void keepsHostAndPortAtTheEndOfAText() {
    assertThat(Outputs.sanitize("connection refused: redis://cache:6379"))
        .isEqualTo("connection refused: redis://cache:6379");
  }

  @Test
  void keepsBooleanAnswersAboutPasswords() {
    String text = "Access denied for user 'root'@'localhost' (using password: YES)";
    assertThat(Outputs.sanitize(text)).isEqualTo(text);
  }

  @Test
  void keepsUrisWithoutCredentials() {
    String text = "GET https://api.example.com:8443/v1/health?verbose=true returned 503";
    assertThat(Outputs.sanitize(text)).isEqualTo(text);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "jdbc:mysql://db/notes?user=app&password=hunter2&ssl=true"
            + " | jdbc:mysql://db/notes?user=app&password=****&ssl=true",
        "jdbc:sqlserver://db;user=sa;password=Secr3t!;encrypt=true"
            + " | jdbc:sqlserver://db;user=sa;password=****;encrypt=true",
        "Server=db;Uid=app;Pwd=hunter2; | Server=db;Uid=app;Pwd=****;",
        "GET /v1/items?token=abc.def.ghi&page=2 | GET /v1/items?token=****&page=2",
        "https://s3.example.com/b?secret=xyz | https://s3.example.com/b?secret=****",
        "PASSWORD=hunter2 | PASSWORD=****",
        "config: password: hunter2 | config: password: ****",
        "{\"client_secret\": \"abc\"} | {\"client_secret\": \"****\"}",
        "api_key=k-123 and apikey=k-456 | api_key=**** and apikey=****",
        "trustStorePassword=changeit&dbPassword=x | trustStorePassword=****&dbPassword=****",
        "{clientSecret: abc, apiToken: def} | {clientSecret: ****, apiToken: ****}",
      })
  void masksSecretNamedParameters(String text, String safe) {
    assertThat(Outputs.sanitize(text)).isEqualTo(safe);
  }

  @Test
  void keepsWordsThatOnlyContainASecretName() {
    String text = "passport service: 3 tokens left; keyboard=ok; bypass=on; monkey=1";
    assertThat(Outputs.sanitize(text)).isEqualTo(text);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "Authorization: Bearer xyz | Authorization: Bearer ****",
        "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig | Authorization: Bearer ****",
        "Authorization: Basic xyz | Authorization: Basic ****",
        "Authorization: Basic dXNlcjpwYXNz | Authorization: Basic ****",
        "authorization=abc123 rejected | authorization=**** rejected",
        "401 with header Authorization: Token t0k3n | 401 with header Authorization: Token ****",
        "sent Bearer eyJhbGciOiJIUzI1NiJ9 | sent Bearer ****",
      })
  void masksAuthorizationValues(String text, String safe) {
    assertThat(Outputs.sanitize(text)).isEqualTo(safe);
  }

  @Test
  void masksAwsAccessKeyIds() {
    assertThat(Outputs.sanitize("access denied for AKIAIOSFODNN7EXAMPLE in eu-west-1"))
        .isEqualTo("access denied for **** in eu-west-1");
    assertThat(Outputs.sanitize("session ASIAY34FZKBOKMUTVV7A expired"))
        .isEqualTo("session **** expired");
  }

  @Test
  void masksBareAwsSecretKeysAndAzureAccountKeysButNotHexDigests() {
    assertThat(Outputs.sanitize("secret wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY used"))
        .isEqualTo("secret **** used");
    assertThat(Outputs.sanitize("key Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6"
        + "tq/K1SZFPTOtr/KBHBeksoGMGw== refused")).isEqualTo("key **** refused");
    assertThat(Outputs.sanitize("commit 9fceb02d0ae598e95dc970b74767f19372d61af8 built"))
        .isEqualTo("commit 9fceb02d0ae598e95dc970b74767f19372d61af8 built");
    assertThat(Outputs.sanitize("in dev.example.WithMicrometerAndVitalsMicrometerTheBind."))
        .isEqualTo("in dev.example.WithMicrometerAndVitalsMicrometerTheBind.");
    assertThat(Outputs.sanitize("Authorization: SharedKey media:c2lnbmF0dXJl+/="))
        .isEqualTo("Authorization: SharedKey ****");
  }

  @Test
  void turnsLineBreaksAndControlCharactersIntoSingleSpaces() {
    assertThat(Outputs.sanitize("first\nsecond\r\nthird\tfourth\u2028fifth\u0000sixth"))
        .isEqualTo("first second third fourth fifth sixth");
    assertThat(Outputs.sanitize("\n  trimmed  \n")).isEqualTo("trimmed");
  }

  @Test
  void boundsLength() {
    String shortEnough = "x".repeat(Outputs.MAX_LENGTH);
    assertThat(Outputs.sanitize(shortEnough)).isEqualTo(shortEnough);

    String tooLong = "y".repeat(Outputs.MAX_LENGTH + 1);
    String bounded = Outputs.sanitize(tooLong);
    assertThat(bounded).hasSize(Outputs.MAX_LENGTH).endsWith("…");
    assertThat(bounded.substring(0, Outputs.MAX_LENGTH - 1))
        .isEqualTo("y".repeat(Outputs.MAX_LENGTH - 1));

    assertThat(Outputs.sanitize("z".repeat(1_000_000))).hasSize(Outputs.MAX_LENGTH);
  }

  @Test
  void masksBeforeCuttingSoNoSecretSurvivesTheCut() {
    String text = "x".repeat(Outputs.MAX_LENGTH - 20) + " password=hunter2hunter2hunter2";
    assertThat(Outputs.sanitize(text)).doesNotContain("hunter");
  }

  @Test
  void nullStaysNull() {
    assertThat(Outputs.sanitize(null)).isNull();
  }

  @Test
  void describeGivesTypeAndMessage() {
    assertThat(Outputs.describe(new IOException("connection refused")))
        .isEqualTo("IOException: connection refused");
    assertThat(Outputs.describe(new IllegalStateException())).isEqualTo("IllegalStateException");
  }

  @Test
  void describeShowsTheRootCauseOfAWrapperWithoutItsOwnMessage() {
    IOException root = new IOException("no route to host");
    assertThat(Outputs.describe(new ExecutionException(root)))
        .isEqualTo("IOException: no route to host");
    assertThat(Outputs.describe(new UncheckedIOException(root)))
        .isEqualTo("IOException: no route to host");
    assertThat(Outputs.describe(new RuntimeException(new RuntimeException(root))))
        .isEqualTo("IOException: no route to host");
  }

  @Test
  void describeKeepsAWrapperThatSaysSomethingOfItsOwn() {
    assertThat(Outputs.describe(new IllegalStateException("pool exhausted", new IOException("x"))))
        .isEqualTo("IllegalStateException: pool exhausted");
  }

  @Test
  void describeMasksCredentialsAndStaysOnOneLine() {
    Exception error = new Exception(
        "cannot connect to jdbc:mysql://app:hunter2@db/notes\nCaused by: password=hunter2");
    assertThat(Outputs.describe(error))
        .isEqualTo("Exception: cannot connect to jdbc:mysql://app:****@db/notes Caused by:"
            + " password=****");
  }

  @Test
  void describeNamesAnonymousExceptionTypes() {
    Exception anonymous = new Exception("boom") {};
    assertThat(Outputs.describe(anonymous)).isEqualTo("dev.vitals.spi.OutputsTest$1: boom");
  }
}
