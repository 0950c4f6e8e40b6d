package dev.vitals.example.spring;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/**
 * An Actuator {@code HealthIndicator} of the application's own, {@code notesQuota}: DOWN when
 * the notes table holds more than {@code notes.quota.max-notes} rows ({@code NOTES_QUOTA},
 * default 100,000). Actuator calls it on every request to {@code /actuator/health}; with the
 * starter's Actuator bridge it becomes a Vitals check, run in the background under a deadline.
 */
@Component("notesQuota")
class NotesQuotaHealthIndicator extends AbstractHealthIndicator {
  private final NotesStore store;
  private final long maxNotes;

  NotesQuotaHealthIndicator(NotesStore store, @Value("${notes.quota.max-notes}") long maxNotes) {
    super("notes quota check failed");
    if (maxNotes < 0) {
      throw new IllegalArgumentException("notes.quota.max-notes must be 0 or more, got " + maxNotes);
    }
    this.store = store;
    this.maxNotes = maxNotes;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) throws Exception {
    long count = store.count();
    (count > maxNotes ? builder.down() : builder.up())
        .withDetail("notes", count)
        .withDetail("maxNotes", maxNotes);
  }
}
