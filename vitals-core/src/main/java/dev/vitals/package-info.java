/**
 * Honest health checks for a service: build one {@link dev.vitals.Vitals} engine with its
 * {@link dev.vitals.HealthCheck registrations}, serve its {@link dev.vitals.HealthEndpoints} on
 * a server adapter (vitals-server's {@code HealthServer} or {@code HealthHandler}, or any adapter
 * that builds a {@link dev.vitals.HealthRequest}), and declare the service {@linkplain
 * dev.vitals.Vitals#markStarted() started}. Checks run in the background under deadlines;
 * probes read their verdicts and never wait on a dependency.
 *
 * <p>Writing a check of your own needs only {@link dev.vitals.Check}; a check that does I/O or
 * reads a URI uses the small SPI in {@link dev.vitals.spi}. The design of record (rules 1-12,
 * the wire format, threads) is the repository's {@code docs/DESIGN.md}.
 */
package dev.vitals;
