package dev.vitals.cli;

import dev.vitals.lint.Lint;
import dev.vitals.lint.LintException;
import dev.vitals.lint.LintOptions;
import dev.vitals.lint.Report;
import dev.vitals.lint.ReportWriter;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code vitals lint [BASE_URL] [--k8s FILE]... [options]}: audits a running service's health
 * endpoints and Kubernetes manifests' probes, prints the report in the chosen format on stdout,
 * and exits 0 with no error found, 1 with errors, 2 when it cannot run.
 *
 * <p>Manifests are given with {@code --k8s FILE}, repeatable; once one is given, every operand
 * that is not an http(s) URL is a manifest too, so that {@code --k8s k8s/*.yaml} takes what the
 * shell expands. At most one operand is a URL: the base URL. The token for the detailed view comes
 * from {@code --token} or else from {@value #TOKEN_VARIABLE}, which keeps it out of {@code ps}.
 *
 * <p>Only {@link Main} for {@code lint} names this class, so that no other command loads lint's
 * classes (the YAML parser among them).
 */
final class LintCommand {
  static final String TOKEN_VARIABLE = "VITALS_LINT_TOKEN";

  private static final Set<String> VALUED = Set.of("k8s", "live", "ready", "startup", "details",
      "token", "format", "concurrency", "timeout", "run", "port", "start-timeout");

  /** A command line understood: what to lint, and how to print it. */
  record Parsed(LintOptions options, ReportWriter format) {}

  private final PrintStream out;
  private final PrintStream err;
  private final Function<LintOptions, Report> lint;

  LintCommand(PrintStream out, PrintStream err) {
    this(out, err, Lint::run);
  }

  /** With {@code lint} in place of {@link Lint#run}: tests print a report without a service. */
  LintCommand(PrintStream out, PrintStream err, Function<LintOptions, Report> lint) {
    this.out = out;
    this.err = err;
    this.lint = lint;
  }

  /**
   * Lints what {@code args} name and prints the report; returns the exit status. A bad command
   * line is a {@link Usage} error for {@link Main} to print.
   */
  int run(List<String> args, Map<String, String> environment) {
    Parsed parsed = parse(args, environment);
    Report report;
    try {
      report = lint.apply(parsed.options());
    } catch (LintException e) {
      err.println("vitals lint: " + e.getMessage());
      return 2;
    } catch (RuntimeException e) { // a bug: exit 2, "could not lint", never 1, "errors found"
      err.println("vitals lint: internal error: " + e);
      e.printStackTrace(err);
      return 2;
    }
    parsed.format().write(report, out);
    return report.exitStatus();
  }

  /** The options and format {@code args} ask for; {@link Usage} naming what is wrong. */
  static Parsed parse(List<String> args, Map<String, String> environment) {
    Options options = new Options("lint", args, Set.of(), VALUED);
    LintOptions.Builder builder = LintOptions.builder();
    try {
      String baseUrl = null;
      List<String> manifests = new ArrayList<>(options.all("k8s"));
      for (String operand : options.operands()) {
        if (operand.startsWith("http://") || operand.startsWith("https://")) {
          if (baseUrl != null) {
            throw new Usage("lint: one base URL at a time, got '" + baseUrl + "' and '" + operand + "'");
          }
          baseUrl = operand;
        } else if (!manifests.isEmpty()) {
          manifests.add(operand);
        } else {
          throw new Usage("lint: '" + operand + "' is not an http:// or https:// URL (give manifests with --k8s FILE)");
        }
      }
      for (String manifest : manifests) {
        Path path = Path.of(manifest);
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
          throw new Usage("lint: cannot read manifest '" + manifest + "'"
              + (Files.exists(path) ? "" : ": no such file"));
        }
        builder.manifest(path);
      }
      if (baseUrl != null) {
        builder.baseUrl(baseUrl);
      }
      builder.livePath(last(options, "live"))
          .readyPath(last(options, "ready"))
          .startupPath(last(options, "startup"))
          .detailsPath(last(options, "details"));
      String token = last(options, "token");
      if (token == null) {
        token = environment.get(TOKEN_VARIABLE);
      }
      builder.token(token == null || token.isEmpty() ? null : token);
      Integer concurrency = number(options, "concurrency");
      if (concurrency != null) {
        builder.concurrency(concurrency);
      }
      Duration timeout = options.duration("lint", "timeout", null);
      if (timeout != null) {
        builder.requestTimeout(timeout);
      }
      lifecycle(options, builder, baseUrl);
      return new Parsed(builder.build(), format(last(options, "format")));
    } catch (IllegalArgumentException e) { // LintOptions' messages name the option and the value
      throw new Usage("lint: " + e.getMessage());
    }
  }

  /** {@code --run COMMAND --port N [--start-timeout D]}: lint starts the service itself. */
  private static void lifecycle(Options options, LintOptions.Builder builder, String baseUrl) {
    String run = last(options, "run");
    Integer port = number(options, "port");
    Duration startTimeout = options.duration("lint", "start-timeout", null);
    if (run == null) {
      if (port != null || startTimeout != null) {
        throw new Usage("lint: --" + (port != null ? "port" : "start-timeout") + " goes with --run");
      }
      return;
    }
    if (baseUrl != null) {
      throw new Usage("lint: give a BASE_URL or --run, not both (--run lints http://127.0.0.1:PORT)");
    }
    builder.run(run, port == null ? 0 : port); // LintOptions says what a missing port means
    if (startTimeout != null) {
      builder.startTimeout(startTimeout);
    }
  }

  private static ReportWriter format(String format) {
    if (format == null) {
      return ReportWriter.TEXT;
    }
    switch (format) {
      case "text":
        return ReportWriter.TEXT;
      case "json":
        return ReportWriter.JSON;
      case "sarif":
        return ReportWriter.SARIF;
      default:
        throw new Usage("lint: --format must be text, json or sarif, got '" + format + "'");
    }
  }

  /** The last value given for option {@code name} (a later one wins), or null. */
  private static String last(Options options, String name) {
    List<String> given = options.all(name);
    return given.isEmpty() ? null : given.get(given.size() - 1);
  }

  private static Integer number(Options options, String name) {
    String value = last(options, name);
    if (value == null) {
      return null;
    }
    try {
      return Integer.valueOf(value);
    } catch (NumberFormatException e) {
      throw new Usage("lint: --" + name + " must be a whole number, got '" + value + "'");
    }
  }
}
