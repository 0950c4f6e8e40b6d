/**
 * The service-provider interface for people who write checks; services use {@link dev.vitals}.
 *
 * <ul>
 *   <li>{@link dev.vitals.spi.Deadline}: the end of the running check execution, which is the
 *       registration's timeout. A check reads {@link dev.vitals.spi.Deadline#current()} once per
 *       run and gives every blocking call what is left, so a hung dependency fails at the
 *       timeout and holds the check's thread no longer. Check factories take no timeout of their
 *       own: the registration's is the one deadline.
 *   <li>{@link dev.vitals.spi.CheckUri}: the one parser of check URIs ({@code
 *       redis://:secret@cache:6379}). A module builds its check from the parsed value, never by
 *       parsing the string again, so a URI means the same through {@link
 *       dev.vitals.CheckUris#create(String)} and the module's own factory.
 *   <li>{@link dev.vitals.spi.CheckProvider}: makes a registration from a {@code CheckUri} of its
 *       schemes; listed in {@code META-INF/services/dev.vitals.spi.CheckProvider}.
 *   <li>{@link dev.vitals.spi.Outputs}: one safe line from an exception or a server's text, with
 *       credentials masked and length bounded.
 * </ul>
 *
 * <p>A check runs on an engine thread, one execution at a time, and is interrupted at its
 * deadline; it returns a {@link dev.vitals.Result} or throws. The design of record is the
 * repository's {@code docs/DESIGN.md}.
 */
package dev.vitals.spi;
