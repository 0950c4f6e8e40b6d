package dev.vitals.cli;

/** A command line the command cannot run: exit status 2 with this message. */
final class Usage extends RuntimeException {
  private static final long serialVersionUID = 1L;

  Usage(String message) {
    super(message);
  }
}
