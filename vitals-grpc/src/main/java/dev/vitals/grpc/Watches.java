package dev.vitals.grpc;

import dev.vitals.HealthListener;
import dev.vitals.Lifecycle;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/*
 * The open Watch calls of one VitalsHealthService, and the engine listener that keeps them
 * current.
 *
 * Each call is a Watcher that sends a message only when the status it reads differs from the
 * last one it sent. It reads the status afresh, under its own lock, whenever it is refreshed: on
 * the gRPC thread once, right after the call is registered, and on the vitals-events thread for
 * every transition and lifecycle step (rule 11), which the engine publishes after the state has
 * changed. Whichever refresh runs last reads the latest state, so a call never rests on a stale
 * status; a call registered while an event is being delivered is refreshed by the event or reads
 * the new state itself (both go through the concurrent set and volatile state). Checks and probes
 * that change nothing send nothing, and nothing polls.
 *
 * The lock also serialises onNext and onCompleted, as StreamObserver requires. It is held for
 * reads of volatile fields and a non-blocking onNext (gRPC buffers outgoing messages), so a gRPC
 * thread waits at most for another such send to the same call, never for I/O or a check.
 *
 * endAll() (the shutdown task after the drain, or STOPPED) marks the set ended, sends each call
 * its last status and completes it; a call registered meanwhile sees the flag and ends itself.
 */
final class Watches implements HealthListener {
  private final VitalsHealthService service;
  private final Set<Watcher> open = ConcurrentHashMap.newKeySet();
  private volatile boolean ended;

  Watches(VitalsHealthService service) {
    this.service = service;
  }

  void watch(String name, StreamObserver<HealthCheckResponse> response) {
    Watcher watcher = new Watcher(name, response);
    if (response instanceof ServerCallStreamObserver<HealthCheckResponse> call) {
      // Must be set before watch() returns; also keeps onNext after a cancel from throwing.
      call.setOnCancelHandler(() -> {
        watcher.cancelled();
        open.remove(watcher);
      });
    }
    open.add(watcher);
    watcher.refresh();
    if (ended) {
      end(watcher);
    }
  }

  int size() {
    return open.size();
  }

  @Override
  public void onTransition(Transition transition) {
    refreshAll();
  }

  @Override
  public void onLifecycle(Lifecycle lifecycle) {
    if (lifecycle == Lifecycle.STOPPED) {
      endAll(); // no event follows: a call kept open would never hear of a change again
    } else {
      refreshAll();
    }
  }

  /** Sends every call its status now and completes it; later calls are completed at once. */
  void endAll() {
    ended = true;
    for (Watcher watcher : open) {
      end(watcher);
    }
  }

  private void end(Watcher watcher) {
    watcher.refresh(); // the drain may not have been delivered yet: the last word is the state now
    watcher.complete();
    open.remove(watcher);
  }

  private void refreshAll() {
    for (Watcher watcher : open) {
      if (!watcher.refresh()) {
        open.remove(watcher);
      }
    }
  }

  /** One Watch call. */
  private final class Watcher {
    private final String name;
    private final StreamObserver<HealthCheckResponse> response;
    private ServingStatus sent; // guarded by this
    private boolean closed; // guarded by this

    Watcher(String name, StreamObserver<HealthCheckResponse> response) {
      this.name = name;
      this.response = response;
    }

    /** Sends the status now if it differs from the last one sent; false once the call is over. */
    synchronized boolean refresh() {
      if (closed) {
        return false;
      }
      ServingStatus now = service.servingStatus(name);
      if (now != sent) {
        sent = now;
        try {
          response.onNext(VitalsHealthService.answer(now));
        } catch (RuntimeException callOver) {
          closed = true; // cancelled or closed under us: nothing more can be sent
        }
      }
      return !closed;
    }

    synchronized void complete() {
      if (!closed) {
        closed = true;
        try {
          response.onCompleted();
        } catch (RuntimeException callOver) {
          // cancelled meanwhile: the call is over either way
        }
      }
    }

    synchronized void cancelled() {
      closed = true;
    }
  }
}
