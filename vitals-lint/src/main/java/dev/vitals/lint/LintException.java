package dev.vitals.lint;

/**
 * Lint could not run: a manifest that cannot be read or parsed, a service that cannot be reached
 * at all, a command that did not start. {@code vitals lint} exits 2 with this message.
 */
public final class LintException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public LintException(String message) {
    super(message);
  }

  public LintException(String message, Throwable cause) {
    super(message, cause);
  }
}
