package dev.vitals;

import java.util.Objects;

/**
 * What one execution of a {@link Check} found: a status, an optional one-line output and an
 * optional observed value with its unit.
 *
 * <pre>{@code
 * return Result.pass();
 * return Result.warn("replica lag 12 s").observed(12, "s");
 * return Result.fail("read-only file system");
 * }</pre>
 *
 * <p>When a result carries no observed value and the check's measurement is {@code responseTime}
 * (the default), the engine reports the execution time in milliseconds; a check with another
 * measurement shows no observed value when it has none (a failed run, say). Outputs are
 * sanitised before they are shown: credentials are masked and length is bounded.
 */
public final class Result {
  private static final Result PASS = new Result(Status.PASS, null, null, null);

  private final Status status;
  private final String output;
  private final Object observedValue;
  private final String observedUnit;

  private Result(Status status, String output, Object observedValue, String observedUnit) {
    this.status = status;
    this.output = output;
    this.observedValue = observedValue;
    this.observedUnit = observedUnit;
  }

  /** A passing result. */
  public static Result pass() {
    return PASS;
  }

  /** A degraded-but-serving result with a one-line explanation. */
  public static Result warn(String output) {
    return new Result(Status.WARN, requireOutput(output), null, null);
  }

  /** A failing result with a one-line explanation. */
  public static Result fail(String output) {
    return new Result(Status.FAIL, requireOutput(output), null, null);
  }

  /** A result of the given status; {@code output} may be null for {@link Status#PASS}. */
  public static Result of(Status status, String output) {
    Objects.requireNonNull(status, "status");
    return status == Status.PASS && output == null
        ? PASS
        : new Result(status, status == Status.PASS ? output : requireOutput(output), null, null);
  }

  /**
   * This result with an observed value (a number, string or boolean) and its unit, e.g. {@code
   * observed(87.5, "percent")}. The unit may be null.
   */
  public Result observed(Object value, String unit) {
    Objects.requireNonNull(value, "observedValue");
    if (!(value instanceof Number || value instanceof CharSequence || value instanceof Boolean)) {
      throw new IllegalArgumentException(
          "observedValue must be a number, string or boolean, not " + value.getClass().getName());
    }
    return new Result(status, output, value instanceof CharSequence ? value.toString() : value, unit);
  }

  public Status status() {
    return status;
  }

  /** The explanation, or null. */
  public String output() {
    return output;
  }

  /** The observed value, or null when the check reported none. */
  public Object observedValue() {
    return observedValue;
  }

  /** The unit of the observed value, or null. */
  public String observedUnit() {
    return observedUnit;
  }

  @Override
  public String toString() {
    return status.wireName() + (output == null ? "" : ": " + output);
  }

  private static String requireOutput(String output) {
    if (output == null || output.isBlank()) {
      throw new IllegalArgumentException("output must explain a warn or fail result");
    }
    return output;
  }
}
