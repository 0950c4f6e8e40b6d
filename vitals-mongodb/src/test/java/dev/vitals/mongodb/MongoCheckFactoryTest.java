package dev.vitals.mongodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.MongoClientSettings;
import com.mongodb.MongoCredential;
import com.mongodb.ServerAddress;
import com.mongodb.connection.ClusterConnectionMode;
import dev.vitals.CheckUris;
import dev.vitals.HealthCheck;
import dev.vitals.spi.CheckUri;
import dev.vitals.testing.UriAgreement;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Building checks and reading URIs: nothing here talks to a server. */
class MongoCheckFactoryTest {
  private static final String SECRET = "pw-S3cret-x9";

  @Test
  void uriFactoryPreconfiguresTheRegistration() {
    HealthCheck check =
        MongoCheck.of("orders", "mongodb://app:" + SECRET + "@db1.internal,db2.internal:27018/orders?replicaSet=rs0")
            .build();

    assertThat(check.name()).isEqualTo("orders");
    assertThat(check.timeout()).as("the engine's default").isEqualTo(Duration.ofSeconds(1));
    assertThat(check.componentType()).isEqualTo("datastore");
    assertThat(check.componentId()).isEqualTo("db1.internal:27017,db2.internal:27018");
    assertThat(check.check()).hasToString("MongoCheck{mongodb db1.internal:27017,db2.internal:27018}");
  }

  @Test
  void uriBecomesDriverSettings() {
    MongoClientSettings plain = settings("mongodb://db1,[::1]:27018");
    MongoClientSettings full = settings("mongodb://app:a%40b%2Fc+d@db1/orders?tls=true&replicaSet=rs0"
        + "&authMechanism=scram-sha-256&directConnection=false");
    MongoClientSettings direct = settings("mongodb://db1?directConnection=true");
    MongoClientSettings srv = settings("mongodb+srv://app:" + SECRET + "@cluster0.example.net/?authSource=users");
    MongoClientSettings raw = settings("mongodb://app:50%off@db1");

    assertThat(plain.getClusterSettings().getHosts())
        .containsExactly(new ServerAddress("db1", 27017), new ServerAddress("::1", 27018));
    assertThat(plain.getCredential()).isNull();
    assertThat(plain.getSslSettings().isEnabled()).isFalse();
    assertThat(full.getSslSettings().isEnabled()).isTrue();
    assertThat(full.getClusterSettings().getRequiredReplicaSetName()).isEqualTo("rs0");
    assertThat(full.getClusterSettings().getMode()).isEqualTo(ClusterConnectionMode.MULTIPLE);
    assertThat(full.getCredential()).isEqualTo(
        MongoCredential.createScramSha256Credential("app", "orders", "a@b/c+d".toCharArray()));
    assertThat(direct.getClusterSettings().getMode()).isEqualTo(ClusterConnectionMode.SINGLE);
    assertThat(srv.getClusterSettings().getSrvHost()).isEqualTo("cluster0.example.net");
    assertThat(srv.getSslSettings().isEnabled()).as("on by default for mongodb+srv").isTrue();
    assertThat(srv.getCredential())
        .isEqualTo(MongoCredential.createCredential("app", "users", SECRET.toCharArray()));
    assertThat(raw.getCredential().getPassword()).containsExactly("50%off".toCharArray());
    assertThat(raw.getCredential().getSource()).isEqualTo("admin");
  }

  /** Each URI, what it makes through {@link MongoCheck#of(String, String)} and CheckUris alike. */
  @Test
  void everyUriReadsTheSameThroughTheFactoryAndCheckUris() {
    String[][] cases = {
      {"mongodb://db1", "mongodb db1:27017 MongoCheck{mongodb db1:27017}"},
      {"mongodb://db1:27018,[::1],db_3.internal/orders", "mongodb db1:27018,[::1]:27017,db_3.internal:27017"
          + " MongoCheck{mongodb db1:27018,[::1]:27017,db_3.internal:27017}"},
      {"mongodb://app:a%40b%2Fc" + SECRET + "@db1/?authSource=admin&tls=true&replicaSet=rs0",
          "mongodb db1:27017 MongoCheck{mongodb db1:27017}"},
      {"mongodb://app:p@ss" + SECRET + "@db1?authMechanism=SCRAM-SHA-1", "mongodb db1:27017 MongoCheck{mongodb db1:27017}"},
      {"mongodb+srv://app:" + SECRET + "@cluster0.example.net/orders?tls=false",
          "mongodb cluster0.example.net MongoCheck{mongodb+srv cluster0.example.net}"},
      {"MONGODB+SRV://cluster0.example.net", "mongodb cluster0.example.net MongoCheck{mongodb+srv cluster0.example.net}"},
      {"mongodb+srv://cluster0.example.net:27017", "mongodb+srv URI must have one host name and no port"},
      {"mongodb+srv://c1.example.net,c2.example.net", "mongodb+srv URI must have one host name and no port"},
      {"mongodb+srv://cluster0.example.net?directConnection=true", "mongodb+srv URI cannot have directConnection=true"},
      {"mongodb://db1,db2?directConnection=true", "mongodb URI with directConnection=true must have one host"},
      {"mongodb://app:" + SECRET + "@", "mongodb URI must have a host: mongodb://[user:password@]host[:port][,host[:port]...][/db]"
          + " or mongodb+srv://[user:password@]host[/db]"},
      {"mongodb://" + SECRET + "@db1", "mongodb URI user info must be user:password"},
      {"mongodb://:" + SECRET + "@db1", "mongodb URI user info must be user:password"},
      {"mongodb://app:@db1", "mongodb URI user info must be user:password"},
      {"mongodb://db1?authSource=admin", "mongodb URI parameters authMechanism and authSource need user:password"},
      {"mongodb://app:" + SECRET + "@db1?authMechanism=MONGODB-X509", "mongodb URI authMechanism must be SCRAM-SHA-1 or SCRAM-SHA-256"},
      {"mongodb://app:" + SECRET + "@db1?authSource=", "mongodb URI authSource must not be empty"},
      {"mongodb://db1?tls=yes", "mongodb URI tls must be true or false, got 'yes'"},
      {"mongodb://db1?replicaSet=", "mongodb URI replicaSet must not be empty"},
      {"mongodb://app:" + SECRET + "@db1/a/b", "mongodb URI path must be one database (percent-encode '/' in a password as %2F)"},
      {"mongodb://app:" + SECRET + "@db1?w=majority", "unknown parameter 'w' in 'mongodb://app:****@db1?w=majority'"},
      // Malformed: the one parser's messages.
      {"mongodb://app:pw/" + SECRET + "@db1", "malformed check URI 'mongodb://app:****@db1': percent-encode '/', '?', '#' and '@' in a user name or password"},
      {"mongodb://app:pw#" + SECRET + "@db1", "malformed check URI 'mongodb://app:****@db1': a '#' would start a fragment, which no check reads (percent-encode '#' in a password as %23)"},
      {"mongodb+srv://app:" + SECRET + "@c:99999", "malformed check URI 'mongodb+srv://app:****@c:99999': port must be 1-65535: 99999"},
      {"mongodb://app:" + SECRET + "@db1,", "malformed check URI 'mongodb://app:****@db1,': a host is missing from the list"},
    };
    UriAgreement.assertEachReadsTheSame(uri -> MongoCheck.of("mongodb", uri), cases);
    assertThatThrownBy(() -> MongoCheck.of("mongodb", "redis://app:" + SECRET + "@h"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("mongodb URI must start with mongodb:// or mongodb+srv://");
  }

  @Test
  void policyParametersBelongToCheckUrisNotToTheFactory() {
    assertThatThrownBy(() -> MongoCheck.of("mongodb", "mongodb://app:" + SECRET + "@db1?timeout=1s"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("policy parameter 'timeout' is applied only by CheckUris.create; set it on the"
            + " HealthCheck.Builder instead: 'mongodb://app:****@db1?timeout=1s'");
  }

  @Test
  void providerIsFoundForBothSchemes() {
    CheckUris uris = CheckUris.loaded();

    HealthCheck check = uris.builder("mongodb://app:" + SECRET + "@db1:27018/orders?replicaSet=rs0&critical=false&timeout=2s").build();
    HealthCheck srv = uris.builder("mongodb+srv://cluster0.example.net?name=atlas").build();

    assertThat(uris.schemes()).contains("mongodb", "mongodb+srv");
    assertThat(check.name()).isEqualTo("mongodb");
    assertThat(check.critical()).isFalse();
    assertThat(check.timeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(check.componentId()).isEqualTo("db1:27018");
    assertThat(check.check().toString()).doesNotContain(SECRET);
    assertThat(srv.name()).isEqualTo("atlas");
    assertThat(srv.componentId()).isEqualTo("cluster0.example.net");
    assertThatThrownBy(() -> uris.builder("mongodb://app:" + SECRET + "@db1?maxPoolSize=3"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown parameter 'maxPoolSize' in 'mongodb://app:****@db1?maxPoolSize=3'");
  }

  private static MongoClientSettings settings(String uri) {
    return MongoUri.of(CheckUri.parse(uri)).settings().build();
  }
}
