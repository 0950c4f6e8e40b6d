package dev.vitals.checks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** AWS's published Signature Version 4 examples, signed by {@link SigV4}. */
class SigV4Test {
  private static final String TEST_SUITE_SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
  private static final String S3_DOCS_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

  /** The "get-vanilla" case of the SigV4 test suite: GET / with host and x-amz-date. */
  @Test
  void signsTheTestSuitesGetVanillaRequest() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("host", "example.amazonaws.com");
    headers.put("x-amz-date", "20150830T123600Z");

    String canonical = SigV4.canonicalRequest("GET", "/", "", new TreeMap<>(headers),
        SigV4.EMPTY_SHA256);
    String toSign = SigV4.stringToSign("20150830T123600Z",
        SigV4.scope("20150830T123600Z", "us-east-1", "service"), canonical);

    assertThat(canonical).isEqualTo("GET\n/\n\nhost:example.amazonaws.com\n"
        + "x-amz-date:20150830T123600Z\n\nhost;x-amz-date\n" + SigV4.EMPTY_SHA256);
    assertThat(toSign).isEqualTo("AWS4-HMAC-SHA256\n20150830T123600Z\n"
        + "20150830/us-east-1/service/aws4_request\n"
        + "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63");
    assertThat(SigV4.authorization("AKIDEXAMPLE", TEST_SUITE_SECRET, "us-east-1", "service",
        "GET", "/", "", headers, SigV4.EMPTY_SHA256))
        .isEqualTo("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/"
            + "aws4_request, SignedHeaders=host;x-amz-date, "
            + "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
  }

  /** The S3 documentation's GET Object example: a Range header and x-amz-content-sha256. */
  @Test
  void signsTheS3DocumentationsGetObjectExample() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("host", "examplebucket.s3.amazonaws.com");
    headers.put("range", "bytes=0-9");
    headers.put("x-amz-content-sha256", SigV4.EMPTY_SHA256);
    headers.put("x-amz-date", "20130524T000000Z");

    assertThat(SigV4.authorization("AKIAIOSFODNN7EXAMPLE", S3_DOCS_SECRET, "us-east-1", "s3",
        "GET", "/test.txt", "", headers, SigV4.EMPTY_SHA256))
        .isEqualTo("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/"
            + "aws4_request, SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, "
            + "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
  }
}
