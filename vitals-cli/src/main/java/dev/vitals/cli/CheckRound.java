package dev.vitals.cli;

import dev.vitals.CheckUris;
import dev.vitals.HealthCheck;
import dev.vitals.HealthReport;
import dev.vitals.Probe;
import dev.vitals.Vitals;
import dev.vitals.spi.CheckUri;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The checks named by URIs, on one engine: every round runs them all concurrently, each under its
 * deadline, and a check still hung from an earlier round is not started twice (single flight).
 * The same engine as any service's, so the command answers exactly as an endpoint would.
 */
final class CheckRound implements AutoCloseable {
  private final Vitals vitals;

  CheckRound(String command, List<String> uris, Duration timeout) {
    if (uris.isEmpty()) {
      throw new Usage(command + ": give at least one check URI");
    }
    CheckUris providers = CheckUris.loaded();
    Vitals.Builder builder = Vitals.builder().shutdownHook(false).drainDelay(Duration.ZERO);
    Set<String> names = new HashSet<>();
    for (String uri : uris) {
      CheckUri parsed = null;
      try {
        parsed = CheckUri.parse(uri);
        HealthCheck.Builder check = providers.builder(parsed);
        // The command's timeout is the registration's, the one deadline the check's I/O reads;
        // a URI's own timeout parameter wins.
        if (timeout != null && parsed.parameter("timeout") == null) {
          check.timeout(timeout);
        }
        // Every URI is read as a readiness check run on demand: each round runs it afresh.
        check.probes(Probe.READINESS).onDemand(Duration.ZERO);
        HealthCheck built = check.build();
        String name = built.name();
        for (int n = 2; !names.add(name); n++) {
          name = built.name() + "-" + n;
        }
        builder.check(check.name(name));
      } catch (IllegalArgumentException e) {
        throw new Usage(command + ": " + e.getMessage());
      } catch (IllegalStateException e) {
        // A setting that contradicts how the command runs checks, e.g. ?interval=5s: the builder
        // names the two settings; say where it came from.
        throw new Usage(command + ": " + e.getMessage() + ", in '" + parsed
            + "': the command runs every check on demand; leave interval out");
      }
    }
    vitals = builder.build();
    vitals.markStarted();
  }

  /** Runs every check once (or joins a hung one) and reports; takes at most the longest timeout. */
  HealthReport run() {
    return vitals.details();
  }

  @Override
  public void close() {
    vitals.close();
  }
}
