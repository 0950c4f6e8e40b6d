package dev.vitals.lint;

import java.util.List;

/** Small reports that the writers' tests print: one of each kind of place, and an empty one. */
final class SampleReports {
  static final String LIVE = "http://127.0.0.1:8080/health/live";
  static final String MANIFEST = "k8s/deploy.yaml";

  private SampleReports() {}

  /** Two errors and a warning: a live URL with two findings, a manifest with one; two notes. */
  static Report mixed() {
    return new Report(List.of(MANIFEST, "http://127.0.0.1:8080"),
        List.of(
            Finding.of(Rule.CACHE_CONTROL, Location.url(LIVE, "GET, Accept: */*"), "no Cache-Control header"),
            Finding.of(Rule.IDENTICAL_PROBES, Location.file(MANIFEST, 14, "Deployment/notes, container notes"),
                "livenessProbe and readinessProbe both GET /health/ready on port http"),
            Finding.of(Rule.REDIRECT, Location.url(LIVE, "GET, Accept: */*"), "GET answered 302 to /login")),
        List.of("liveness found at /health/live, readiness at /health/ready",
            "sent 20 probes at once to each endpoint"));
  }

  /** Nothing found, nothing noted. */
  static Report clean() {
    return new Report(List.of("http://127.0.0.1:8080"), List.of(), List.of());
  }
}
