package dev.vitals.cli;

import dev.vitals.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A command's arguments: flags ({@code --json}), options with a value ({@code --timeout 5s} or
 * {@code --timeout=5s}, repeatable ones collected in order) and operands. {@code --} ends the
 * options. Anything not declared is a {@link Usage} error naming it.
 */
final class Options {
  private final Map<String, List<String>> values = new LinkedHashMap<>();
  private final List<String> operands = new ArrayList<>();

  Options(String command, List<String> args, Set<String> flags, Set<String> valued) {
    boolean optionsEnded = false;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (optionsEnded || !arg.startsWith("--") || arg.length() == 2) {
        if (arg.equals("--") && !optionsEnded) {
          optionsEnded = true;
        } else {
          operands.add(arg);
        }
        continue;
      }
      int eq = arg.indexOf('=');
      String name = eq < 0 ? arg.substring(2) : arg.substring(2, eq);
      if (flags.contains(name)) {
        if (eq >= 0) {
          throw new Usage(command + ": --" + name + " takes no value");
        }
        add(name, "true");
      } else if (valued.contains(name)) {
        String value;
        if (eq >= 0) {
          value = arg.substring(eq + 1);
        } else if (i + 1 < args.size()) {
          value = args.get(++i);
        } else {
          throw new Usage(command + ": --" + name + " needs a value");
        }
        add(name, value);
      } else {
        throw new Usage(command + ": unknown option --" + name);
      }
    }
  }

  // No lambda (computeIfAbsent): its first use bootstraps LambdaMetafactory, some 15 ms of a
  // cold probe's start.
  private void add(String name, String value) {
    List<String> given = values.get(name);
    if (given == null) {
      given = new ArrayList<>();
      values.put(name, given);
    }
    given.add(value);
  }

  boolean flag(String name) {
    return values.containsKey(name);
  }

  List<String> all(String name) {
    return values.getOrDefault(name, List.of());
  }

  Duration duration(String command, String name, Duration fallback) {
    List<String> given = all(name);
    if (given.isEmpty()) {
      return fallback;
    }
    try {
      Duration value = Durations.parse("--" + name, given.get(given.size() - 1));
      if (value.isZero()) {
        throw new Usage(command + ": --" + name + " must be positive");
      }
      return value;
    } catch (IllegalArgumentException e) {
      throw new Usage(command + ": " + e.getMessage());
    }
  }

  List<String> operands() {
    return operands;
  }
}
