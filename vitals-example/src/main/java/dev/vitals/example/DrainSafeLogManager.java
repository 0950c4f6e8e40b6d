package dev.vitals.example;

import java.util.logging.LogManager;

/**
 * A {@code java.util.logging} manager that keeps its handlers while the JVM shuts down.
 *
 * <p>The JDK's manager resets itself from a shutdown hook of its own, which runs at the same time
 * as Vitals' drain, so everything logged while draining ("draining", shutdown task failures,
 * "stopped") would be lost. Handlers here stay until the process ends; the console handler
 * flushes every record, so nothing is left unwritten. Installed by {@link NotesApp#main} through
 * {@code -Djava.util.logging.manager} before anything logs.
 */
public final class DrainSafeLogManager extends LogManager {
  @Override
  public void reset() {
    if (!Thread.currentThread().getClass().getName().startsWith("java.util.logging.LogManager$")) {
      super.reset();
    }
  }
}
