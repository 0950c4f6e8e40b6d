package dev.vitals;

import java.time.Instant;

/**
 * The latest verdict of one check, after thresholds: immutable, swapped whole on every record so
 * that probes read it without locks. {@link #PENDING} stands for "never completed".
 */
final class Verdict {
  static final Verdict PENDING = new Verdict(null, null, null, null, 0, null, 0);

  final Status status; // null while pending
  final String output; // sanitised; null for pass
  final Object observedValue;
  final String observedUnit;
  final long observedNanos; // ticker reading at the observation
  final Instant observedAt;
  final long durationNanos;

  Verdict(
      Status status,
      String output,
      Object observedValue,
      String observedUnit,
      long observedNanos,
      Instant observedAt,
      long durationNanos) {
    this.status = status;
    this.output = output;
    this.observedValue = observedValue;
    this.observedUnit = observedUnit;
    this.observedNanos = observedNanos;
    this.observedAt = observedAt;
    this.durationNanos = durationNanos;
  }

  boolean pending() {
    return status == null;
  }
}
