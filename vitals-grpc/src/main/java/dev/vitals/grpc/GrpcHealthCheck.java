package dev.vitals.grpc;

import dev.vitals.Check;
import dev.vitals.HealthCheck;
import dev.vitals.Result;
import dev.vitals.spi.CheckUri;
import dev.vitals.spi.Deadline;
import dev.vitals.spi.Outputs;
import io.grpc.Channel;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Checks a gRPC dependency with the standard health service: one {@code grpc.health.v1.Health/Check}
 * call for a service name, under a gRPC deadline of the time left before the registration's own
 * ({@link Deadline#current()}), either on the application's {@link Channel} or on a channel of its
 * own from a {@code grpc://} or {@code grpcs://} URI.
 *
 * <pre>{@code
 * // The channel the application calls the dependency on: no new connection per run.
 * Vitals.builder().check(GrpcHealthCheck.of("orders", ordersChannel, "orders.v1.Orders"));
 *
 * // A server the application has no channel to, e.g. from the command line.
 * Vitals.builder().check(GrpcHealthCheck.of("payments", "grpcs://payments.internal/readiness"));
 * }</pre>
 *
 * <p><b>Verdicts.</b> {@code SERVING} passes. {@code NOT_SERVING}, {@code SERVICE_UNKNOWN} and
 * {@code UNKNOWN} fail with that status as the output. A call that fails fails with its gRPC
 * code: {@code NOT_FOUND} (the server does not know the service), {@code UNIMPLEMENTED} (it does
 * not serve the health service at all), {@code UNAVAILABLE} (refused, reset, TLS failure: with
 * gRPC's description and its cause), {@code DEADLINE_EXCEEDED} ("no answer within N ms", for a
 * server that accepts and never answers). A refused connection fails at once: the call does not
 * wait for the channel to become ready. Outputs start with {@code grpc host:port/service:} ({@code
 * grpc host:port:} for the empty name).
 *
 * <p><b>The application's channel</b> is only used, never shut down; the call rides its existing
 * connection, or makes it connect as any call would. Prefer this form: it checks the path the
 * service really uses, interceptors and credentials included.
 *
 * <p><b>A URI.</b> {@code grpc://host:port[/service]} (plaintext, port required) or {@code
 * grpcs://host[:port][/service]} (TLS with the JVM's default trust store and host name
 * verification, port 443 by default), read by {@link CheckUri} like every check URI. The path
 * less its {@code /} is the service name; none asks {@code ""}, the server as a whole. No user
 * info and no parameters but the policy ones. Each run builds a channel on the transport found on
 * the class path ({@code grpc-netty-shaded}, {@code grpc-netty} or {@code grpc-okhttp}: the
 * application brings one), makes the one call and shuts the channel down before it returns (a
 * {@link Check} has no close hook, so a kept channel would outlive the check). Name resolution and
 * the connection happen inside the call, so the gRPC deadline bounds them too.
 *
 * <p>componentType {@code component}; componentId {@code host:port} (the channel's authority).
 */
public final class GrpcHealthCheck implements Check {
  private static final int GRPCS_PORT = 443;
  private static final String URI_FORM = "grpc://host:port[/service] or grpcs://host[:port][/service]";

  private final Channel channel; // null for a URI check
  private final boolean tls;
  private final String host; // null for a channel check
  private final int port;
  private final String authority; // host:port, the componentId
  private final String service;
  private final String target; // "host:port/service", or "host:port" for the empty name

  private GrpcHealthCheck(
      Channel channel, boolean tls, String host, int port, String authority, String service) {
    this.channel = channel;
    this.tls = tls;
    this.host = host;
    this.port = port;
    this.authority = authority;
    this.service = service;
    this.target = authority + (service.isEmpty() ? "" : "/" + service);
  }

  /**
   * A registration named {@code name} that asks {@code service} ({@code ""} for the server as a
   * whole) over the application's {@code channel}; componentType {@code component}, componentId
   * the channel's authority. The registration's timeout (1 s unless set) is the call's deadline.
   */
  public static HealthCheck.Builder of(String name, Channel channel, String service) {
    return create(channel, service).healthCheck(name);
  }

  /**
   * A registration named {@code name} that makes a channel to the server at {@code uri} for
   * every run.
   *
   * @throws IllegalArgumentException if the URI is not a valid grpc URI (see the class doc)
   */
  public static HealthCheck.Builder of(String name, String uri) {
    return create(uri).healthCheck(name);
  }

  /**
   * As {@link #of(String, String)} for a parsed URI, whose policy parameters are left to the
   * caller ({@link dev.vitals.CheckUris} applies them): what the {@code grpc://} provider calls.
   */
  public static HealthCheck.Builder of(String name, CheckUri uri) {
    return create(uri).healthCheck(name);
  }

  /** The bare check of {@code service} over the application's {@code channel}. */
  public static GrpcHealthCheck create(Channel channel, String service) {
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(service, "service");
    return new GrpcHealthCheck(channel, false, null, -1,
        Objects.requireNonNullElse(channel.authority(), "channel"), service);
  }

  /** The bare check of the server at {@code uri}. */
  public static GrpcHealthCheck create(String uri) {
    return create(CheckUri.parse(Objects.requireNonNull(uri, "uri")).requireNoPolicy());
  }

  /** The bare check of the server at a parsed {@code uri}; its policy parameters are ignored. */
  public static GrpcHealthCheck create(CheckUri uri) {
    Objects.requireNonNull(uri, "uri");
    if (!uri.scheme().equals("grpc") && !uri.scheme().equals("grpcs")) {
      throw new IllegalArgumentException("grpc URI must start with grpc:// or grpcs://");
    }
    boolean tls = uri.scheme().equals("grpcs");
    uri.requireKnownParameters(parameter -> false);
    if (uri.user() != null || uri.password() != null) {
      throw new IllegalArgumentException("grpc URI takes no user info: " + URI_FORM);
    }
    if (uri.host() == null) {
      throw new IllegalArgumentException("grpc URI must have "
          + (uri.hosts(0).isEmpty() ? "a host" : "one host") + ": " + URI_FORM);
    }
    int port = uri.port(tls ? GRPCS_PORT : -1);
    if (port < 0) {
      throw new IllegalArgumentException("grpc URI must have a port: " + URI_FORM);
    }
    if (uri.rawPath().indexOf('/', 1) > 0) {
      throw new IllegalArgumentException("grpc URI path must be one service name: " + URI_FORM);
    }
    String service = uri.rawPath().length() <= 1 ? "" : uri.path().substring(1);
    return new GrpcHealthCheck(null, tls, uri.host(), port, uri.hostAndPort(port), service);
  }

  /** A registration of this check with its componentType and componentId set. */
  public HealthCheck.Builder healthCheck(String name) {
    return HealthCheck.builder(name, this)
        .componentType("component")
        .componentId(authority);
  }

  /** The service name asked; {@code ""} for the server as a whole. */
  public String service() {
    return service;
  }

  @Override
  public Result check() {
    Deadline deadline = Deadline.current();
    if (channel != null) {
      return call(channel, deadline);
    }
    ManagedChannel own;
    try {
      ChannelCredentials credentials =
          tls ? TlsChannelCredentials.create() : InsecureChannelCredentials.create();
      own = Grpc.newChannelBuilderForAddress(host, port, credentials).build();
    } catch (RuntimeException e) {
      // No transport on the class path (ManagedChannelRegistry's ProviderNotFoundException).
      return Result.fail("grpc " + target + ": cannot create a channel: " + Outputs.describe(e));
    }
    try {
      return call(own, deadline);
    } finally {
      own.shutdownNow(); // the call is over: nothing is left to wait for
    }
  }

  private Result call(Channel on, Deadline deadline) {
    ServingStatus status;
    try {
      status = HealthGrpc.newBlockingStub(on)
          .withDeadlineAfter(deadline.timeLeft().toNanos(), TimeUnit.NANOSECONDS)
          .check(HealthCheckRequest.newBuilder().setService(service).build())
          .getStatus();
    } catch (StatusRuntimeException e) {
      return Result.fail("grpc " + target + ": " + describe(e.getStatus(), deadline));
    }
    return status == ServingStatus.SERVING ? Result.pass() : Result.fail("grpc " + target + ": " + status);
  }

  private static String describe(io.grpc.Status status, Deadline deadline) {
    String code = status.getCode().name();
    switch (status.getCode()) {
      case DEADLINE_EXCEEDED:
        return "no answer within " + deadline.budget().toMillis() + " ms (" + code + ")";
      case NOT_FOUND:
        return "the server does not know this service (" + code + ")";
      case UNIMPLEMENTED:
        return "the server does not serve grpc.health.v1.Health (" + code + ")";
      default:
        String description = status.getDescription();
        String cause = status.getCause() == null ? "" : " (" + Outputs.describe(status.getCause()) + ")";
        return Outputs.sanitize(code + (description == null ? "" : ": " + description) + cause);
    }
  }

  @Override
  public String toString() {
    return "GrpcHealthCheck{"
        + (channel != null ? "channel " : tls ? "grpcs://" : "grpc://") + target + "}";
  }
}
