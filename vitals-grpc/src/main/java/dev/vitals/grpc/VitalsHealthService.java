package dev.vitals.grpc;

import dev.vitals.Probe;
import dev.vitals.Status;
import dev.vitals.Vitals;
import dev.vitals.spi.Outputs;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.StreamObserver;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The standard gRPC health service, {@code grpc.health.v1.Health}, answered from a {@link Vitals}
 * engine's verdicts on the application's own gRPC server: what Kubernetes' {@code grpc:} probes,
 * Envoy and gRPC's client-side health checking ask. It replaces grpc-java's {@code
 * HealthStatusManager}, whose statuses the application would have to set by hand.
 *
 * <pre>{@code
 * Server server = Grpc.newServerBuilderForPort(9090, InsecureServerCredentials.create())
 *     .addService(VitalsHealthService.of(vitals))
 *     .addService(new OrdersService())
 *     .build()
 *     .start();
 * // After the drain: Watch calls are ended first (this service's task), then the server stops.
 * vitals.addShutdownTask("grpc-server", () -> server.shutdown().awaitTermination(5, SECONDS));
 * vitals.markStarted();
 * }</pre>
 *
 * <p><b>Service names.</b> The request's {@code service} names the probe it asks:
 *
 * <table>
 *   <caption>Default mapping</caption>
 *   <tr><th>service</th><th>probe</th></tr>
 *   <tr><td>{@code ""} (empty)</td><td>liveness</td></tr>
 *   <tr><td>{@code liveness}</td><td>liveness</td></tr>
 *   <tr><td>{@code readiness}</td><td>readiness</td></tr>
 *   <tr><td>{@code startup}</td><td>startup</td></tr>
 * </table>
 *
 * <p>The empty name is what a bare Kubernetes {@code grpc: {port: 9090}} probe asks, and the
 * probe people paste it into first is {@code livenessProbe}. Answering it with readiness would
 * restart every pod of the service when a shared dependency goes down, and kill a pod that is
 * slow to start; answering a readiness question with liveness at worst sends traffic to a pod
 * whose dependency is down. So {@code ""} is liveness, and readiness is asked by name: {@code
 * grpc: {port: 9090, service: readiness}}. A load balancer or client-side health checking that
 * should follow readiness names {@code readiness} too (Envoy's {@code service_name}, the service
 * config's {@code healthCheckConfig.serviceName}), or the builder maps {@code ""} to readiness
 * where only routers ask it. Any other name is unknown: {@code Check} fails with {@code
 * NOT_FOUND} and {@code Watch} sends {@code SERVICE_UNKNOWN}, as the protocol says.
 *
 * <p><b>Statuses.</b> {@code SERVING} while the probe reads pass or warn, {@code NOT_SERVING}
 * when it reads fail: the HTTP endpoints' 200 and 503. So while starting, readiness and startup
 * are {@code NOT_SERVING}; while draining, readiness is {@code NOT_SERVING} and liveness stays
 * {@code SERVING}; once broken, all are {@code NOT_SERVING}.
 *
 * <p><b>Answers read verdicts only.</b> {@code Check} answers on the gRPC thread from the
 * verdicts held ({@link dev.vitals.HealthMetrics#probeStatus}): no check runs, nothing waits, no
 * lock is taken. An on-demand check is read as it stands and never run by these answers, so the
 * checks a gRPC probe reads should be background checks (the default).
 *
 * <p><b>Watch</b> sends the current status at once, then one message each time that status
 * changes, and nothing else: the service hears the engine's transitions and lifecycle steps as a
 * {@link dev.vitals.HealthListener} and never polls, so many probes or check runs send nothing.
 * Readiness watchers get {@code NOT_SERVING} as the drain begins. When the drain is over (this
 * service's shutdown task, {@value #SHUTDOWN_TASK}) or the engine stops, every Watch call is
 * completed with {@code OK}, so the server's own {@code shutdown()} does not wait for them; a
 * Watch that arrives after that gets the status and is completed at once. A cancelled Watch is
 * forgotten at once. Register the server's shutdown task after creating this service, so that
 * the Watch calls end before it.
 *
 * <p>Create one per server: each adds a listener and a shutdown task to the engine, which keeps
 * them for its life. Thread-safe.
 */
public final class VitalsHealthService extends HealthGrpc.HealthImplBase {
  /** The name of the shutdown task that ends the Watch calls after the drain. */
  public static final String SHUTDOWN_TASK = "grpc-health-watch";

  private static final Map<String, Probe> DEFAULTS = defaults();

  private final Vitals vitals;
  private final Map<String, Probe> services;
  private final Watches watches;

  private VitalsHealthService(Builder b) {
    this.vitals = b.vitals;
    this.services = Collections.unmodifiableMap(new LinkedHashMap<>(b.services));
    this.watches = new Watches(this);
    vitals.addListener(watches);
    vitals.addShutdownTask(SHUTDOWN_TASK, watches::endAll);
  }

  /** The service with the default names: {@code ""} and {@code liveness}, {@code readiness}, {@code startup}. */
  public static VitalsHealthService of(Vitals vitals) {
    return builder(vitals).build();
  }

  /** Starts a builder with the default names, which it can remap and add to. */
  public static Builder builder(Vitals vitals) {
    return new Builder(Objects.requireNonNull(vitals, "vitals"));
  }

  /** The service names answered, each with the probe it reads, in the order they were added. */
  public Map<String, Probe> services() {
    return services;
  }

  /** Answers from the verdicts held; an unknown service fails with {@code NOT_FOUND}. */
  @Override
  public void check(HealthCheckRequest request, StreamObserver<HealthCheckResponse> response) {
    String service = request.getService();
    if (!services.containsKey(service)) {
      response.onError(io.grpc.Status.NOT_FOUND
          .withDescription("unknown service '" + Outputs.sanitize(service) + "'; known: "
              + services.keySet().stream().map(s -> "'" + s + "'").collect(Collectors.joining(", ")))
          .asRuntimeException());
      return;
    }
    response.onNext(answer(servingStatus(service)));
    response.onCompleted();
  }

  /**
   * Sends the status now and on every change until the caller cancels or the engine's drain is
   * over; {@code SERVICE_UNKNOWN} for an unknown service.
   */
  @Override
  public void watch(HealthCheckRequest request, StreamObserver<HealthCheckResponse> response) {
    watches.watch(request.getService(), response);
  }

  /** What {@code service} reads now: SERVING, NOT_SERVING, or SERVICE_UNKNOWN when unmapped. */
  ServingStatus servingStatus(String service) {
    Probe probe = services.get(service);
    if (probe == null) {
      return ServingStatus.SERVICE_UNKNOWN;
    }
    return vitals.metrics().probeStatus(probe) == Status.FAIL
        ? ServingStatus.NOT_SERVING
        : ServingStatus.SERVING;
  }

  /** The Watch calls open now: for tests that prove cancelled calls are forgotten. */
  int openWatches() {
    return watches.size();
  }

  static HealthCheckResponse answer(ServingStatus status) {
    return HealthCheckResponse.newBuilder().setStatus(status).build();
  }

  private static Map<String, Probe> defaults() {
    Map<String, Probe> map = new LinkedHashMap<>();
    map.put("", Probe.LIVENESS);
    for (Probe probe : Probe.values()) {
      map.put(probe.label(), probe);
    }
    return Collections.unmodifiableMap(map);
  }

  /** Configures a {@link VitalsHealthService}; starts from the default names. */
  public static final class Builder {
    private final Vitals vitals;
    private final Map<String, Probe> services = new LinkedHashMap<>(DEFAULTS);
    private final Set<String> given = new HashSet<>();

    private Builder(Vitals vitals) {
      this.vitals = vitals;
    }

    /**
     * Answers {@code name} with {@code probe}, replacing its default mapping if it has one:
     * {@code service("", Probe.READINESS)} where only routers ask the empty name, or {@code
     * service("orders.v1.Orders", Probe.READINESS)} for clients that ask by gRPC service name.
     *
     * @throws IllegalArgumentException when {@code name} was already given to this builder
     */
    public Builder service(String name, Probe probe) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(probe, "probe");
      if (!given.add(name)) {
        throw new IllegalArgumentException("service '" + name + "' is already mapped to "
            + services.get(name).label());
      }
      services.put(name, probe);
      return this;
    }

    /** Builds the service and registers its listener and shutdown task with the engine. */
    public VitalsHealthService build() {
      return new VitalsHealthService(this);
    }
  }
}
