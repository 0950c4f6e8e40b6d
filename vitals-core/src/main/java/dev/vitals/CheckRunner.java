package dev.vitals;

import dev.vitals.spi.Deadline;
import dev.vitals.spi.Outputs;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/*
 * Runs one check and keeps its verdict: rules 1, 2, 3, 4 and 6 of docs/DESIGN.md.
 *
 * Single flight: `inFlight` holds the one execution of this check that owns a thread or a place
 * in the executor's queue. Background ticks and on-demand probes both go through trigger(); if an
 * execution is in flight they join it instead of starting another, so a hung dependency holds at
 * most one thread of this check however many probes arrive.
 *
 * Deadline: the deadline timer is armed when an execution is submitted, not when it starts, so an
 * execution stuck in the queue behind busy workers fails on time too. Whoever moves the
 * execution's state out of QUEUED/RUNNING first (the check returning, or the timer) records the
 * verdict and completes `done`; the loser does nothing. The timer interrupts the worker if the
 * check is still running. The single-flight slot is released only when the worker actually leaves
 * the check (or skips a task that expired in the queue), so a check that ignores interrupts keeps
 * its one thread and gets no second one; its verdict meanwhile reads "timed out", then "stale".
 *
 * Verdicts: record() applies the thresholds and swaps an immutable Verdict into a volatile field;
 * probes read that field without locks. Reads never block on a running check.
 *
 * Schedule (rule 3): each tick triggers a run and schedules the next one, `interval` away, or
 * `recoveryInterval` while the verdict reads fail. A verdict that turns to fail between ticks (the
 * run ends after its tick was scheduled) pulls the next tick forward to `recoveryInterval` from
 * now. One tick is scheduled at a time: `nextTick` is replaced, under this runner's lock, never
 * added to. Reports from the application's traffic (suspect()) trigger a run out of schedule, at
 * most once per hold-off and never while the verdict already reads fail; they never record a
 * verdict themselves.
 */
final class CheckRunner {
  private static final int QUEUED = 0;
  private static final int RUNNING = 1;
  private static final int DONE = 2;
  private static final int EXPIRED = 3;
  private static final long NEVER = Long.MIN_VALUE;

  final HealthCheck spec;
  private final long timeoutNanos;
  private final long intervalNanos;
  private final long recoveryNanos;
  private final long ttlNanos;
  private final long staleNanos;
  private final Ticker ticker;
  private final Scheduler scheduler;
  private final Executor executor;
  private final Vitals owner;
  final CheckMetrics metrics;

  private final AtomicReference<Execution> inFlight = new AtomicReference<>();
  private volatile Verdict verdict = Verdict.PENDING;
  private volatile boolean stopped;
  private final AtomicLong reported = new AtomicLong(NEVER); // ticker reading of the last report
  private Scheduler.Cancellable nextTick; // guarded by this
  private long nextTickDue; // guarded by this
  private int failuresInRow; // guarded by this
  private int passesInRow; // guarded by this
  private String failure; // guarded by this; the output of the failure a recovery is counted from

  CheckRunner(HealthCheck spec, Ticker ticker, Scheduler scheduler, Executor executor, Vitals owner) {
    this.spec = spec;
    this.timeoutNanos = spec.timeout().toNanos();
    this.intervalNanos = spec.background() ? spec.interval().toNanos() : 0;
    this.recoveryNanos = spec.background() ? spec.recoveryInterval().toNanos() : 0;
    this.ttlNanos = spec.background() ? 0 : spec.ttl().toNanos();
    this.staleNanos = spec.staleAfter().toNanos();
    this.ticker = ticker;
    this.scheduler = scheduler;
    this.executor = executor;
    this.owner = owner;
    this.metrics = new CheckMetrics(this, ticker);
  }

  /** Starts the background schedule (first run now); on-demand checks wait for a probe. */
  void start() {
    if (spec.background()) {
      tick();
    }
  }

  void stop() {
    stopped = true;
  }

  private void tick() {
    if (stopped) {
      return;
    }
    trigger();
    scheduleTick(false);
  }

  /**
   * Schedules the next tick: {@code recoveryInterval} from now while the verdict reads fail,
   * otherwise {@code interval}, replacing the tick scheduled before; with {@code soonerOnly}, only
   * if that comes sooner than the one already scheduled (a verdict that has just turned to fail).
   */
  private synchronized void scheduleTick(boolean soonerOnly) {
    long period = verdict.status == Status.FAIL ? recoveryNanos : intervalNanos;
    // Up to 10% early, never late, so that runs of many checks spread out and a verdict is
    // always renewed well within staleAfter.
    long delay = period - ThreadLocalRandom.current().nextLong(period / 10 + 1);
    long due = ticker.nanoTime() + delay;
    if (stopped || (soonerOnly && nextTick != null && nextTickDue - due <= 0)) {
      return;
    }
    if (nextTick != null) {
      nextTick.cancel(); // harmless when it is the tick running now
    }
    nextTickDue = due;
    nextTick = scheduler.schedule(this::tick, delay);
  }

  /**
   * A report from the application that this check's dependency has just failed in real use (rule
   * 3): a hint, never a verdict. Taken at most once per {@code holdOffNanos}, and not while the
   * verdict already reads fail (the recovery interval is re-checking it) or once stopped. A
   * background check then runs at once, or joins the execution in flight (rule 2); an on-demand
   * check's verdict stops being reused, so the next probe that reads it runs it. Never blocks,
   * unless the engine was given an executor that runs checks on the calling thread.
   *
   * @return whether the report was taken
   */
  boolean suspect(long holdOffNanos) {
    if (stopped || verdict.status == Status.FAIL) {
      return false;
    }
    long now = ticker.nanoTime();
    long last = reported.get();
    if ((last != NEVER && now - last < holdOffNanos) || !reported.compareAndSet(last, now)) {
      return false; // within the hold-off, or another report won the race
    }
    if (spec.background()) {
      trigger();
    }
    return true;
  }

  /**
   * The verdict a probe should read: for an on-demand check whose verdict is older than its TTL,
   * the future of a (possibly shared) new execution, completing by its deadline; otherwise the
   * current verdict.
   */
  CompletableFuture<Verdict> refresh() {
    Verdict current = verdict;
    if (spec.background()
        || (!current.pending() && ticker.nanoTime() - current.observedNanos < ttlNanos
            && reported.get() <= current.observedNanos)) { // no report since: still fresh
      return CompletableFuture.completedFuture(current);
    }
    return trigger().done;
  }

  /**
   * Fails the execution behind {@code waited} if it is still queued or running, as its deadline
   * timer would: for a probe that has waited past that deadline while the timer, late, has not
   * fired. Whoever gets there first records the verdict; the other does nothing.
   */
  void expireLate(CompletableFuture<?> waited) {
    Execution execution = inFlight.get();
    if (execution != null && execution.done == waited) {
      execution.expire();
    }
  }

  private Execution trigger() {
    while (true) {
      Execution current = inFlight.get();
      if (current != null) {
        return current;
      }
      Execution execution = new Execution();
      if (inFlight.compareAndSet(null, execution)) {
        execution.submit();
        return execution;
      }
    }
  }

  /**
   * This check's status as {@code probe} reads it at {@code now}, for a probe's answer (a stale
   * verdict read here is counted). Allocation-free.
   */
  Status statusFor(Probe probe, long now) {
    return judge(probe, now, true);
  }

  /**
   * As {@link #statusFor}, for metrics: nothing is counted, and an on-demand check's verdict is
   * read as it stands however old (see {@link #ownStatus}).
   */
  Status heldStatusFor(Probe probe, long now) {
    return judge(probe, now, false);
  }

  private Status judge(Probe probe, long now, boolean answering) {
    Verdict v = verdict;
    Status status;
    if (v.pending()) {
      // Never completed: no pass for readiness and startup (rule 4); liveness only warns, so that
      // a restart never comes from a check that has not had its first run.
      status = probe == Probe.LIVENESS ? Status.WARN : Status.FAIL;
    } else if (now - v.observedNanos > staleNanos && (answering || spec.background())) {
      status = Status.FAIL; // stale: fail (rule 4)
      if (answering) {
        metrics.readStale();
      }
    } else {
      status = v.status;
    }
    return status == Status.FAIL && !spec.critical() ? Status.WARN : status; // rule 5
  }

  /**
   * The check's own status at {@code now}, for metrics: null while pending; FAIL when a background
   * check's verdict is stale. An on-demand check's verdict ages between probes by design (the next
   * probe runs it again before reading it), so it is read as it stands.
   */
  Status ownStatus(long now) {
    Verdict v = verdict;
    if (v.pending()) {
      return null;
    }
    return spec.background() && now - v.observedNanos > staleNanos ? Status.FAIL : v.status;
  }

  /** Nanoseconds since the verdict was observed at {@code now}; NaN while pending. */
  double verdictAgeNanos(long now) {
    Verdict v = verdict;
    return v.pending() ? Double.NaN : now - v.observedNanos;
  }

  /** This check as {@code probe} reads it at {@code now}, with its output and observation. */
  HealthReport.Entry entryFor(Probe probe, long now) {
    Verdict v = verdict;
    Status status = statusFor(probe, now);
    String output;
    if (v.pending()) {
      output = "not yet checked";
    } else if (now - v.observedNanos > staleNanos) {
      output = "stale: last checked " + ((now - v.observedNanos) / 1_000_000_000L) + " s ago";
    } else {
      output = v.output;
    }
    return new HealthReport.Entry(
        spec, status, status == Status.PASS ? null : output, v.observedValue, v.observedUnit,
        v.observedAt, v.pending() ? null : Duration.ofNanos(v.durationNanos));
  }

  /** Applies the thresholds to a raw result and publishes the new verdict. */
  private synchronized Verdict record(Result raw, long observedNanos, long durationNanos) {
    Verdict old = verdict;
    if (stopped) {
      return old; // an execution interrupted by the engine stopping says nothing about the check
    }
    Status status = raw.status();
    String output = status == Status.PASS ? null : Outputs.sanitize(raw.output());
    if (status == Status.FAIL) {
      failuresInRow++;
      passesInRow = 0;
      if (!old.pending() && old.status != Status.FAIL && failuresInRow < spec.failureThreshold()) {
        status = old.status; // holding: not enough failures in a row yet
        output = old.output;
      }
    } else {
      passesInRow++;
      failuresInRow = 0;
      if (!old.pending() && old.status == Status.FAIL && passesInRow < spec.successThreshold()) {
        status = Status.FAIL; // holding: not enough passes in a row yet
        output = "recovering (" + passesInRow + " of " + spec.successThreshold() + " passes): "
            + failure;
      }
    }
    if (status == Status.FAIL && passesInRow == 0) {
      failure = output; // a failure counted as such, which a recovery will quote
    }
    Object value = raw.observedValue();
    String unit = raw.observedUnit();
    if (value == null && spec.measurement().equals("responseTime")) {
      value = durationNanos / 1_000_000L; // the response time is what this measurement observes
      unit = "ms";
    }
    Verdict next =
        new Verdict(status, output, value, unit, observedNanos, ticker.now(), durationNanos);
    verdict = next;
    if (status == Status.FAIL && spec.background()) {
      scheduleTick(true); // rule 3: re-check at the recovery interval from now on
    }
    if (!old.pending() && old.status != status) {
      metrics.changed();
    }
    if (old.pending() || old.status != status) {
      owner.onTransition(this, old.pending() ? null : old.status, status, output);
    }
    return next;
  }

  /** Counts one finished execution and tells the listeners. */
  private void executed(long durationNanos, Status raw, boolean timedOut) {
    if (!stopped) {
      metrics.executed(durationNanos, timedOut);
      owner.onExecution(spec, durationNanos, raw, timedOut);
    }
  }

  /** One execution of the check: queued, running, then done or expired. */
  private final class Execution implements Runnable {
    final CompletableFuture<Verdict> done = new CompletableFuture<>();
    private final AtomicInteger state = new AtomicInteger(QUEUED);
    private final long submittedNanos = ticker.nanoTime();
    private final Deadline budget = Deadline.after(spec.timeout()); // real time: it bounds I/O
    private Scheduler.Cancellable deadline;
    private Thread worker; // guarded by this

    void submit() {
      deadline = scheduler.schedule(this::expire, timeoutNanos);
      try {
        executor.execute(this);
      } catch (RejectedExecutionException e) {
        deadline.cancel();
        if (state.compareAndSet(QUEUED, EXPIRED)) {
          done.complete(record(Result.fail("not run: check executor is shut down"), ticker.nanoTime(), 0));
        }
        inFlight.compareAndSet(this, null);
      }
    }

    @Override
    public void run() {
      if (!state.compareAndSet(QUEUED, RUNNING)) {
        inFlight.compareAndSet(this, null); // expired while queued
        return;
      }
      synchronized (this) {
        worker = Thread.currentThread();
        if (state.get() == EXPIRED) {
          worker.interrupt(); // the deadline passed between our start and this line
        }
      }
      long began = ticker.nanoTime();
      Result result;
      try {
        result = budget.call(spec.check());
        if (result == null) {
          result = Result.fail("check returned null");
        }
      } catch (Throwable t) {
        result = Result.fail(Outputs.describe(t));
      } finally {
        synchronized (this) {
          worker = null;
        }
        Thread.interrupted(); // an interrupt aimed at this check must not reach the next task
      }
      try {
        if (state.compareAndSet(RUNNING, DONE)) {
          deadline.cancel();
          long end = ticker.nanoTime();
          done.complete(record(result, end, end - began));
          executed(end - began, result.status(), false);
        }
      } finally {
        inFlight.compareAndSet(this, null);
      }
    }

    /** The deadline timer: fail the execution and interrupt its worker if it is still running. */
    private void expire() {
      int seen = state.get();
      while (seen == QUEUED || seen == RUNNING) {
        if (state.compareAndSet(seen, EXPIRED)) {
          String why = "timed out after " + spec.timeout().toMillis() + " ms"
              + (seen == QUEUED ? " waiting for a free check thread" : "");
          long now = ticker.nanoTime();
          done.complete(record(Result.fail(why), now, now - submittedNanos));
          executed(now - submittedNanos, Status.FAIL, true);
          if (seen == RUNNING) {
            synchronized (this) {
              if (worker != null) {
                worker.interrupt();
              }
            }
          }
          return;
        }
        seen = state.get();
      }
    }
  }
}
