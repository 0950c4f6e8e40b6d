package dev.vitals.lint;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SARIF output against the official SARIF 2.1.0 JSON schema (see src/test/resources/README.md for
 * where the schema comes from), formats ({@code uri}, {@code uri-reference}) asserted too.
 */
class SarifSchemaTest {
  private static Schema sarif;

  @BeforeAll
  static void loadSchema() throws IOException {
    SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4,
        builder -> builder.schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
    try (InputStream schema = SarifSchemaTest.class.getResourceAsStream("/sarif-schema-2.1.0.json")) {
      assertThat(schema).as("sarif-schema-2.1.0.json on the test class path").isNotNull();
      sarif = registry.getSchema(schema, InputFormat.JSON);
    }
  }

  private static List<Error> errors(String document) {
    return sarif.validate(document, InputFormat.JSON);
  }

  private static String sarifOf(Report report) {
    return ReportWriterTest.written(ReportWriter.SARIF, report);
  }

  @Test
  void fileAndUrlFindingsWithNotesAreValidSarif() {
    assertThat(errors(sarifOf(SampleReports.mixed()))).isEmpty();
  }

  @Test
  void aReportWithNoFindingAndNoNoteIsValidSarif() {
    assertThat(errors(sarifOf(SampleReports.clean()))).isEmpty();
  }

  @Test
  void awkwardPathsEveryRuleAndEverySeverityAreValidSarif() {
    List<Finding> findings = new java.util.ArrayList<>();
    for (Rule rule : Rule.values()) {
      Location at = switch (rule.kind()) {
        case STATIC -> Location.file("k8s dir/prod:eu/d\u00e9ploiement #2.yaml", rule.ordinal(), "Pod/p, container c");
        case LIVE -> Location.url("https://svc.example:8443/health/ready?verbose=true", "HEAD");
        case LIFECYCLE -> Location.url("http://127.0.0.1:8080/health/ready", null);
      };
      findings.add(new Finding(rule, Severity.values()[rule.ordinal() % 3], at, "observed \"" + rule.slug() + "\""));
    }
    findings.add(Finding.of(Rule.DRAIN, Location.file("/srv/k8s/app.yaml", 3, ""), "absolute"));
    Report everything = new Report(List.of("k8s dir"), findings, List.of("a note"));
    assertThat(errors(sarifOf(everything))).isEmpty();
  }

  @Test
  void theSchemaRejectsWhatIsNotSarif() {
    String valid = sarifOf(SampleReports.mixed());
    assertThat(errors(valid.replace("\"version\": \"2.1.0\"", "\"version\": \"2.2\""))).isNotEmpty();
    assertThat(errors(valid.replaceFirst("\"level\": \"error\"", "\"level\": \"fatal\""))).isNotEmpty();
    assertThat(errors(valid.replace("\"startLine\": 14", "\"startLine\": 0"))).isNotEmpty();
    assertThat(errors(valid.replace("\"uri\": \"k8s/deploy.yaml\"", "\"uri\": \"k8s dir/deploy.yaml\""))).isNotEmpty();
    assertThat(errors(valid.replace("\"ruleIndex\": 4", "\"ruleIndex\": -2"))).isNotEmpty();
  }
}
