package dev.vitals.lint;

import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Reads a JSON document into maps, lists, strings, numbers, booleans and null, through the YAML
 * parser lint already carries (YAML 1.2 is a superset of JSON). Only a document that starts as a
 * JSON object or array is accepted, so that plain text such as {@code OK} is not taken for one.
 */
public final class Json {
  private Json() {}

  /** The parsed document; {@link IllegalArgumentException} naming the problem if it is not JSON. */
  public static Object parse(String text) {
    String s = text.strip();
    if (!s.startsWith("{") && !s.startsWith("[")) {
      throw new IllegalArgumentException("not a JSON object or array");
    }
    try {
      return new Load(LoadSettings.builder().setAllowDuplicateKeys(false).build()).loadFromString(s);
    } catch (YamlEngineException e) {
      String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      throw new IllegalArgumentException("not valid JSON: " + message.lines().findFirst().orElse(""), e);
    }
  }

  /** The parsed document if it is a JSON object, else null. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> object(String text) {
    try {
      Object value = parse(text);
      return value instanceof Map ? (Map<String, Object>) value : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** {@code value} as a list, or an empty one if it is not. */
  @SuppressWarnings("unchecked")
  public static List<Object> list(Object value) {
    return value instanceof List ? (List<Object>) value : List.of();
  }
}
