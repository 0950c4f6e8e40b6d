package dev.vitals.cli;

import dev.vitals.CheckUris;
import dev.vitals.HealthJson;
import dev.vitals.HealthReport;
import dev.vitals.Status;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The {@code vitals} command: {@code check}, {@code wait}, {@code probe} and {@code lint}. Exit
 * status 0 when healthy (lint: no error found), 1 when not, 2 for a command line it cannot run.
 */
public final class Main {
  /**
   * The timeout of a check whose URI sets none. Longer than a service's default (1 s): the
   * command runs in a cold JVM, where each client's first use loads its classes.
   */
  private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(3);

  private final PrintStream out;
  private final PrintStream err;

  Main(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    if (args.length > 0 && args[0].equals("probe")) { // every few seconds: nothing else set up
      System.exit(new Main(System.out, System.err).run(args));
    }
    if (!Arrays.asList(args).contains("--verbose")) {
      Logger.getLogger("").setLevel(Level.OFF); // the engine's transition log is noise here
    }
    System.exit(new Main(System.out, System.err).run(args));
  }

  /** Runs one command line and returns its exit status. */
  int run(String... args) {
    try {
      if (args.length == 0) {
        err.print(Help.MAIN);
        return 2;
      }
      List<String> rest = List.of(args).subList(1, args.length);
      if (rest.contains("--help") || rest.contains("-h")) {
        return help(args[0]);
      }
      switch (args[0]) {
        case "-h":
        case "--help":
        case "help":
          return rest.isEmpty() ? help("--help") : help(rest.get(0));
        case "--version":
        case "version":
          out.println("vitals " + version());
          return 0;
        case "check":
          return check(rest);
        case "wait":
          return waitFor(rest);
        case "probe":
          return probe(rest);
        case "lint":
          return lint(rest);
        default:
          throw new Usage("unknown command '" + args[0] + "'");
      }
    } catch (Usage e) {
      String message = e.getMessage();
      boolean ofCommand = message.matches("(check|wait|probe|lint): .*");
      err.println("vitals" + (ofCommand ? " " : ": ") + message);
      err.println("Try 'vitals --help'.");
      return 2;
    }
  }

  private int help(String command) {
    switch (command) {
      case "check":
        out.print(Help.CHECK);
        break;
      case "wait":
        out.print(Help.WAIT);
        break;
      case "probe":
        out.print(Help.PROBE);
        break;
      case "lint":
        out.print(Help.LINT);
        break;
      case "--help":
      case "-h":
      case "help":
        out.print(Help.MAIN);
        break;
      default:
        throw new Usage("unknown command '" + command + "'");
    }
    if (command.equals("check") || command.equals("wait")) {
      out.println("SCHEMES ON THIS CLASS PATH");
      out.println("       " + String.join(", ", CheckUris.loaded().schemes()));
    }
    return 0;
  }

  private int check(List<String> args) {
    Options options = new Options("check", args, Set.of("json", "verbose"), Set.of("timeout"));
    Duration timeout = options.duration("check", "timeout", CHECK_TIMEOUT);
    try (CheckRound round = new CheckRound("check", options.operands(), timeout)) {
      HealthReport report = round.run();
      if (options.flag("json")) {
        out.println(HealthJson.toJson(report));
      } else {
        Table.print(report, out);
      }
      return report.status() == Status.FAIL ? 1 : 0;
    }
  }

  private int waitFor(List<String> args) {
    Options options =
        new Options("wait", args, Set.of("quiet", "verbose"), Set.of("timeout", "interval", "check-timeout"));
    Duration timeout = options.duration("wait", "timeout", Duration.ofSeconds(60));
    Duration interval = options.duration("wait", "interval", Duration.ofSeconds(1));
    Duration checkTimeout = options.duration("wait", "check-timeout", CHECK_TIMEOUT);
    boolean quiet = options.flag("quiet");
    long started = System.nanoTime();
    long deadline = started + timeout.toNanos();
    try (CheckRound round = new CheckRound("wait", options.operands(), checkTimeout)) {
      while (true) {
        HealthReport report = round.run();
        long now = System.nanoTime();
        String elapsed = String.format("%.1f s", (now - started) / 1e9);
        if (report.status() != Status.FAIL) {
          if (!quiet) {
            err.println("vitals wait: ready after " + elapsed);
          }
          return 0;
        }
        if (now >= deadline) {
          err.println("vitals wait: gave up after " + elapsed + ": " + failures(report));
          return 1;
        }
        if (!quiet) {
          err.println("vitals wait: " + elapsed + ": " + failures(report));
        }
        try {
          Thread.sleep(Math.max(1, Math.min(interval.toMillis(), (deadline - now) / 1_000_000)));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return 1;
        }
      }
    }
  }

  private static String failures(HealthReport report) {
    StringBuilder line = new StringBuilder();
    for (HealthReport.Entry entry : report.checks()) {
      if (entry.status() == Status.FAIL) {
        line.append(line.length() == 0 ? "" : "; ")
            .append(entry.name()).append(" ").append(entry.output());
      }
    }
    return line.toString();
  }

  private int probe(List<String> args) {
    return new ProbeCommand(out, err).run(args);
  }

  // Through LintCommand only: no other command loads lint's classes.
  private int lint(List<String> args) {
    return new LintCommand(out, err).run(args, System.getenv());
  }

  private static String version() {
    String version = Main.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }
}
