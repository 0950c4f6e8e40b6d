package dev.vitals.cli;

/** The manual pages, printed by {@code --help}. */
final class Help {
  private Help() {}

  static final String MAIN = """
      NAME
             vitals - check a service's dependencies, wait for them, probe a health endpoint

      SYNOPSIS
             vitals check [--json] [--timeout DURATION] URI...
             vitals wait [--timeout DURATION] [--interval DURATION] [--check-timeout DURATION] [--quiet] URI...
             vitals probe [--timeout DURATION] [--header 'Name: value'] URL
             vitals --help | vitals COMMAND --help | vitals --version

      DESCRIPTION
             check   runs the checks named by URIs once, concurrently, each under its deadline,
                     and prints a table (or application/health+json with --json).
             wait    runs them every interval until all pass, for init containers and start-up
                     scripts (the job of wait-for-it.sh and dockerize).
             probe   GETs a health endpoint and exits 0 on a 2xx answer: a Docker HEALTHCHECK for
                     images without curl.

             A check URI is one string: scheme, target and policy, e.g.
                 postgresql://app:secret@db:5432/notes?timeout=500ms
                 redis://cache:6379?critical=false
                 tcp://broker:9092
             Passwords are never printed: outputs and errors show **** instead.

      EXIT STATUS
             0  healthy (check: every critical check passes; wait: ready in time; probe: 2xx)
             1  unhealthy (a critical check fails; wait gave up; probe got no 2xx or no answer)
             2  the command line is wrong (unknown command, option, scheme or bad value)

      Run 'vitals COMMAND --help' for the options of each command.
      """;

  static final String CHECK = """
      NAME
             vitals check - run dependency checks once and report

      SYNOPSIS
             vitals check [--json] [--timeout DURATION] URI...

      DESCRIPTION
             Runs every check concurrently; each ends by its timeout, so the command ends by the
             largest one. A check whose URI says critical=false only warns. Prints one row per
             check: name, status (pass, warn, fail), time taken, observed value, output.
             Checks named alike get -2, -3... appended.

      OPTIONS
             --json               print application/health+json instead of a table
             --timeout DURATION   timeout of each check whose URI sets none (default 3s: a cold
                                  JVM loads each client's classes on first use)
             --verbose            log the engine's verdict changes to stderr

      URI POLICY PARAMETERS
             name=NAME            the check's name (default: from the scheme)
             timeout=DURATION     deadline of the check, e.g. 500ms, 2s
             critical=false       a failure only warns (exit status stays 0)
             Durations are written 500ms, 5s, 2m, 1h. Other parameters belong to the scheme.

      EXIT STATUS
             0 all critical checks pass (warnings allowed), 1 one fails, 2 bad command line.

      EXAMPLES
             vitals check postgresql://postgres@127.0.0.1:5432/test redis://127.0.0.1:6379
             vitals check --json 'tcp://127.0.0.1:5672?name=rabbit-port'
      """;

  static final String WAIT = """
      NAME
             vitals wait - wait until dependencies pass

      SYNOPSIS
             vitals wait [--timeout DURATION] [--interval DURATION] [--check-timeout DURATION] [--quiet] URI...

      DESCRIPTION
             Runs the checks every interval until every critical one passes, printing progress
             on stderr, then exits 0. Gives up with exit status 1 once the timeout has passed;
             the last round may add up to one check timeout. A check that hangs is not started
             again until its stuck attempt returns.

      OPTIONS
             --timeout DURATION        give up after this long (default 60s)
             --interval DURATION       pause between rounds (default 1s)
             --check-timeout DURATION  timeout of each check whose URI sets none (default 3s)
             --quiet                   print nothing unless giving up
             --verbose                 log the engine's verdict changes to stderr

      EXIT STATUS
             0 ready, 1 gave up, 2 bad command line.

      EXAMPLES
             # Kubernetes init container
             vitals wait --timeout 2m postgresql://app@db:5432/app redis://cache:6379
      """;

  static final String PROBE = """
      NAME
             vitals probe - GET a health endpoint, exit 0 on 2xx

      SYNOPSIS
             vitals probe [--timeout DURATION] [--header 'Name: value']... URL
             java -jar vitals-probe.jar [--timeout DURATION] [--header 'Name: value']... URL

      DESCRIPTION
             Sends one GET (redirects are not followed) and prints the status code and body.
             Exits 0 for a 2xx answer and 1 for any other answer, a refused connection or no
             answer within the timeout. vitals-probe.jar is the same probe alone (some 16 KB),
             for images with no shell.

      OPTIONS
             --timeout DURATION     the whole exchange's deadline (default 2s)
             --header 'Name: value' add a request header, e.g. an Authorization bearer token

      EXIT STATUS
             0 2xx, 1 anything else, 2 bad command line.

      EXAMPLES
             # Dockerfile (JVM options for a short run: see bin/vitals)
             HEALTHCHECK --interval=10s --timeout=3s CMD ["java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                 "-Xshare:auto", "-XX:-UsePerfData", "-jar", "/app/vitals-probe.jar", "--timeout", "2s",
                 "http://127.0.0.1:8080/health/live"]
      """;
}
