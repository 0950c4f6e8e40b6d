package dev.vitals.lint;

import dev.vitals.spi.Outputs;
import java.util.Objects;

/**
 * One rule broken at one place.
 *
 * @param rule the rule
 * @param severity usually the rule's; a rule may report a lesser case at a lower severity
 * @param location where it was seen
 * @param observed what was seen, in one line, secrets masked (e.g. {@code GET answered 302 to
 *     /login})
 */
public record Finding(Rule rule, Severity severity, Location location, String observed) {

  public Finding {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(location, "location");
    observed = Outputs.sanitize(Objects.requireNonNull(observed, "observed"));
  }

  /** A finding at the rule's own severity. */
  public static Finding of(Rule rule, Location location, String observed) {
    return new Finding(rule, rule.severity(), location, observed);
  }
}
