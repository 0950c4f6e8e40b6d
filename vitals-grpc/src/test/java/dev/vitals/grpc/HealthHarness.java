package dev.vitals.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.HealthCheck;
import dev.vitals.HealthListener;
import dev.vitals.Result;
import dev.vitals.Status;
import dev.vitals.Vitals;
import dev.vitals.testing.FakeClock;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * An engine on a fake clock with two checks the test flips (a readiness dependency and a liveness
 * condition), served by {@link VitalsHealthService} on a real Netty server on a loopback port,
 * and a channel to it. Time moves only when the test advances it, and checks run on the
 * advancing thread (as in the engine's own tests), so a check runs when the test says and is
 * done when the advance returns. Events still reach listeners on the engine's events thread, as
 * in production: every wait is a bounded wait on a queue that the engine or the server fills.
 */
final class HealthHarness implements AutoCloseable {
  static final Duration INTERVAL = Duration.ofSeconds(10);
  static final Duration DRAIN = Duration.ofSeconds(5);
  /** An upper bound for something the engine or the server does next, never a pace. */
  static final long BOUND_SECONDS = 10;

  final FakeClock clock = new FakeClock();
  final AtomicReference<Result> dependency = new AtomicReference<>(Result.pass());
  final AtomicReference<Result> condition = new AtomicReference<>(Result.pass());
  /** One permit per run of the dependency check. */
  final Semaphore dependencyRuns = new Semaphore(0);
  private final BlockingQueue<HealthListener.Transition> transitions = new LinkedBlockingQueue<>();
  final Vitals vitals;
  final VitalsHealthService service;
  final Server server;
  final ManagedChannel channel;

  HealthHarness() {
    this(UnaryOperator.identity());
  }

  /** {@code mapping} adjusts the service's builder, e.g. to remap a name. */
  HealthHarness(UnaryOperator<VitalsHealthService.Builder> mapping) {
    vitals = Vitals.builder()
        .ticker(clock).scheduler(clock).executor(Runnable::run)
        .shutdownHook(false)
        .drainDelay(DRAIN)
        .listener(new HealthListener() {
          @Override
          public void onTransition(Transition transition) {
            transitions.add(transition);
          }
        })
        .check(HealthCheck.builder("dependency", () -> {
          dependencyRuns.release();
          return dependency.get();
        }).interval(INTERVAL))
        .check(HealthCheck.builder("condition", condition::get).liveness().interval(INTERVAL))
        .build();
    service = mapping.apply(VitalsHealthService.builder(vitals)).build();
    try {
      server = NettyServerBuilder
          .forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
              InsecureServerCredentials.create())
          .addService(service)
          .build()
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    channel = NettyChannelBuilder
        .forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getPort()),
            InsecureChannelCredentials.create())
        .build();
  }

  /** Marks the engine started (the build ran both checks once). */
  HealthHarness started() {
    vitals.markStarted();
    return this;
  }

  /** The Check answer for {@code service} over the wire. */
  ServingStatus check(String service) {
    return HealthGrpc.newBlockingStub(channel)
        .withDeadlineAfter(BOUND_SECONDS, TimeUnit.SECONDS)
        .check(HealthCheckRequest.newBuilder().setService(service).build())
        .getStatus();
  }

  /** Makes the dependency return {@code result} from its next run on, and runs it. */
  void dependency(Result result) throws InterruptedException {
    dependency.set(result);
    next("dependency", result.status());
  }

  /** As {@link #dependency(Result)} for the liveness condition. */
  void condition(Result result) throws InterruptedException {
    condition.set(result);
    next("condition", result.status());
  }

  /**
   * Advances an interval, which runs every check at least once, and waits until the engine has
   * published {@code check}'s change of verdict to {@code to}.
   */
  private void next(String check, Status to) throws InterruptedException {
    clock.advance(INTERVAL);
    HealthListener.Transition t;
    do {
      t = transitions.poll(BOUND_SECONDS, TimeUnit.SECONDS);
      assertThat(t).as("a transition of %s to %s", check, to).isNotNull();
    } while (!(t.check().name().equals(check) && t.to() == to));
  }

  /** Runs the dependency check {@code runs} more times, whatever it returns. */
  void runDependency(int runs) {
    dependencyRuns.drainPermits();
    for (int i = 0; i < runs; i++) {
      clock.advance(INTERVAL);
    }
    assertThat(dependencyRuns.availablePermits()).isGreaterThanOrEqualTo(runs);
  }

  /** Opens a Watch call for {@code service}. */
  Watch watch(String service) {
    Watch watch = new Watch();
    HealthGrpc.newStub(channel).watch(HealthCheckRequest.newBuilder().setService(service).build(), watch);
    return watch;
  }

  @Override
  public void close() {
    channel.shutdownNow();
    server.shutdownNow();
    vitals.close();
    try {
      channel.awaitTermination(BOUND_SECONDS, TimeUnit.SECONDS);
      server.awaitTermination(BOUND_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** What a Watch call received: statuses, then {@link #COMPLETED} or the failing gRPC code. */
  static final class Watch implements ClientResponseObserver<HealthCheckRequest, HealthCheckResponse> {
    static final String COMPLETED = "completed";
    private final BlockingQueue<Object> received = new LinkedBlockingQueue<>();
    private volatile ClientCallStreamObserver<HealthCheckRequest> call;

    @Override
    public void beforeStart(ClientCallStreamObserver<HealthCheckRequest> requestStream) {
      call = requestStream;
    }

    @Override
    public void onNext(HealthCheckResponse value) {
      received.add(value.getStatus());
    }

    @Override
    public void onError(Throwable t) {
      received.add(io.grpc.Status.fromThrowable(t).getCode());
    }

    @Override
    public void onCompleted() {
      received.add(COMPLETED);
    }

    /** The next thing received, waiting at most the bound. */
    Object next() throws InterruptedException {
      Object next = received.poll(BOUND_SECONDS, TimeUnit.SECONDS);
      assertThat(next).as("the next message of the Watch call").isNotNull();
      return next;
    }

    /** What has arrived and not been taken, without waiting. */
    int pending() {
      return received.size();
    }

    void cancel() {
      call.cancel("test done", null);
    }
  }
}
