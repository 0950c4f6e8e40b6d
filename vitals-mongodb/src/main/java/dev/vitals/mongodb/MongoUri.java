package dev.vitals.mongodb;

import com.mongodb.MongoClientSettings;
import com.mongodb.MongoCredential;
import com.mongodb.ServerAddress;
import com.mongodb.connection.ClusterConnectionMode;
import dev.vitals.spi.CheckUri;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A {@code mongodb://} or {@code mongodb+srv://} check URI, read from its parsed {@link CheckUri}
 * and turned into driver settings field by field: the driver never parses the URI text, so the
 * URI means what it means to every other module (a raw {@code %} or {@code @} in a password).
 * No message quotes the URI's password.
 */
final class MongoUri {
  static final int DEFAULT_PORT = 27017;
  /** The query parameters a mongodb URI understands besides the policy ones. */
  static final Set<String> PARAMETERS =
      Set.of("authSource", "authMechanism", "tls", "replicaSet", "directConnection");

  private static final String SYNTAX =
      "mongodb://[user:password@]host[:port][,host[:port]...][/db] or mongodb+srv://[user:password@]host[/db]";

  private final boolean srv;
  private final String servers; // host:port list, or the SRV name: componentId, never a secret
  private final MongoCredential credential; // null: none
  private final boolean tls;
  private final String replicaSet; // null: none
  private final Boolean direct; // null: the driver's default

  private MongoUri(boolean srv, String servers, MongoCredential credential, boolean tls,
      String replicaSet, Boolean direct) {
    this.srv = srv;
    this.servers = servers;
    this.credential = credential;
    this.tls = tls;
    this.replicaSet = replicaSet;
    this.direct = direct;
  }

  /** {@code host:port,host:port}, or a {@code mongodb+srv} URI's host name; no credentials. */
  String servers() {
    return servers;
  }

  /** {@code mongodb h1:27017,h2:27017} or {@code mongodb+srv cluster0.example.net}. */
  String description() {
    return (srv ? "mongodb+srv " : "mongodb ") + servers;
  }

  /** The password, to mask in outputs; null without one. */
  String password() {
    return credential == null ? null : new String(credential.getPassword());
  }

  /** Settings for a client of this URI: hosts, credential, TLS, replica set; no timeouts. */
  MongoClientSettings.Builder settings() {
    MongoClientSettings.Builder b = MongoClientSettings.builder()
        .applyToSslSettings(ssl -> ssl.enabled(tls))
        .applyToClusterSettings(cluster -> {
          if (srv) {
            cluster.srvHost(servers).mode(ClusterConnectionMode.MULTIPLE);
          } else {
            List<ServerAddress> hosts = List.of(servers.split(",")).stream()
                .map(ServerAddress::new).collect(Collectors.toList());
            cluster.hosts(hosts);
            if (direct != null) {
              cluster.mode(direct ? ClusterConnectionMode.SINGLE : ClusterConnectionMode.MULTIPLE);
            }
          }
          cluster.requiredReplicaSetName(replicaSet);
        });
    return credential == null ? b : b.credential(credential);
  }

  /** Reads {@code uri}; its policy parameters are left to the caller. */
  static MongoUri of(CheckUri uri) {
    boolean srv = uri.scheme().equals("mongodb+srv");
    if (!srv && !uri.scheme().equals("mongodb")) {
      throw new IllegalArgumentException("mongodb URI must start with mongodb:// or mongodb+srv://");
    }
    uri.requireKnownParameters(PARAMETERS::contains);
    List<String> hosts = uri.hosts(DEFAULT_PORT);
    if (hosts.isEmpty()) {
      throw new IllegalArgumentException("mongodb URI must have a host: " + SYNTAX);
    }
    if (srv && (uri.host() == null || uri.port(-1) != -1)) {
      throw new IllegalArgumentException("mongodb+srv URI must have one host name and no port");
    }
    String rawPath = uri.rawPath();
    if (rawPath.indexOf('/', 1) > 0) {
      throw new IllegalArgumentException(
          "mongodb URI path must be one database (percent-encode '/' in a password as %2F)");
    }
    String database = rawPath.length() <= 1 ? null : uri.path().substring(1);
    Boolean direct = bool(uri, "directConnection");
    Boolean tls = bool(uri, "tls");
    if (srv && Boolean.TRUE.equals(direct)) {
      throw new IllegalArgumentException("mongodb+srv URI cannot have directConnection=true");
    }
    if (Boolean.TRUE.equals(direct) && hosts.size() > 1) {
      throw new IllegalArgumentException("mongodb URI with directConnection=true must have one host");
    }
    String replicaSet = uri.parameter("replicaSet");
    if (replicaSet != null && replicaSet.isEmpty()) {
      throw new IllegalArgumentException("mongodb URI replicaSet must not be empty");
    }
    return new MongoUri(srv, srv ? uri.host() : String.join(",", hosts), credential(uri, database),
        tls == null ? srv : tls, replicaSet, direct);
  }

  private static MongoCredential credential(CheckUri uri, String database) {
    String user = uri.user();
    String password = uri.password();
    String mechanism = uri.parameter("authMechanism");
    String source = uri.parameter("authSource");
    if (user == null) {
      if (password != null) {
        throw new IllegalArgumentException("mongodb URI user info must be user:password");
      }
      if (mechanism != null || source != null) {
        throw new IllegalArgumentException("mongodb URI parameters authMechanism and authSource need"
            + " user:password");
      }
      return null;
    }
    if (password == null || password.isEmpty()) {
      throw new IllegalArgumentException("mongodb URI user info must be user:password");
    }
    if (source != null && source.isEmpty()) {
      throw new IllegalArgumentException("mongodb URI authSource must not be empty");
    }
    // As in the driver's own URIs: authSource, else the path's database, else admin.
    source = source != null ? source : database != null ? database : "admin";
    if (mechanism == null) {
      return MongoCredential.createCredential(user, source, password.toCharArray());
    }
    switch (mechanism.toUpperCase(Locale.ROOT)) {
      case "SCRAM-SHA-1":
        return MongoCredential.createScramSha1Credential(user, source, password.toCharArray());
      case "SCRAM-SHA-256":
        return MongoCredential.createScramSha256Credential(user, source, password.toCharArray());
      default:
        throw new IllegalArgumentException(
            "mongodb URI authMechanism must be SCRAM-SHA-1 or SCRAM-SHA-256");
    }
  }

  private static Boolean bool(CheckUri uri, String name) {
    String value = uri.parameter(name);
    if (value == null) {
      return null;
    }
    if (value.equals("true") || value.equals("false")) {
      return Boolean.valueOf(value);
    }
    throw new IllegalArgumentException("mongodb URI " + name + " must be true or false, got '"
        + (value.matches("[A-Za-z0-9._-]{1,40}") ? value : "…") + "'");
  }
}
