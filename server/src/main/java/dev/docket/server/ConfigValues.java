package dev.docket.server;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Typed values for every key of {@link ConfigKeys#ALL}, after defaults, file, environment and
 * overrides have been applied. Immutable once built by {@link ConfigLoader}.
 */
final class ConfigValues {

  private final Map<String, Object> values;

  ConfigValues(Map<String, Object> values) {
    for (ConfigKey<?> key : ConfigKeys.ALL) {
      Objects.requireNonNull(values.get(key.name()), () -> "no value for " + key.name());
    }
    this.values = Map.copyOf(values);
  }

  /** The values of the table's defaults alone. */
  static ConfigValues defaults() {
    Map<String, Object> values = new HashMap<>();
    for (ConfigKey<?> key : ConfigKeys.ALL) {
      values.put(
          key.name(),
          key.type().parse(key.name(), ConfigType.textNode(key.defaultValue()), "defaults"));
    }
    return new ConfigValues(values);
  }

  /** The value of {@code key}. */
  <T> T get(ConfigKey<T> key) {
    @SuppressWarnings("unchecked") // values are put only by key.type().parse
    T value = (T) values.get(key.name());
    return value;
  }
}
