package dev.vitals.lint;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Polls the started service's health endpoints and keeps every answer: the timelines the lifecycle
 * rules read. Each endpoint is polled on a thread of its own, as the kubelet's probes are
 * independent, so one endpoint that hangs does not blind lint to the others. Times are offsets
 * from the service's start.
 */
final class Prober implements AutoCloseable {
  /** How often each endpoint is asked: fine enough to time a drain, light enough not to load it. */
  static final Duration INTERVAL = Duration.ofMillis(50);

  /** The probes lint follows, with where each is commonly served and how it is configured. */
  enum Kind {
    STARTUP(Endpoints.STARTUP),
    READINESS(Endpoints.READY),
    LIVENESS(Endpoints.LIVE);

    private final List<String> candidates;

    Kind(List<String> candidates) {
      this.candidates = candidates;
    }

    /** {@code startup}, {@code readiness} or {@code liveness}. */
    String label() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The common paths, in the order discovery tries them. */
    List<String> candidates() {
      return candidates;
    }

    /** The path given on the command line, or null. */
    String given(LintOptions options) {
      return switch (this) {
        case STARTUP -> options.startupPath();
        case READINESS -> options.readyPath();
        case LIVENESS -> options.livePath();
      };
    }

    /** The workload's probe of this kind, or null. */
    ProbeSpec spec(Workload workload) {
      return switch (this) {
        case STARTUP -> workload.startup();
        case READINESS -> workload.readiness();
        case LIVENESS -> workload.liveness();
      };
    }
  }

  /**
   * One request: when it was sent and when its answer (or failure) was received, from the service's
   * start, and the status, or {@link #NO_ANSWER} when the connection failed or timed out.
   */
  record Sample(Duration sent, Duration received, int status) {
    static final int NO_ANSWER = -1;

    boolean passed() {
      return status / 100 == 2;
    }

    /** Whether the service answered at all (any status). */
    boolean answered() {
      return status != NO_ANSWER;
    }

    /** The status, or {@code no answer}. */
    String describe() {
      return answered() ? Integer.toString(status) : "no answer";
    }
  }

  private final Http http;
  private final URI base;
  private final long origin;
  private final Map<Kind, List<Sample>> samples = new EnumMap<>(Kind.class); // guarded by this
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean running = true;

  /** Asks {@code base}'s endpoints; {@code origin} is the service's start ({@link System#nanoTime()}). */
  Prober(Http http, URI base, long origin) {
    this.http = http;
    this.base = base;
    this.origin = origin;
  }

  /** One GET of {@code path} as the kubelet sends it, not recorded. */
  Sample probe(String path) {
    Duration sent = since(origin);
    int status;
    try {
      status = http.probe(base.resolve(path)).status();
    } catch (IOException e) {
      status = Sample.NO_ANSWER;
    }
    return new Sample(sent, since(origin), status);
  }

  /** Adds {@code sample} to {@code kind}'s timeline. */
  synchronized void record(Kind kind, Sample sample) {
    samples.computeIfAbsent(kind, k -> new ArrayList<>()).add(sample);
  }

  /** Polls {@code path} as {@code kind} every {@link #INTERVAL} until {@link #close()}. */
  void poll(Kind kind, String path) {
    Thread thread = new Thread(() -> {
      while (running) {
        long next = System.nanoTime() + INTERVAL.toNanos();
        Sample sample = probe(path);
        if (Thread.currentThread().isInterrupted()) {
          return; // a request cut short by close() says nothing about the service
        }
        record(kind, sample);
        try {
          Thread.sleep(Math.max(0, (next - System.nanoTime()) / 1_000_000));
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "vitals-lint-" + kind.label());
    thread.setDaemon(true);
    threads.add(thread);
    thread.start();
  }

  /** {@code kind}'s timeline so far, in the order the requests were sent. */
  synchronized List<Sample> samples(Kind kind) {
    return List.copyOf(samples.getOrDefault(kind, List.of()));
  }

  /**
   * Stops polling once the requests in flight have ended, and records them: the last one may be
   * the only one that saw the service stop. A request still without an answer after the request
   * timeout (and a second) is interrupted and left out.
   */
  @Override
  public void close() {
    running = false;
    try {
      for (Thread thread : threads) {
        thread.join(http.timeout().toMillis() + 1000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      threads.forEach(Thread::interrupt);
    }
  }

  /** Time since {@code origin}. */
  static Duration since(long origin) {
    return Duration.ofNanos(System.nanoTime() - origin);
  }

  /** Waits one {@link #INTERVAL}: the cadence of every wait in lifecycle mode. */
  static void pause() {
    try {
      Thread.sleep(INTERVAL.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LintException("interrupted while the started service was being linted", e);
    }
  }
}
