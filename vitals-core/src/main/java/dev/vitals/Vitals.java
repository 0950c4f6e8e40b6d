package dev.vitals;

import dev.vitals.spi.Outputs;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * The health engine of one service: its checks, their verdicts and the process lifecycle.
 * Create one per process with {@link #builder()} and share it; every method is thread-safe.
 *
 * <pre>{@code
 * Vitals vitals = Vitals.builder()
 *     .serviceId("notes").version("1.4.2")
 *     .check(HealthCheck.builder("postgres", () -> db.isValid(1) ? Result.pass() : Result.fail("invalid"))
 *         .timeout(Duration.ofMillis(500))
 *         .interval(Duration.ofSeconds(5)))
 *     .check(HealthCheck.builder("event-loop",
 *             () -> loop.isAlive() ? Result.pass() : Result.fail("event loop stopped"))
 *         .liveness())
 *     .shutdownTask("http", () -> server.stop(1))
 *     .build();                  // background checks start now
 * migrateSchema();
 * vitals.markStarted();          // startup passes once startup checks have passed too
 * }</pre>
 *
 * <p>Checking and answering are separate. Background checks run on a bounded pool of check threads
 * every interval; probes ({@link #status(Probe)}, {@link #report(Probe)}) read their last verdict
 * and never call a dependency. On-demand checks run on a probe only when their verdict is older
 * than their TTL, and concurrent probes share that execution. Either way a probe waits at most the
 * largest timeout of the checks it reads.
 *
 * <p>On SIGTERM (or {@link #shutdown()}) readiness fails at once with output "draining" while
 * liveness keeps passing; after the drain delay the shutdown tasks run in order and checks stop.
 *
 * <p>The rules this engine keeps (numbered "rule N" in the code's comments), its threads and its
 * lifecycle are described in the repository's {@code docs/DESIGN.md}.
 */
public final class Vitals implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger("dev.vitals");
  /** How long past a deadline a probe waits for the deadline timer to publish its verdict. */
  private static final long TIMER_SLACK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  private final ServiceInfo service;
  private final List<HealthCheck> checks;
  private final CheckRunner[] everyRunner;
  private final Map<String, CheckRunner> byName = new LinkedHashMap<>();
  private final long suspectHoldOffNanos;
  private final Map<Probe, CheckRunner[]> byProbe = new EnumMap<>(Probe.class);
  private final Ticker ticker;
  private final Scheduler scheduler;
  private final List<ExecutorService> ownedExecutors; // empty when the caller gave the executor
  private final Events events;
  private final Shutdown shutdown;
  private final Thread shutdownHook;
  private final AtomicReference<LifeState> state = new AtomicReference<>(LifeState.INITIAL);
  private final HealthMetrics metrics;

  private Vitals(Builder b) {
    this.service = new ServiceInfo(b.version, b.releaseId, b.serviceId, b.description);
    this.checks = List.copyOf(b.checks.values());
    this.ticker = b.ticker;
    this.scheduler = b.scheduler != null ? b.scheduler : Scheduler.system();
    this.events = new Events(b.listeners);
    this.shutdown = new Shutdown(b.shutdownTasks, b.drainDelay, b.shutdownTimeout, ticker,
        scheduler, this::stopAfterShutdown);
    // Liveness checks get threads of their own: dependency checks stuck in I/O that ignores
    // interrupts can fill the dependency pool, and must never starve liveness (rule 7).
    long liveness = checks.stream().filter(c -> c.probes().contains(Probe.LIVENESS)).count();
    Executor dependencyExecutor = b.executor;
    Executor livenessExecutor = b.executor;
    List<ExecutorService> owned = new ArrayList<>();
    if (b.executor == null) {
      int dependencies = checks.size() - (int) liveness;
      int threads = b.checkThreads > 0 ? b.checkThreads : Math.max(1, Math.min(dependencies, 32));
      dependencyExecutor = pool("vitals-check-", threads, owned);
      livenessExecutor = pool("vitals-liveness-", Math.max(1, Math.min((int) liveness, 8)), owned);
    }
    this.ownedExecutors = List.copyOf(owned);
    List<CheckRunner> all = new ArrayList<>();
    for (HealthCheck check : checks) {
      Executor executor =
          check.probes().contains(Probe.LIVENESS) ? livenessExecutor : dependencyExecutor;
      all.add(new CheckRunner(check, ticker, scheduler, executor, this));
    }
    this.everyRunner = all.toArray(CheckRunner[]::new);
    all.forEach(r -> byName.put(r.spec.name(), r));
    this.suspectHoldOffNanos = b.suspectHoldOff.toNanos();
    this.metrics = new HealthMetrics(this, all.stream().map(r -> r.metrics).toList());
    for (Probe probe : Probe.values()) {
      byProbe.put(
          probe, all.stream().filter(r -> r.spec.probes().contains(probe)).toArray(CheckRunner[]::new));
    }
    this.shutdownHook =
        b.shutdownHook ? VitalsThreads.create("vitals-shutdown-hook", this::shutdown) : null;
  }

  /** Starts a builder. */
  public static Builder builder() {
    return new Builder();
  }

  private void start() {
    if (shutdownHook != null) {
      Runtime.getRuntime().addShutdownHook(shutdownHook);
    }
    for (CheckRunner runner : everyRunner) {
      runner.start();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Probes

  /**
   * The status {@code probe} answers now. Reads verdicts without allocating; runs on-demand checks
   * whose verdict is older than their TTL and waits for them at most their timeout.
   */
  public Status status(Probe probe) {
    if (probe == Probe.STARTUP && state.get().startupComplete) {
      return Status.PASS; // latched: startup checks are not run again
    }
    CheckRunner[] read = byProbe.get(probe);
    long now = ticker.nanoTime(); // verdicts are judged as of the question, not after the wait
    refresh(read);
    if (state.get().gate(probe) != null) {
      return Status.FAIL;
    }
    Status status = Status.PASS;
    for (CheckRunner runner : read) {
      status = status.worse(runner.statusFor(probe, now));
    }
    return status;
  }

  /**
   * What {@code probe} answers now from the verdicts held, without running an on-demand check or
   * counting a stale reading: for {@link HealthMetrics#probeStatus}.
   */
  Status heldStatus(Probe probe) {
    if (probe == Probe.STARTUP && state.get().startupComplete) {
      return Status.PASS;
    }
    if (state.get().gate(probe) != null) {
      return Status.FAIL;
    }
    long now = ticker.nanoTime();
    Status status = Status.PASS;
    for (CheckRunner runner : byProbe.get(probe)) {
      status = status.worse(runner.heldStatusFor(probe, now));
    }
    return status;
  }

  /**
   * The figures metrics exporters read (docs/metrics.md): lifecycle, probe statuses from the
   * verdicts held, and each check's counters and durations. The same live object on every call;
   * reading it never runs a check.
   */
  public HealthMetrics metrics() {
    return metrics;
  }

  /**
   * True when answering {@code probe} (null: the detailed view) may wait for on-demand checks,
   * up to their timeout; false when it only reads verdicts already held.
   */
  boolean mayWait(Probe probe) {
    for (CheckRunner runner : probe == null ? everyRunner : byProbe.get(probe)) {
      if (!runner.spec.background()) {
        return true;
      }
    }
    return false;
  }

  /** The answer to {@code probe} with the verdict of every check it reads. */
  public HealthReport report(Probe probe) {
    CheckRunner[] read = byProbe.get(probe);
    boolean latched = probe == Probe.STARTUP && state.get().startupComplete;
    long now = ticker.nanoTime(); // verdicts are judged as of the question, not after the wait
    if (!latched) {
      refresh(read);
    }
    List<HealthReport.Entry> entries = new ArrayList<>(read.length);
    for (CheckRunner runner : read) {
      entries.add(runner.entryFor(probe, now));
    }
    String gate = state.get().gate(probe);
    if (gate != null) {
      return new HealthReport(Status.FAIL, gate, entries, service);
    }
    if (latched) {
      return new HealthReport(Status.PASS, null, entries, service);
    }
    return aggregate(entries);
  }

  /**
   * The detailed view: every check, each read by its strictest probe, and a status that fails when
   * readiness is gated (starting, draining, broken) or any check that counts fails. Startup-only
   * checks stop counting once startup is complete.
   */
  public HealthReport details() {
    boolean startupComplete = state.get().startupComplete;
    long now = ticker.nanoTime(); // verdicts are judged as of the question, not after the wait
    refresh(everyRunner);
    List<HealthReport.Entry> entries = new ArrayList<>(everyRunner.length);
    List<HealthReport.Entry> counted = new ArrayList<>(everyRunner.length);
    for (CheckRunner runner : everyRunner) {
      var probes = runner.spec.probes();
      boolean dependsOnly = probes.contains(Probe.LIVENESS) && probes.size() == 1;
      HealthReport.Entry entry = runner.entryFor(dependsOnly ? Probe.LIVENESS : Probe.READINESS, now);
      entries.add(entry);
      boolean startupOnly = probes.contains(Probe.STARTUP) && probes.size() == 1;
      if (!(startupOnly && startupComplete)) {
        counted.add(entry);
      }
    }
    String gate = state.get().gate(Probe.READINESS);
    if (gate != null) {
      return new HealthReport(Status.FAIL, gate, entries, service);
    }
    HealthReport counts = aggregate(counted);
    return new HealthReport(counts.status(), counts.output(), entries, service);
  }

  private HealthReport aggregate(List<HealthReport.Entry> entries) {
    Status status = Status.PASS;
    StringBuilder failing = null;
    StringBuilder degraded = null;
    for (HealthReport.Entry entry : entries) {
      status = status.worse(entry.status());
      if (entry.status() == Status.FAIL) {
        failing = append(failing, entry.name());
      } else if (entry.status() == Status.WARN) {
        degraded = append(degraded, entry.name());
      }
    }
    String output =
        failing != null ? "failing: " + failing : degraded != null ? "degraded: " + degraded : null;
    return new HealthReport(status, output, entries, service);
  }

  private static StringBuilder append(StringBuilder list, String name) {
    return list == null ? new StringBuilder(name) : list.append(", ").append(name);
  }

  /** Runs stale on-demand checks among {@code read} and waits for them, bounded by their timeouts. */
  private void refresh(CheckRunner[] read) {
    CompletableFuture<?>[] waiting = null;
    CheckRunner[] waitingFor = null;
    int count = 0;
    long waitNanos = 0;
    for (CheckRunner runner : read) {
      if (runner.spec.background()) {
        continue;
      }
      CompletableFuture<Verdict> future = runner.refresh();
      if (!future.isDone()) {
        if (waiting == null) {
          waiting = new CompletableFuture<?>[read.length];
          waitingFor = new CheckRunner[read.length];
        }
        waitingFor[count] = runner;
        waiting[count++] = future;
        waitNanos = Math.max(waitNanos, runner.spec.timeout().toNanos());
      }
    }
    if (count == 0) {
      return;
    }
    try {
      CompletableFuture.allOf(java.util.Arrays.copyOf(waiting, count))
          .get(waitNanos + TIMER_SLACK_NANOS, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      // A broken execution: its verdict is read as it is.
    } catch (TimeoutException e) {
      // Every deadline has passed and a timer has not fired yet (its thread starved, say): the
      // probe enforces the deadline itself, so a timed-out execution never reads as the verdict
      // before it (rule 1).
      for (int i = 0; i < count; i++) {
        if (!waiting[i].isDone()) {
          waitingFor[i].expireLate(waiting[i]);
        }
      }
    }
  }

  /**
   * Reports that the application has just seen {@code check}'s dependency fail in real use (a
   * query that lost its connection, a call that timed out), so that an outage its traffic sees
   * is confirmed within the check's timeout instead of at the next interval:
   *
   * <pre>{@code
   * try (Connection c = dataSource.getConnection()) {
   *   return query(c);
   * } catch (SQLTransientConnectionException e) {
   *   vitals.suspect("database", e); // one failed query is not an outage: run the check now
   *   throw e;
   * }
   * }</pre>
   *
   * <p>A report is a hint, never a verdict: it changes no verdict by itself, it only asks for a
   * run. A background check runs at once, out of schedule, under its deadline, or the report
   * joins the execution in flight (single flight); an on-demand check's verdict stops being
   * reused, so the next probe that reads it runs it. However many reports arrive, at most one
   * per {@link Builder#suspectHoldOff(Duration) hold-off} (default 1 s) is taken per check;
   * reports are ignored while the check's verdict already reads fail (its recovery interval is
   * re-checking it) and once the engine has stopped. Report failures of the dependency, not of
   * the request (a constraint violation or bad input says nothing about the database's health).
   *
   * <p>Returns at once: it never waits for the check, unless the engine was given an {@link
   * Builder#executor(Executor) executor} that runs checks on the calling thread. Thread-safe.
   *
   * @param check the registered name of the check that covers the dependency
   * @param cause what the application saw, logged at DEBUG when the report is taken; may be null
   * @throws IllegalArgumentException if no check has that name
   */
  public void suspect(String check, Throwable cause) {
    CheckRunner runner = byName.get(check);
    if (runner == null) {
      throw new IllegalArgumentException("unknown check " + (check == null ? "null" : "'" + check
          + "'") + "; known checks: " + String.join(", ", byName.keySet()));
    }
    if (runner.suspect(suspectHoldOffNanos)) {
      events.suspected(runner.spec, cause);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Lifecycle

  /**
   * Declares initialisation finished. Startup (and so readiness) passes once every startup check
   * has also passed; liveness passes throughout.
   */
  public void markStarted() {
    update(LifeState::markStarted);
    maybeCompleteStartup();
  }

  /**
   * Declares the process unrecoverable: liveness fails with output "broken: reason" so that the
   * orchestrator restarts it, and readiness fails. There is no way back.
   */
  public void markBroken(String reason) {
    if (reason == null || reason.isBlank()) {
      throw new IllegalArgumentException("reason must not be blank");
    }
    String safe = Outputs.sanitize(reason);
    if (update(s -> s.broken == null ? s.markBroken(safe) : s) != null) {
      events.lifecycle(Lifecycle.BROKEN,
          () -> LOG.log(Level.ERROR, "broken: {0}; liveness now fails", safe));
    }
  }

  /** Where the process is now. Never runs a check. */
  public Lifecycle lifecycle() {
    Lifecycle phase = state.get().phase();
    return phase != null ? phase : anyFails(Probe.READINESS) ? Lifecycle.NOT_READY : Lifecycle.READY;
  }

  /** True when a check that {@code probe} reads fails now, as the probe reads it. */
  private boolean anyFails(Probe probe) {
    long now = ticker.nanoTime();
    for (CheckRunner runner : byProbe.get(probe)) {
      if (runner.statusFor(probe, now) == Status.FAIL) {
        return true;
      }
    }
    return false;
  }

  private void maybeCompleteStartup() {
    LifeState s = state.get();
    if (s.startupComplete || !s.markedStarted || anyFails(Probe.STARTUP)) {
      return;
    }
    if (update(t -> t.startupComplete ? t : t.completeStartup()) != null) {
      events.lifecycle(Lifecycle.READY,
          () -> LOG.log(Level.INFO, "started: readiness now follows its checks"));
    }
  }

  /** Applies {@code step} to the lifecycle state; returns the new state if it changed, else null. */
  private LifeState update(UnaryOperator<LifeState> step) {
    while (true) {
      LifeState before = state.get();
      LifeState after = step.apply(before);
      if (after == before) {
        return null;
      }
      if (state.compareAndSet(before, after)) {
        return after;
      }
    }
  }

  /**
   * Begins a graceful shutdown and returns at once: readiness fails now ("draining"), liveness
   * keeps passing; after the drain delay the shutdown tasks run in order under the shutdown
   * timeout, then checks stop. Calling it again returns the same future.
   */
  public CompletableFuture<Void> beginShutdown() {
    return shutdown.begin(() -> {
      update(s -> s.end(LifeState.Ending.DRAINING));
      events.lifecycle(Lifecycle.DRAINING,
          () -> LOG.log(Level.INFO, "draining: readiness fails for {0} ms, then {1} shutdown task(s)",
              Long.toString(shutdown.drainDelay().toMillis()),
              Integer.toString(shutdown.taskCount())));
    });
  }

  /**
   * Shuts down gracefully (see {@link #beginShutdown()}) and waits until it is done: at most the
   * drain delay plus the shutdown timeout. This is what the SIGTERM hook runs.
   */
  public void shutdown() {
    CompletableFuture<Void> future = beginShutdown();
    try {
      future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      LOG.log(Level.WARNING, "shutdown failed: {0}", Outputs.describe(e.getCause()));
    }
  }

  /** The end of the shutdown sequence: stop, and let listeners hear STOPPED before the JVM halts. */
  private void stopAfterShutdown() {
    if (stopChecks()) {
      events.lifecycle(Lifecycle.STOPPED, () -> LOG.log(Level.INFO, "stopped"));
    }
    events.closeAndDeliver();
  }

  /** Stops checks and timers; true for the one caller that actually stopped them. */
  private boolean stopChecks() {
    if (update(s -> s.end(LifeState.Ending.STOPPED)) == null) {
      return false;
    }
    for (CheckRunner runner : everyRunner) {
      runner.stop();
    }
    scheduler.close();
    for (ExecutorService executor : ownedExecutors) {
      executor.shutdownNow();
    }
    return true;
  }

  /**
   * Stops at once, without draining or shutdown tasks: for tests and for adapters whose framework
   * runs its own shutdown. Removes the SIGTERM hook.
   */
  @Override
  public void close() {
    if (shutdownHook != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running or about to; it will find the engine stopped
      }
    }
    // A drain in progress never ends now that the scheduler is closed: release its waiters (such
    // as the SIGTERM hook in shutdown()) instead of leaving them blocked for ever.
    CompletableFuture<Void> pending = shutdown.abort();
    if (stopChecks()) {
      events.lifecycle(Lifecycle.STOPPED, () -> {});
    }
    events.close();
    pending.complete(null);
  }

  /**
   * Adds a task to run after the drain, after the tasks registered so far. For components created
   * after the engine, such as the health server itself.
   */
  public void addShutdownTask(String name, ShutdownTask task) {
    shutdown.add(new Shutdown.NamedTask(name, task));
  }

  /** Adds a listener for verdict changes and lifecycle steps. */
  public void addListener(HealthListener listener) {
    events.add(Objects.requireNonNull(listener, "listener"));
  }

  /** The registrations, in registration order. */
  public List<HealthCheck> checks() {
    return checks;
  }

  /** The service identity given to the builder. */
  public ServiceInfo service() {
    return service;
  }

  /** Called by a runner when an execution has finished, timed out included. */
  void onExecution(HealthCheck check, long durationNanos, Status status, boolean timedOut) {
    events.execution(check, durationNanos, status, timedOut);
  }

  /** Called by a runner, under its lock, when a verdict changes status. */
  void onTransition(CheckRunner runner, Status from, Status to, String output) {
    events.transition(runner.spec, from, to, output);
    if (!state.get().startupComplete && runner.spec.probes().contains(Probe.STARTUP)) {
      maybeCompleteStartup();
    }
  }

  private static ExecutorService pool(String prefix, int threads, List<ExecutorService> owned) {
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
            VitalsThreads.factory(prefix));
    pool.allowCoreThreadTimeOut(true);
    owned.add(pool);
    return pool;
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * Configures an engine. Setters validate at once and name the field they reject; {@link
   * #build()} starts the background checks.
   */
  public static final class Builder {
    private final Map<String, HealthCheck> checks = new LinkedHashMap<>();
    private final List<HealthListener> listeners = new ArrayList<>();
    private final List<Shutdown.NamedTask> shutdownTasks = new ArrayList<>();
    private String version;
    private String releaseId;
    private String serviceId;
    private String description;
    private Duration drainDelay = Duration.ofSeconds(5);
    private Duration shutdownTimeout = Duration.ofSeconds(10);
    private Duration suspectHoldOff = Duration.ofSeconds(1);
    private boolean shutdownHook = true;
    private int checkThreads;
    private Ticker ticker = Ticker.system();
    private Scheduler scheduler;
    private Executor executor;

    private Builder() {}

    /** Registers a check. Names must be unique. */
    public Builder check(HealthCheck check) {
      Objects.requireNonNull(check, "check");
      if (checks.putIfAbsent(check.name(), check) != null) {
        throw new IllegalArgumentException("duplicate check name: " + check.name());
      }
      return this;
    }

    /** Builds and registers a check. */
    public Builder check(HealthCheck.Builder check) {
      return check(Objects.requireNonNull(check, "check").build());
    }

    /** Registers a readiness check with the default policy. */
    public Builder check(String name, Check check) {
      return check(HealthCheck.builder(name, check).build());
    }

    /** The service's version, shown to authorised callers. */
    public Builder version(String version) {
      this.version = text("version", version);
      return this;
    }

    /** The release identifier (build, commit), shown to authorised callers. */
    public Builder releaseId(String releaseId) {
      this.releaseId = text("releaseId", releaseId);
      return this;
    }

    /** The service's identifier, shown to authorised callers. */
    public Builder serviceId(String serviceId) {
      this.serviceId = text("serviceId", serviceId);
      return this;
    }

    /** A human description of the service, shown to authorised callers. */
    public Builder description(String description) {
      this.description = text("description", description);
      return this;
    }

    /**
     * How long readiness fails before the shutdown tasks run, so that load balancers stop sending
     * traffic first. Default 5 s; zero allowed.
     */
    public Builder drainDelay(Duration drainDelay) {
      Objects.requireNonNull(drainDelay, "drainDelay");
      if (drainDelay.isNegative()) {
        throw new IllegalArgumentException("drainDelay must not be negative: " + drainDelay);
      }
      this.drainDelay = drainDelay;
      return this;
    }

    /** The time all shutdown tasks together may take after the drain. Default 10 s. */
    public Builder shutdownTimeout(Duration shutdownTimeout) {
      Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
      if (shutdownTimeout.isNegative() || shutdownTimeout.isZero()) {
        throw new IllegalArgumentException("shutdownTimeout must be positive: " + shutdownTimeout);
      }
      this.shutdownTimeout = shutdownTimeout;
      return this;
    }

    /**
     * The least time between two reports of one check that {@link Vitals#suspect} takes: at most
     * one run per check per hold-off comes from the application's reports, however many arrive.
     * Default 1 s; zero takes every report (single flight still joins runs in flight).
     */
    public Builder suspectHoldOff(Duration suspectHoldOff) {
      Objects.requireNonNull(suspectHoldOff, "suspectHoldOff");
      if (suspectHoldOff.isNegative()) {
        throw new IllegalArgumentException("suspectHoldOff must not be negative: " + suspectHoldOff);
      }
      this.suspectHoldOff = suspectHoldOff;
      return this;
    }

    /** Adds a task to run after the drain, in registration order. */
    public Builder shutdownTask(String name, ShutdownTask task) {
      shutdownTasks.add(new Shutdown.NamedTask(name, task));
      return this;
    }

    /**
     * Whether {@link #build()} installs a JVM shutdown hook that drains on SIGTERM. Default true;
     * turn it off where a framework owns shutdown and calls {@link Vitals#shutdown()} itself.
     */
    public Builder shutdownHook(boolean install) {
      this.shutdownHook = install;
      return this;
    }

    /** Adds a listener for verdict changes and lifecycle steps. */
    public Builder listener(HealthListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * The number of threads for dependency (readiness and startup) checks. Default: one per
     * check, at most 32. With fewer threads than hung checks, the others wait in a queue and fail
     * at their deadline ("waiting for a free check thread"). Liveness checks always run on
     * threads of their own (one per check, at most 8), so hung dependencies never starve them.
     */
    public Builder checkThreads(int checkThreads) {
      if (checkThreads < 1) {
        throw new IllegalArgumentException("checkThreads must be at least 1: " + checkThreads);
      }
      this.checkThreads = checkThreads;
      return this;
    }

    /** The executor checks run on, instead of the engine's own pool. The caller shuts it down. */
    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /** The time source; tests pass a fake together with a matching {@link #scheduler}. */
    public Builder ticker(Ticker ticker) {
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      return this;
    }

    /** The timer for background ticks and deadlines; tests pass a fake. */
    public Builder scheduler(Scheduler scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    /** Builds the engine and starts its background checks. */
    public Vitals build() {
      if (executor != null && checkThreads > 0) {
        throw new IllegalStateException("checkThreads cannot be set together with executor");
      }
      Vitals vitals = new Vitals(this);
      vitals.start();
      return vitals;
    }

    private static String text(String field, String value) {
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException(field + " must not be blank");
      }
      return value;
    }
  }
}
