/**
 * The health endpoints on the application's own servlet container (Jakarta Servlet 6.0 or
 * later): {@link dev.vitals.servlet.HealthServlet} serves them like any servlet, and {@link
 * dev.vitals.servlet.HealthFilter} answers them ahead of the application's filters and
 * dispatcher. Both carry {@link dev.vitals.HealthEndpoints} answers unchanged, and neither holds
 * a container thread while an on-demand check runs. docs/servlet.md has the mapping rules and the
 * thread bounds.
 */
package dev.vitals.servlet;
