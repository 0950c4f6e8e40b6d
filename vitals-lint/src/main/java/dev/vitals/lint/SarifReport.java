package dev.vitals.lint;

import static dev.vitals.lint.JsonTree.object;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The SARIF 2.1.0 report (OASIS, errata 01): one run, the driver listing every rule so that a
 * result's {@code ruleIndex} is the rule's ordinal, one result per finding. A manifest finding is
 * located by its file (relative paths kept relative, so that code scanning finds them in the
 * repository) and line; a live finding by the endpoint's URL, which SARIF allows as an artifact's
 * absolute URI. The finding's context (the request, or the object and container) is the
 * location's message. {@code SarifSchemaTest} validates the output against the official schema.
 */
final class SarifReport {
  static final String SCHEMA =
      "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
  static final String INFORMATION_URI = "https://github.com/vitals-dev/vitals";

  private SarifReport() {}

  static String render(Report report) {
    List<Object> rules = new ArrayList<>();
    for (Rule rule : Rule.values()) {
      rules.add(rule(rule));
    }
    List<Object> results = new ArrayList<>();
    for (Finding finding : report.findings()) {
      results.add(result(finding));
    }
    Map<String, Object> invocation = object("executionSuccessful", true);
    if (!report.notes().isEmpty()) {
      List<Object> notifications = new ArrayList<>();
      report.notes().forEach(note -> notifications.add(object("level", "note", "message", object("text", note))));
      invocation.put("toolExecutionNotifications", notifications);
    }
    Map<String, Object> driver = object(
        "name", "vitals lint",
        "informationUri", INFORMATION_URI,
        "version", version(),
        "rules", rules);
    Map<String, Object> run = object(
        "tool", object("driver", driver),
        "invocations", List.of(invocation),
        "results", results);
    return JsonTree.write(object("$schema", SCHEMA, "version", "2.1.0", "runs", List.of(run)));
  }

  private static Map<String, Object> rule(Rule rule) {
    String helpUri = ReportWriter.DOCS_URL + "#" + rule.anchor();
    String markdown = rule.fix() + "\n\n**Why:** " + rule.why() + "\n\n**Source:** " + rule.source()
        + "\n\n[" + rule.id() + " " + rule.slug() + "](" + helpUri + ")";
    return object(
        "id", rule.id(),
        "name", rule.slug(),
        "shortDescription", object("text", rule.title()),
        "fullDescription", object("text", rule.why()),
        "help", object("text", rule.fix(), "markdown", markdown),
        "helpUri", helpUri,
        "defaultConfiguration", object("level", rule.severity().label()),
        "properties", object("tags", List.of("health-check", ReportWriter.kind(rule)), "kind", ReportWriter.kind(rule)));
  }

  private static Map<String, Object> result(Finding finding) {
    Rule rule = finding.rule();
    Location at = finding.location();
    Map<String, Object> physical = object("artifactLocation", object("uri", artifactUri(at.uri())));
    if (at.line() > 0) {
      physical.put("region", object("startLine", at.line()));
    }
    Map<String, Object> location = object("physicalLocation", physical);
    if (at.context() != null && !at.context().isEmpty()) {
      location.put("message", object("text", at.context()));
    }
    return object(
        "ruleId", rule.id(),
        "ruleIndex", rule.ordinal(),
        "level", finding.severity().label(),
        "message", object("text", finding.observed() + " \u2014 " + rule.why()),
        "locations", List.of(location),
        // Identifies the finding across runs without its line, so that an edit above it in the
        // manifest does not make code scanning close the alert and open a new one.
        "partialFingerprints", object("vitalsFinding/v1", rule.id() + " " + at.uri()
            + (at.context() == null ? "" : " " + at.context())));
  }

  /**
   * A URL as it is; an absolute path as a {@code file:} URI; a relative path with forward slashes,
   * percent-encoded where a URI reference needs it (spaces, {@code #}, {@code %}, {@code :}…).
   */
  static String artifactUri(String given) {
    if (given.startsWith("http://") || given.startsWith("https://")) {
      return given;
    }
    Path path = Path.of(given);
    if (path.isAbsolute()) {
      return path.toUri().toASCIIString();
    }
    StringBuilder out = new StringBuilder();
    for (byte b : given.replace(File.separatorChar, '/').getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if (c < 0x80 && (Character.isLetterOrDigit(c) || "-._~/!$&'()*+,;=@".indexOf(c) >= 0)) {
        out.append(c);
      } else {
        out.append('%').append(String.format("%02X", b & 0xff));
      }
    }
    return out.toString();
  }

  /** The jar's Implementation-Version, or {@code dev} when run from classes. */
  private static String version() {
    String version = SarifReport.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }
}
