package dev.vitals.spring.boot;

import java.util.Map;

/** Check names for beans of one kind: the kind's name for the only bean, else the bean names. */
final class BeanNames {
  private BeanNames() {}

  static <T> Map<String, T> named(String only, Map<String, T> beans) {
    if (beans.size() == 1) {
      return Map.of(only, beans.values().iterator().next());
    }
    return beans;
  }
}
