package dev.vitals;

/**
 * Code that asks one dependency or one internal condition how it is.
 *
 * <p>A check returns a {@link Result}; throwing is a failure whose output is the exception's
 * sanitised message. Checks run on Vitals' check threads, one execution at a time per check, and
 * are interrupted at their deadline: blocking calls should honour interrupts or carry their own
 * timeout. A check never needs to time itself; the engine measures every execution. Checks that
 * do blocking I/O take their socket timeouts from {@link dev.vitals.spi.Deadline#current()}, so
 * that the registration's timeout bounds the I/O too.
 *
 * <pre>{@code
 * Check disk = () -> store.isWritable() ? Result.pass() : Result.fail("store is read-only");
 * }</pre>
 */
@FunctionalInterface
public interface Check {

  /** Runs the check once. Returning {@code null} counts as a failure. */
  Result check() throws Exception;
}
