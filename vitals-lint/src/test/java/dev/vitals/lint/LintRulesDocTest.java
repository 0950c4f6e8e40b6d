package dev.vitals.lint;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** docs/lint-rules.md and the {@link Rule} catalog describe the same rules. */
class LintRulesDocTest {
  /** Surefire runs in the module's directory; the docs are the repository's. */
  private static final Path DOCS = Path.of("..", "docs");
  private static final Pattern RULE_HEADING = Pattern.compile("(?m)^###\\s+(VL\\d+)\\b(.*)$");

  private static String read(String name) throws IOException {
    return Files.readString(DOCS.resolve(name), StandardCharsets.UTF_8);
  }

  /** The section under {@code heading}: up to the next heading of level 2 or 3. */
  private static String section(String doc, String heading) {
    int start = doc.indexOf("\n" + heading + "\n");
    assertThat(start).as("heading '%s' in docs/lint-rules.md", heading).isNotNegative();
    Matcher next = Pattern.compile("(?m)^#{2,3} ").matcher(doc);
    int end = next.find(start + heading.length() + 1) ? next.start() : doc.length();
    return doc.substring(start, end);
  }

  /** GitHub's anchor of a heading: lower case, punctuation dropped, spaces as hyphens. */
  private static Set<String> anchors(String doc) {
    return doc.lines().filter(line -> line.startsWith("#"))
        .map(line -> line.replaceFirst("^#+\\s*", "").toLowerCase(Locale.ROOT)
            .replaceAll("[^a-z0-9 _-]", "").replace(' ', '-'))
        .collect(Collectors.toSet());
  }

  @Test
  void everyRuleHasItsSectionWithItsSeverityKindAndSource() throws IOException {
    String doc = read("lint-rules.md");
    for (Rule rule : Rule.values()) {
      String section = section(doc, "### " + rule.id() + " " + rule.slug());
      String kind = rule.kind().name().toLowerCase(Locale.ROOT);
      assertThat(section).as(rule.id())
          .contains("**Severity:** " + rule.severity().label() + " · **Kind:** " + kind)
          .contains("**Checked:**", "**Why:**", "**Fix:**", "**Source:**");
      assertThat(anchors(doc)).contains(rule.anchor());
    }
  }

  @Test
  void noHeadingNamesARuleThatDoesNotExist() throws IOException {
    Set<String> known = Arrays.stream(Rule.values()).map(r -> r.id() + " " + r.slug()).collect(Collectors.toSet());
    Matcher heading = RULE_HEADING.matcher(read("lint-rules.md"));
    List<String> headings = new ArrayList<>();
    while (heading.find()) {
      headings.add((heading.group(1) + heading.group(2)).strip());
    }
    assertThat(headings).hasSize(Rule.values().length).doesNotHaveDuplicates();
    assertThat(known).containsAll(headings);
  }

  @Test
  void linksWithinTheDocsLeadToHeadingsThatExist() throws IOException {
    String doc = read("lint-rules.md");
    Set<String> here = anchors(doc);
    Set<String> design = anchors(read("DESIGN.md"));
    Matcher link = Pattern.compile("\\]\\((DESIGN\\.md)?#([^)]+)\\)").matcher(doc);
    int links = 0;
    while (link.find()) {
      links++;
      assertThat(link.group(1) == null ? here : design).as(link.group()).contains(link.group(2));
    }
    assertThat(links).isGreaterThan(20);
  }
}
