package dev.vitals.lint;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The service that lint starts in lifecycle mode, and stops as Kubernetes would.
 *
 * <p>How it is run: {@code sh -c COMMAND}, so that COMMAND may be what one types in a terminal
 * ({@code PORT=8080 java -jar app.jar}, {@code cd app && ./run}). Its standard output and error go
 * to a temporary file, never to lint's own output; standard input is closed.
 *
 * <p>How it is signalled: a shell may exec a simple command or fork it (Debian's dash forks), and
 * a shell that forked does not pass SIGTERM on. So SIGTERM goes to the shell's children, the
 * commands it runs, which are what the container runtime would signal had the shell exec'd them;
 * to the shell itself only when it has no child (it exec'd). The shell, left alone, waits for its
 * children and reaps them, so none is orphaned. A wrapper script among the children that neither
 * execs its service nor forwards the signal keeps SIGTERM from the service, here as in a pod: the
 * service is then killed at the end of the grace period (VL303), which is the truth about that
 * wrapper. Other descendants are not signalled: a service that runs workers stops them itself.
 *
 * <p>How it is cleaned up: when signalled, the whole process tree (the shell and every
 * descendant) is captured; the service has exited when every process of it has, orphans
 * included. {@link #kill()} sends SIGKILL to all of it and to whatever was started since, and
 * {@link #close()} kills what is left on every way out, as does a JVM shutdown hook should lint
 * itself be stopped (Ctrl-C) while the service runs.
 */
final class ServiceProcess implements AutoCloseable {
  private static final int TAIL_LINES = 20;

  private final Process shell;
  private final Path log;
  private final long origin;
  private final Thread killOnExit = new Thread(this::kill, "vitals-lint-kill-service");
  private volatile List<ProcessHandle> tree = List.of();
  private volatile String signalled = "";

  private ServiceProcess(Process shell, Path log, long origin) {
    this.shell = shell;
    this.log = log;
    this.origin = origin;
    Runtime.getRuntime().addShutdownHook(killOnExit);
  }

  /** Starts {@code sh -c command}; {@link LintException} if it cannot be run at all. */
  static ServiceProcess start(String command) {
    Path log;
    try {
      log = Files.createTempFile("vitals-lint-service-", ".log");
    } catch (IOException e) {
      throw new LintException("cannot create a file for the service's output: " + e.getMessage(), e);
    }
    ProcessBuilder builder = new ProcessBuilder("sh", "-c", command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    long origin = System.nanoTime();
    try {
      Process shell = builder.start();
      shell.getOutputStream().close();
      return new ServiceProcess(shell, log, origin);
    } catch (IOException e) {
      throw new LintException("cannot run sh -c '" + command + "': " + e.getMessage(), e);
    }
  }

  /** When it was started, as {@link System#nanoTime()}. */
  long origin() {
    return origin;
  }

  /** Whether the shell still runs: false once the command has ended. */
  boolean alive() {
    return shell.isAlive();
  }

  /** The shell's exit status (the command's; 128 + N for a signal N); it must have ended. */
  int exitStatus() {
    return shell.exitValue();
  }

  /** The file that holds the service's output. */
  Path log() {
    return log;
  }

  /** Deletes the output file: nothing went wrong. */
  void discardLog() {
    try {
      Files.deleteIfExists(log);
    } catch (IOException e) {
      // A temporary file: the system cleans it up in the end.
    }
  }

  /** Sends SIGTERM as the class comment says; returns when, from the start. */
  Duration sigterm() {
    List<ProcessHandle> children = shell.children().collect(Collectors.toList());
    List<ProcessHandle> all = new ArrayList<>();
    all.add(shell.toHandle());
    shell.descendants().forEach(all::add);
    tree = List.copyOf(all);
    List<ProcessHandle> targets = children.isEmpty() ? List.of(shell.toHandle()) : children;
    signalled = targets.stream().map(ServiceProcess::describe).collect(Collectors.joining(", "));
    Duration at = Prober.since(origin);
    targets.forEach(ProcessHandle::destroy); // SIGTERM on Unix
    return at;
  }

  /** Who got SIGTERM, e.g. {@code pid 4321 (java)}. */
  String signalled() {
    return signalled;
  }

  /** Whether the shell and every process of the tree captured at SIGTERM have exited. */
  boolean exited() {
    return !shell.isAlive() && tree.stream().noneMatch(ProcessHandle::isAlive);
  }

  /** Waits until {@link #exited()} or {@code within} has passed; returns whether it exited. */
  boolean awaitExit(Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    while (!exited()) {
      if (System.nanoTime() - deadline > 0) {
        return false;
      }
      Prober.pause();
    }
    return true;
  }

  /** SIGKILL to the tree captured at SIGTERM, to every descendant started since, and the shell. */
  void kill() {
    List<ProcessHandle> all = new ArrayList<>(tree);
    shell.descendants().forEach(all::add);
    all.forEach(ProcessHandle::destroyForcibly);
    shell.destroyForcibly();
  }

  /**
   * The last lines of the service's output and where the rest is, to end a message with, e.g.
   * {@code ; its last output (all of it in /tmp/…):} and the lines indented.
   */
  String output() {
    List<String> lines;
    try {
      // Decoded leniently: a service may print anything.
      lines = new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().collect(Collectors.toList());
    } catch (IOException e) {
      return "; its output in " + log + " cannot be read: " + e.getMessage();
    }
    if (lines.isEmpty()) {
      return "; it printed nothing (" + log + ")";
    }
    return "; its last output (all of it in " + log + "):\n  "
        + String.join("\n  ", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
  }

  /** Kills what is left of the service, and waits (10 s at most) until it has gone. */
  @Override
  public void close() {
    if (!exited()) {
      kill();
      try {
        awaitExit(Duration.ofSeconds(10));
      } catch (LintException interrupted) {
        // SIGKILL is sent: the processes go whether or not lint waits for them.
      }
    }
    try {
      Runtime.getRuntime().removeShutdownHook(killOnExit);
    } catch (IllegalStateException e) {
      // The JVM is shutting down: the hook runs anyway, and finds nothing left to kill.
    }
  }

  private static String describe(ProcessHandle process) {
    String command = process.info().command().map(c -> Path.of(c).getFileName().toString()).orElse("?");
    return "pid " + process.pid() + " (" + command + ")";
  }
}
