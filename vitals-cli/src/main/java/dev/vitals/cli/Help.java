package dev.vitals.cli;

/** The manual pages, printed by {@code --help}. */
final class Help {
  private Help() {}

  static final String MAIN = """
      NAME
             vitals - check a service's dependencies, wait for them, probe and lint its health endpoints

      SYNOPSIS
             vitals check [--json] [--timeout DURATION] URI...
             vitals wait [--timeout DURATION] [--interval DURATION] [--check-timeout DURATION] [--quiet] URI...
             vitals probe [--timeout DURATION] [--header 'Name: value'] URL
             vitals lint [BASE_URL] [--k8s FILE]... [--format text|json|sarif] [OPTIONS]
             vitals --help | vitals COMMAND --help | vitals --version

      DESCRIPTION
             check   runs the checks named by URIs once, concurrently, each under its deadline,
                     and prints a table (or application/health+json with --json).
             wait    runs them every interval until all pass, for init containers and start-up
                     scripts (the job of wait-for-it.sh and dockerize).
             probe   GETs a health endpoint and exits 0 on a 2xx answer: a Docker HEALTHCHECK for
                     images without curl.
             lint    audits any service's health endpoints (live, as the kubelet, a load balancer
                     and a stranger see them) and its Kubernetes probes, in any language, and
                     reports what breaks the practice, why it matters and how to fix it.

             A check URI is one string: scheme, target and policy, e.g.
                 postgresql://app:secret@db:5432/notes?timeout=500ms
                 redis://cache:6379?critical=false
                 tcp://broker:9092
             Passwords are never printed: outputs and errors show **** instead.

      EXIT STATUS
             0  healthy (check: every critical check passes; wait: ready in time; probe: 2xx;
                lint: no error found)
             1  unhealthy (a critical check fails; wait gave up; probe got no 2xx or no answer;
                lint found an error)
             2  the command line is wrong (unknown command, option, scheme or bad value), or lint
                cannot run

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

  static final String LINT = """
      NAME
             vitals lint - audit a service's health endpoints and Kubernetes probes

      SYNOPSIS
             vitals lint BASE_URL [OPTIONS]
             vitals lint --k8s FILE [--k8s FILE | FILE]... [BASE_URL] [OPTIONS]
             vitals lint --run 'COMMAND' --port N [--k8s FILE]... [OPTIONS]

      DESCRIPTION
             Checks what health endpoints do, not only that they exist, for services in any
             language, with or without Vitals inside. Each finding names its rule (VL105
             redirect), its severity (error, warning, note), where it was seen, what was
             observed, why it matters and how to fix it; every rule is documented in
             docs/lint-rules.md with the source that motivates it.

             Live (BASE_URL): asks the running service as the kubelet (GET, Accept: */*), a
             load balancer (HEAD, N probes at once) and a stranger (no token, a wrong token)
             would: media type and body of application/health+json, status codes, redirects,
             disclosure, caching, methods, latency and amplification under load, dependencies
             in liveness. Not read-only: each probe endpoint and the detailed one also get POST,
             PUT, DELETE, PATCH, OPTIONS and an unknown method, with empty bodies, and readiness
             and liveness N GETs at once. The liveness, readiness and startup paths are those
             given, else the manifests' httpGet probe paths, else the first common path that
             answers anything but 404, 405 or 410 (/health/live, /livez,
             /actuator/health/liveness, /q/health/live, ...); the detailed view is given or
             found so among /health, /healthz, /actuator/health, /q/health, /status. Probe
             periods and timeouts come from the manifests, else Kubernetes' defaults (10s, 1s).

             Static (--k8s): reads the containers of Deployments, StatefulSets, DaemonSets and
             Pods (and of ...List items) from multi-document YAML: probes present and distinct,
             liveness not on a readiness or detailed path, no credentials in probe headers, a
             startup probe for slow starts, timeouts above the check deadline, grace period and
             drain. With a BASE_URL or --run too, the static rules use what the service showed
             (its check deadline; with --run, its start-up, drain and exit times).

             Lifecycle (--run): starts the service with sh -c 'COMMAND', checks that readiness
             does not pass while startup still fails, lints it live on 127.0.0.1:PORT, sends
             SIGTERM and checks that readiness answers a failure (503) within one readiness
             period and does not pass again while liveness keeps answering 2xx, and that the
             process exits within the grace period (terminationGracePeriodSeconds less the
             preStop sleep; 30s without manifests).

      OPTIONS
             --k8s FILE            a Kubernetes manifest (repeatable); after one, operands that
                                   are not http(s) URLs are manifests too: --k8s k8s/*.yaml
             --live PATH           the liveness path (default: from the manifests, else found)
             --ready PATH          the readiness path (default: from the manifests, else found)
             --startup PATH        the startup path (default: from the manifests, else found)
             --details PATH        the detailed view of every check (default: found)
             --token TOKEN         a bearer token; unlocks the detailed view and the authorised
                                   answers (schema, liveness dependencies), the check metrics
                                   (amplification, the check deadline for probe timeouts);
                                   better, set VITALS_LINT_TOKEN, which stays out of ps and
                                   shell history
             --format FORMAT       text (default), json, or sarif (SARIF 2.1.0, for code scanning)
             --concurrency N       GETs sent at once to readiness and liveness by the load rules
                                   (default 20, at most 1000)
             --timeout DURATION    how long to wait for any one answer (default 5s); a path that
                                   does not answer in time is an error and is not asked again
             --run 'COMMAND'       lifecycle mode: start the service with this shell command
                                   (not with a BASE_URL)
             --port N              the port the started service listens on (with --run)
             --start-timeout DURATION
                                   how long the started service may take to pass startup
                                   (default 120s)
             Durations are written 500ms, 5s, 2m. The report goes to stdout, errors to stderr.

      ENVIRONMENT
             VITALS_LINT_TOKEN     the token, when --token is not given

      EXIT STATUS
             0 no error found (warnings and notes allowed), 1 an error found, 2 lint cannot run
             (bad command line; a manifest unreadable, not YAML, or one the API server would
             refuse; BASE_URL refuses connections; with --run, the port already in use, or the
             service not started, exited or not passing startup in time). No report then.

      EXAMPLES
             vitals lint http://127.0.0.1:8080
             VITALS_LINT_TOKEN=$TOKEN vitals lint https://notes.internal --details /health
             vitals lint --k8s k8s/*.yaml --format json | jq '.findings[] | select(.severity == "error")'
             vitals lint --run 'java -jar build/app.jar' --port 8080 --k8s k8s/deployment.yaml

             # GitHub code scanning: findings on manifests appear at their lines
             - run: vitals lint --k8s k8s/deployment.yaml --format sarif > vitals-lint.sarif
             - uses: github/codeql-action/upload-sarif@v3
               if: always()
               with:
                 sarif_file: vitals-lint.sarif
                 category: vitals-lint
      """;
}
