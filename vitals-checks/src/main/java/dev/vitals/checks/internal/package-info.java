/**
 * The {@link dev.vitals.spi.CheckProvider}s that make {@code dev.vitals.checks} checks from check
 * URIs. Public only because {@link java.util.ServiceLoader} needs public classes; not API: use
 * {@link dev.vitals.CheckUris}.
 */
package dev.vitals.checks.internal;
