package dev.vitals.lint;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Reads Kubernetes manifests into {@link Workload}s, one per container, with Kubernetes' defaults
 * filled in where a field is absent.
 *
 * <p>Each file is multi-document YAML, composed into nodes rather than loaded into maps so that
 * every container and probe keeps the line it was written on. What is read:
 *
 * <ul>
 *   <li>{@code Deployment}, {@code StatefulSet} and {@code DaemonSet} ({@code spec.template.spec})
 *       and {@code Pod} ({@code spec}); the {@code items} of {@code List} (and of any {@code
 *       …List}, as {@code kubectl get -o yaml} writes them). Other kinds, documents without a
 *       {@code kind}, empty documents, and workloads without a pod spec (a kustomize patch, say)
 *       are skipped without a word: there is nothing in them to lint.
 *   <li>{@code containers} only: init, sidecar ({@code initContainers}) and ephemeral containers
 *       serve no traffic through probes that lint checks.
 *   <li>A preStop sleep: the {@code sleep.seconds} handler, an exec of {@code sleep N} ({@code
 *       /bin/sleep} too), or a shell ({@code sh}, {@code /bin/sh}, {@code bash}, {@code /bin/bash})
 *       run with {@code -c} on a script that begins with {@code sleep N} ({@code sleep 5 && nginx
 *       -s quit} counts 5 s). {@code N} is whole seconds, optionally with an {@code s}.
 *   <li>{@code env}: literal values only ({@code valueFrom} entries are left out; a name without
 *       a value is the empty string, as Kubernetes has it).
 *   <li>{@code ports}: each port under its number ({@code "8080"}) and, when it has one, its
 *       name, so that a probe's port as written resolves either way.
 * </ul>
 *
 * <p>{@link LintException}, naming the file and the 1-based line, for a file that cannot be read,
 * YAML that does not parse, a document that is neither empty nor a mapping, a container without
 * a name, a probe without a handler, and a number field that is not a whole number: the API server
 * would refuse all of these, so lint refuses them too rather than guess.
 */
public final class Manifests {
  private static final Set<String> WORKLOADS = Set.of("Deployment", "StatefulSet", "DaemonSet");
  private static final List<String> HANDLERS = List.of("httpGet", "tcpSocket", "grpc", "exec");
  private static final Set<String> SHELLS = Set.of("sh", "/bin/sh", "bash", "/bin/bash");
  private static final Pattern SECONDS = Pattern.compile("(\\d{1,9})s?");
  // A shell script that sleeps first; whatever follows the sleep only lengthens the hook.
  private static final Pattern SCRIPT_SLEEP =
      Pattern.compile("\\s*(?:exec\\s+)?sleep\\s+(\\d{1,9})s?\\s*(?:(?:;|&&|\\n)[\\s\\S]*)?");

  private final String file;
  private final List<Workload> workloads;

  private Manifests(String file, List<Workload> workloads) {
    this.file = file;
    this.workloads = workloads;
  }

  /**
   * Every container of every Deployment, StatefulSet, DaemonSet and Pod in {@code files}, in file
   * and document order; {@link LintException} naming the file and line for a file that cannot be
   * read or parsed (see the class description for what is skipped and what is refused).
   */
  public static List<Workload> read(List<Path> files) {
    List<Workload> workloads = new ArrayList<>();
    for (Path path : files) {
      new Manifests(path.toString(), workloads).readFile(path);
    }
    return List.copyOf(workloads);
  }

  private void readFile(Path path) {
    String text;
    try {
      text = Files.readString(path);
    } catch (NoSuchFileException e) {
      throw new LintException(file + ": no such file");
    } catch (AccessDeniedException e) {
      throw new LintException(file + ": permission denied");
    } catch (IOException e) {
      throw new LintException(file + ": cannot read: " + e, e);
    }
    LoadSettings settings = LoadSettings.builder().setLabel(file).build();
    try {
      for (Node document : new Compose(settings).composeAllFromString(text)) {
        object(document);
      }
    } catch (MarkedYamlEngineException e) {
      int line = e.getProblemMark().or(e::getContextMark).map(m -> m.getLine() + 1).orElse(0);
      String problem = e.getProblem() != null ? e.getProblem() : e.getContext();
      throw new LintException(file + ":" + line + ": not valid YAML: " + problem, e);
    } catch (YamlEngineException e) {
      throw new LintException(file + ": not valid YAML: " + e.getMessage(), e);
    }
  }

  private void object(Node document) {
    if (document.getTag() == Tag.NULL) {
      return; // an empty document, e.g. after a trailing ---
    }
    MappingNode object = mapping(document, "a Kubernetes object");
    String kind = text(child(object, "kind"));
    if (kind == null) {
      return;
    }
    if (WORKLOADS.contains(kind)) {
      pod(object, kind, path(object, "spec", "template", "spec"));
    } else if (kind.equals("Pod")) {
      pod(object, kind, child(object, "spec"));
    } else if (kind.endsWith("List")) {
      for (Node item : sequence(child(object, "items"), "items")) {
        object(item);
      }
    }
  }

  private void pod(MappingNode object, String kind, Node spec) {
    if (!(spec instanceof MappingNode podSpec)) {
      return;
    }
    String name = text(path(object, "metadata", "name"));
    int grace = integer(podSpec, "terminationGracePeriodSeconds", Workload.DEFAULT_GRACE_PERIOD);
    for (Node container : sequence(child(podSpec, "containers"), "containers")) {
      workloads.add(container(mapping(container, "a container"), kind, name == null ? "?" : name, grace));
    }
  }

  private Workload container(MappingNode container, String kind, String name, int grace) {
    Node nameNode = child(container, "name");
    if (text(nameNode) == null) {
      throw error(container, "a container without a name in " + kind + "/" + name);
    }
    Map<String, String> env = new LinkedHashMap<>();
    for (Node entry : sequence(child(container, "env"), "env")) {
      String variable = text(child(entry, "name"));
      if (variable != null && child(entry, "valueFrom") == null) {
        String value = text(child(entry, "value"));
        env.put(variable, value == null ? "" : value);
      }
    }
    Map<String, Integer> ports = new LinkedHashMap<>();
    for (Node port : sequence(child(container, "ports"), "ports")) {
      MappingNode p = mapping(port, "a port");
      int number = integer(p, "containerPort", 0);
      ports.put(Integer.toString(number), number);
      String portName = text(child(p, "name"));
      if (portName != null) {
        ports.put(portName, number);
      }
    }
    return new Workload(file, line(nameNode), kind, name, text(nameNode),
        probe(container, "livenessProbe"), probe(container, "readinessProbe"),
        probe(container, "startupProbe"), grace,
        preStopSleep(path(container, "lifecycle", "preStop")), env, ports);
  }

  private ProbeSpec probe(MappingNode container, String field) {
    NodeTuple entry = entry(container, field);
    if (entry == null || entry.getValueNode().getTag() == Tag.NULL) {
      return null;
    }
    MappingNode probe = mapping(entry.getValueNode(), field);
    String handler = HANDLERS.stream().filter(h -> child(probe, h) != null).findFirst()
        .orElseThrow(() -> error(entry.getKeyNode(), field + " has no handler (httpGet, tcpSocket, grpc or exec)"));
    MappingNode action = mapping(child(probe, handler), field + "." + handler);
    boolean http = handler.equals("httpGet");
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    for (Node header : sequence(child(action, "httpHeaders"), field + ".httpGet.httpHeaders")) {
      String value = text(child(header, "value"));
      headers.add(Map.entry(String.valueOf(text(child(header, "name"))), value == null ? "" : value));
    }
    String path = text(child(action, "path"));
    String scheme = text(child(action, "scheme"));
    return new ProbeSpec(handler, http ? (path == null ? "/" : path) : null,
        text(child(action, "port")), http ? (scheme == null ? "HTTP" : scheme) : null,
        headers, texts(child(action, "command")),
        integer(probe, "initialDelaySeconds", 0),
        integer(probe, "periodSeconds", ProbeSpec.DEFAULT_PERIOD),
        integer(probe, "timeoutSeconds", ProbeSpec.DEFAULT_TIMEOUT),
        integer(probe, "failureThreshold", ProbeSpec.DEFAULT_FAILURE_THRESHOLD),
        integer(probe, "successThreshold", 1),
        line(entry.getKeyNode()));
  }

  /** The seconds a preStop hook surely sleeps (see the class description), else 0. */
  private int preStopSleep(Node preStop) {
    if (child(preStop, "sleep") != null) {
      return integer(mapping(child(preStop, "sleep"), "preStop.sleep"), "seconds", 0);
    }
    List<String> command = texts(path(preStop, "exec", "command"));
    Matcher m = null;
    if (command.size() == 2 && (command.get(0).equals("sleep") || command.get(0).endsWith("/sleep"))) {
      m = SECONDS.matcher(command.get(1));
    } else if (command.size() == 3 && SHELLS.contains(command.get(0)) && command.get(1).equals("-c")) {
      m = SCRIPT_SLEEP.matcher(command.get(2));
    }
    return m != null && m.matches() ? Integer.parseInt(m.group(1)) : 0;
  }

  private int integer(MappingNode node, String key, int fallback) {
    Node value = child(node, key);
    String text = text(value);
    if (text == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(text.strip());
    } catch (NumberFormatException e) {
      throw error(value, key + " must be a whole number, got '" + text + "'");
    }
  }

  private List<Node> sequence(Node node, String what) {
    if (node == null || node.getTag() == Tag.NULL) {
      return List.of();
    }
    if (!(node instanceof SequenceNode sequence)) {
      throw error(node, what + " must be a list");
    }
    return sequence.getValue();
  }

  private MappingNode mapping(Node node, String what) {
    if (!(node instanceof MappingNode mapping)) {
      throw error(node, "expected " + what + " (a mapping), found " + shape(node));
    }
    return mapping;
  }

  private LintException error(Node node, String message) {
    return new LintException(file + ":" + line(node) + ": " + message);
  }

  private static String shape(Node node) {
    if (node instanceof SequenceNode) {
      return "a list";
    }
    return node instanceof ScalarNode scalar ? "'" + scalar.getValue() + "'" : "nothing";
  }

  private static NodeTuple entry(Node node, String key) {
    if (node instanceof MappingNode mapping) {
      for (NodeTuple tuple : mapping.getValue()) {
        if (key.equals(text(tuple.getKeyNode()))) {
          return tuple;
        }
      }
    }
    return null;
  }

  private static Node child(Node node, String key) {
    NodeTuple entry = entry(node, key);
    return entry == null ? null : entry.getValueNode();
  }

  private static Node path(Node node, String... keys) {
    for (String key : keys) {
      node = child(node, key);
    }
    return node;
  }

  /** A scalar's text; null for anything else, null included. */
  private static String text(Node node) {
    return node instanceof ScalarNode scalar && node.getTag() != Tag.NULL ? scalar.getValue() : null;
  }

  private static List<String> texts(Node node) {
    List<String> texts = new ArrayList<>();
    if (node instanceof SequenceNode sequence) {
      sequence.getValue().forEach(item -> texts.add(String.valueOf(text(item))));
    }
    return texts;
  }

  private static int line(Node node) {
    return node == null ? 0 : node.getStartMark().map(m -> m.getLine() + 1).orElse(0);
  }
}
