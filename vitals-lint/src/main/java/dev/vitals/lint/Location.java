package dev.vitals.lint;

/**
 * Where a finding was observed: a URL with the request that showed it, or a manifest file and
 * line with the object and container.
 *
 * @param uri the endpoint's URL, or the manifest's path as given on the command line
 * @param line the 1-based line in the manifest, 0 for a URL or when unknown
 * @param context what was asked or which object, e.g. {@code GET, Accept: *}{@code /*} or {@code
 *     Deployment/notes, container notes, livenessProbe}
 */
public record Location(String uri, int line, String context) {

  /** A live endpoint, asked as {@code context} says. */
  public static Location url(String url, String context) {
    return new Location(url, 0, context);
  }

  /** A place in a manifest. */
  public static Location file(String path, int line, String context) {
    return new Location(path, line, context);
  }

  /** {@code path:line} or the URL, then the context: one line of a report. */
  @Override
  public String toString() {
    String where = line > 0 ? uri + ":" + line : uri;
    return context == null || context.isEmpty() ? where : where + " (" + context + ")";
  }
}
