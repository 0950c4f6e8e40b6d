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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

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
 */
public final class Vitals implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger("dev.vitals");
  /** How long past a deadline a probe waits for the deadline timer to publish its verdict. */
  private static final long TIMER_SLACK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  private final ServiceInfo service;
  private final List<CheckRunner> runners;
  private final CheckRunner[] everyRunner;
  private final Map<Probe, CheckRunner[]> byProbe = new EnumMap<>(Probe.class);
  private final List<HealthCheck> checks;
  private final List<HealthListener> listeners;
  private final List<NamedTask> shutdownTasks;
  private final Duration drainDelay;
  private final Duration shutdownTimeout;
  private final Ticker ticker;
  private final Scheduler scheduler;
  private final List<ExecutorService> ownedExecutors; // empty when the caller gave the executor
  private final ThreadPoolExecutor events;
  private final Thread shutdownHook;

  private volatile boolean markedStarted;
  private volatile boolean startupComplete;
  private volatile String brokenReason;
  private volatile boolean draining;
  private volatile boolean stopped;
  private CompletableFuture<Void> shutdown; // guarded by this

  private Vitals(Builder b) {
    this.service = new ServiceInfo(b.version, b.releaseId, b.serviceId, b.description);
    this.checks = List.copyOf(b.checks.values());
    this.listeners = new CopyOnWriteArrayList<>(b.listeners);
    this.shutdownTasks = new CopyOnWriteArrayList<>(b.shutdownTasks);
    this.drainDelay = b.drainDelay;
    this.shutdownTimeout = b.shutdownTimeout;
    this.ticker = b.ticker;
    this.scheduler = b.scheduler != null ? b.scheduler : Scheduler.system();
    // One events thread for the engine's life, started now: a thread that came and went with
    // each burst of verdict changes would make thread counts jump just when a dependency fails.
    this.events =
        new ThreadPoolExecutor(
            1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), daemonThreads("vitals-events"));
    events.prestartCoreThread();
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
    this.runners = List.copyOf(all);
    this.everyRunner = all.toArray(CheckRunner[]::new);
    for (Probe probe : Probe.values()) {
      byProbe.put(
          probe, all.stream().filter(r -> r.spec.probes().contains(probe)).toArray(CheckRunner[]::new));
    }
    this.shutdownHook = b.shutdownHook ? new Thread(this::shutdown, "vitals-shutdown-hook") : null;
  }

  /** Starts a builder. */
  public static Builder builder() {
    return new Builder();
  }

  private void start() {
    if (shutdownHook != null) {
      Runtime.getRuntime().addShutdownHook(shutdownHook);
    }
    for (CheckRunner runner : runners) {
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
    if (probe == Probe.STARTUP && startupComplete) {
      return Status.PASS; // latched: startup checks are not run again
    }
    CheckRunner[] read = byProbe.get(probe);
    long now = ticker.nanoTime(); // verdicts are judged as of the question, not after the wait
    refresh(read);
    if (gate(probe) != null) {
      return Status.FAIL;
    }
    Status status = Status.PASS;
    for (CheckRunner runner : read) {
      status = status.worse(runner.statusFor(probe, now));
    }
    return status;
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
    boolean latched = probe == Probe.STARTUP && startupComplete;
    long now = ticker.nanoTime(); // verdicts are judged as of the question, not after the wait
    if (!latched) {
      refresh(read);
    }
    List<HealthReport.Entry> entries = new ArrayList<>(read.length);
    for (CheckRunner runner : read) {
      entries.add(runner.entryFor(probe, now));
    }
    String gate = gate(probe);
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
    long now = ticker.nanoTime(); // verdicts are judged as of the question, not after the wait
    refresh(everyRunner);
    List<HealthReport.Entry> entries = new ArrayList<>(runners.size());
    List<HealthReport.Entry> counted = new ArrayList<>(runners.size());
    for (CheckRunner runner : runners) {
      var probes = runner.spec.probes();
      boolean dependsOnly = probes.contains(Probe.LIVENESS) && probes.size() == 1;
      HealthReport.Entry entry = runner.entryFor(dependsOnly ? Probe.LIVENESS : Probe.READINESS, now);
      entries.add(entry);
      boolean startupOnly = probes.contains(Probe.STARTUP) && probes.size() == 1;
      if (!(startupOnly && startupComplete)) {
        counted.add(entry);
      }
    }
    String gate = gate(Probe.READINESS);
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

  /** Why the lifecycle fails {@code probe} whatever its checks say, or null. */
  private String gate(Probe probe) {
    String broken = brokenReason;
    switch (probe) {
      case LIVENESS:
        return broken == null ? null : "broken: " + broken;
      case STARTUP:
        if (startupComplete) {
          return null;
        }
        return markedStarted ? null : "starting";
      default:
        if (stopped) {
          return "stopped";
        }
        if (draining) {
          return "draining";
        }
        if (broken != null) {
          return "broken: " + broken;
        }
        return startupComplete ? null : "starting";
    }
  }

  /** Runs stale on-demand checks among {@code read} and waits for them, bounded by their timeouts. */
  private void refresh(CheckRunner[] read) {
    CompletableFuture<?>[] waiting = null;
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
        }
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
    } catch (ExecutionException | TimeoutException e) {
      // A late or broken execution: its verdict (old, pending or timed out) is read as it is.
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Lifecycle

  /**
   * Declares initialisation finished. Startup (and so readiness) passes once every startup check
   * has also passed; liveness passes throughout.
   */
  public void markStarted() {
    markedStarted = true;
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
    synchronized (this) {
      if (brokenReason != null) {
        return;
      }
      brokenReason = safe;
    }
    publish(() -> LOG.log(Level.ERROR, "broken: {0}; liveness now fails", safe), Lifecycle.BROKEN);
  }

  /** Where the process is now. Never runs a check. */
  public Lifecycle lifecycle() {
    if (stopped) {
      return Lifecycle.STOPPED;
    }
    if (draining) {
      return Lifecycle.DRAINING;
    }
    if (brokenReason != null) {
      return Lifecycle.BROKEN;
    }
    if (!startupComplete) {
      return Lifecycle.STARTING;
    }
    long now = ticker.nanoTime();
    for (CheckRunner runner : byProbe.get(Probe.READINESS)) {
      if (runner.statusFor(Probe.READINESS, now) == Status.FAIL) {
        return Lifecycle.NOT_READY;
      }
    }
    return Lifecycle.READY;
  }

  private void maybeCompleteStartup() {
    if (startupComplete || !markedStarted) {
      return;
    }
    long now = ticker.nanoTime();
    for (CheckRunner runner : byProbe.get(Probe.STARTUP)) {
      if (runner.statusFor(Probe.STARTUP, now) == Status.FAIL) {
        return;
      }
    }
    synchronized (this) {
      if (startupComplete) {
        return;
      }
      startupComplete = true;
    }
    publish(() -> LOG.log(Level.INFO, "started: readiness now follows its checks"), Lifecycle.READY);
  }

  /**
   * Begins a graceful shutdown and returns at once: readiness fails now ("draining"), liveness
   * keeps passing; after the drain delay the shutdown tasks run in order under the shutdown
   * timeout, then checks stop. Calling it again returns the same future.
   */
  public CompletableFuture<Void> beginShutdown() {
    CompletableFuture<Void> future;
    synchronized (this) {
      if (shutdown != null) {
        return shutdown;
      }
      future = shutdown = new CompletableFuture<>();
      draining = true;
    }
    publish(
        () -> LOG.log(Level.INFO, "draining: readiness fails for {0} ms, then {1} shutdown task(s)",
            Long.toString(drainDelay.toMillis()), Integer.toString(shutdownTasks.size())),
        Lifecycle.DRAINING);
    scheduler.schedule(
        () -> {
          Thread thread = new Thread(() -> finishShutdown(future), "vitals-shutdown");
          thread.setDaemon(true);
          thread.start();
        },
        drainDelay.toNanos());
    return future;
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

  private void finishShutdown(CompletableFuture<Void> future) {
    long deadline = System.nanoTime() + shutdownTimeout.toNanos();
    List<NamedTask> tasks = List.copyOf(shutdownTasks);
    int next = 0;
    while (next < tasks.size()) {
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        break;
      }
      runTask(tasks.get(next++), remaining);
    }
    if (next < tasks.size()) {
      // The timeout is spent, most likely by a task that overran and was abandoned. The tasks
      // after it still run, in order, but nobody waits for them any more.
      List<NamedTask> late = tasks.subList(next, tasks.size());
      LOG.log(Level.WARNING, "shutdown timeout of {0} ms spent; running {1} task(s) without waiting",
          Long.toString(shutdownTimeout.toMillis()), Integer.toString(late.size()));
      Thread thread = new Thread(() -> late.forEach(Vitals::runLogged), "vitals-shutdown-late");
      thread.setDaemon(true);
      thread.start();
    }
    if (stopChecks()) {
      publish(() -> LOG.log(Level.INFO, "stopped"), Lifecycle.STOPPED);
    }
    events.shutdown();
    try {
      // The JVM halts once the SIGTERM hook returns: let listeners hear STOPPED first.
      events.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    future.complete(null);
  }

  private static void runTask(NamedTask task, long budgetNanos) {
    AtomicBoolean finished = new AtomicBoolean();
    Thread thread =
        new Thread(
            () -> {
              runLogged(task);
              finished.set(true);
            },
            "vitals-shutdown-" + task.name);
    thread.setDaemon(true);
    thread.start();
    try {
      TimeUnit.NANOSECONDS.timedJoin(thread, budgetNanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (!finished.get()) {
      thread.interrupt();
      LOG.log(Level.WARNING, "shutdown task {0} still running at the shutdown timeout; moving on",
          task.name);
    }
  }

  private static void runLogged(NamedTask task) {
    try {
      task.task.run();
    } catch (Throwable t) {
      LOG.log(Level.WARNING, "shutdown task {0} failed: {1}", task.name, Outputs.describe(t));
    }
  }

  /** Stops checks and timers; true for the one caller that actually stopped them. */
  private boolean stopChecks() {
    synchronized (this) {
      if (stopped) {
        return false;
      }
      stopped = true;
    }
    for (CheckRunner runner : runners) {
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
    CompletableFuture<Void> pending;
    synchronized (this) {
      draining = true;
      if (shutdown == null) {
        shutdown = CompletableFuture.completedFuture(null);
      }
      pending = shutdown;
    }
    if (stopChecks()) {
      publish(() -> {}, Lifecycle.STOPPED);
    }
    events.shutdown();
    // A drain in progress never ends now that the scheduler is closed: release its waiters (such
    // as the SIGTERM hook in shutdown()) instead of leaving them blocked for ever.
    pending.complete(null);
  }

  /**
   * Adds a task to run after the drain, after the tasks registered so far. For components created
   * after the engine, such as the health server itself.
   */
  public void addShutdownTask(String name, ShutdownTask task) {
    shutdownTasks.add(new NamedTask(name, task));
  }

  /** Adds a listener for verdict changes and lifecycle steps. */
  public void addListener(HealthListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /** The registrations, in registration order. */
  public List<HealthCheck> checks() {
    return checks;
  }

  /** The service identity given to the builder. */
  public ServiceInfo service() {
    return service;
  }

  // ---------------------------------------------------------------------------------------------
  // Events

  /** Called by a runner, under its lock, when a verdict changes status. */
  void onTransition(CheckRunner runner, Status from, Status to, String output) {
    HealthListener.Transition transition = new HealthListener.Transition(runner.spec, from, to, output);
    dispatch(
        () -> {
          String name = runner.spec.name();
          if (to == Status.PASS) {
            LOG.log(from == null ? Level.DEBUG : Level.INFO, "check {0}: {1} -> pass", name,
                from == null ? "pending" : from.wireName());
          } else {
            LOG.log(Level.WARNING, "check {0}: {1} -> {2} ({3})", name,
                from == null ? "pending" : from.wireName(), to.wireName(), output);
          }
          for (HealthListener listener : listeners) {
            guarded(() -> listener.onTransition(transition));
          }
        });
    if (!startupComplete && runner.spec.probes().contains(Probe.STARTUP)) {
      maybeCompleteStartup();
    }
  }

  private void publish(Runnable log, Lifecycle lifecycle) {
    dispatch(
        () -> {
          log.run();
          for (HealthListener listener : listeners) {
            guarded(() -> listener.onLifecycle(lifecycle));
          }
        });
  }

  private void dispatch(Runnable event) {
    try {
      events.execute(event);
    } catch (java.util.concurrent.RejectedExecutionException stopped) {
      // after close(): nobody is listening any more
    }
  }

  private static void guarded(Runnable call) {
    try {
      call.run();
    } catch (Throwable t) {
      LOG.log(Level.WARNING, "health listener failed: {0}", Outputs.describe(t));
    }
  }

  private static ExecutorService pool(String prefix, int threads, List<ExecutorService> owned) {
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
            daemonThreads(prefix));
    pool.allowCoreThreadTimeOut(true);
    owned.add(pool);
    return pool;
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread =
          new Thread(runnable, prefix.endsWith("-") ? prefix + count.incrementAndGet() : prefix);
      thread.setDaemon(true);
      return thread;
    };
  }

  private record NamedTask(String name, ShutdownTask task) {
    NamedTask {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("shutdown task name must not be blank");
      }
      Objects.requireNonNull(task, "shutdown task " + name);
    }
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * Configures an engine. Setters validate at once and name the field they reject; {@link
   * #build()} starts the background checks.
   */
  public static final class Builder {
    private final Map<String, HealthCheck> checks = new LinkedHashMap<>();
    private final List<HealthListener> listeners = new ArrayList<>();
    private final List<NamedTask> shutdownTasks = new ArrayList<>();
    private String version;
    private String releaseId;
    private String serviceId;
    private String description;
    private Duration drainDelay = Duration.ofSeconds(5);
    private Duration shutdownTimeout = Duration.ofSeconds(10);
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

    /** Adds a task to run after the drain, in registration order. */
    public Builder shutdownTask(String name, ShutdownTask task) {
      shutdownTasks.add(new NamedTask(name, task));
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
