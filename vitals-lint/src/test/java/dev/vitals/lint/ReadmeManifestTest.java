package dev.vitals.lint;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's Kubernetes probes, the ones users copy, pass every static rule. */
class ReadmeManifestTest {

  @Test
  void theReadmesProbesPassEveryStaticRule(@TempDir Path dir) throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
    Matcher block = Pattern.compile("## Kubernetes\n.*?```yaml\n(.*?)```", Pattern.DOTALL).matcher(readme);
    assertThat(block.find()).as("a yaml block in the README's Kubernetes section").isTrue();
    // The block is a pod spec: wrap it in a Pod to read it.
    StringBuilder pod = new StringBuilder("apiVersion: v1\nkind: Pod\nmetadata: {name: notes}\nspec:\n");
    block.group(1).lines().forEach(line -> pod.append("  ").append(line).append('\n'));
    Path manifest = Files.writeString(dir.resolve("notes.yaml"), pod);

    List<Workload> workloads = Manifests.read(List.of(manifest));
    assertThat(workloads).hasSize(1);
    List<String> notes = new ArrayList<>();
    // What the live pass reads from a Vitals service with the default check timeout.
    ServiceFacts vitals = new ServiceFacts(Duration.ofSeconds(1), null, null, null);
    assertThat(ManifestLint.check(workloads, vitals, notes::add)).isEmpty();
    assertThat(notes).isEmpty();
  }
}
