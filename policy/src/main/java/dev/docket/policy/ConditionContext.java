package dev.docket.policy;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The condition keys of one request and their values. Keys are case-insensitive, as IAM's are
 * ({@code aws:SourceArn} and {@code AWS:sourcearn} are one key); each key has a list of string
 * values: one for a single-valued key such as {@code aws:SourceAccount}, any number for a
 * multivalued key such as {@code aws:TagKeys}. A key with an empty list of values counts as missing
 * (so {@code ForAllValues} is true, {@code ForAnyValue} false and {@code Null} true for it).
 *
 * <p>Immutable and thread-safe; build one with {@link #builder()}.
 */
public final class ConditionContext {

  private static final ConditionContext EMPTY = new ConditionContext(Map.of());

  private final Map<String, List<String>> values;

  private ConditionContext(Map<String, List<String>> values) {
    this.values = values;
  }

  /** A context without keys. */
  public static ConditionContext empty() {
    return EMPTY;
  }

  /** A builder for a context. */
  public static Builder builder() {
    return new Builder();
  }

  /** A context with the given keys and values. */
  public static ConditionContext of(Map<String, List<String>> values) {
    Builder builder = builder();
    values.forEach(builder::put);
    return builder.build();
  }

  /** The values of a key, if the request has it. */
  public Optional<List<String>> values(String key) {
    return Optional.ofNullable(values.get(normalize(key)));
  }

  /** The values of a key already in {@link #normalize normal form}, or null if absent. */
  List<String> lookup(String normalizedKey) {
    return values.get(normalizedKey);
  }

  /** The form keys are compared in. */
  static String normalize(String key) {
    return key.toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return "ConditionContext" + values;
  }

  /** Collects keys and values; a key put twice keeps the last values. Not thread-safe. */
  public static final class Builder {
    private final Map<String, List<String>> values = new HashMap<>();

    private Builder() {}

    /** Sets a single-valued key. */
    public Builder put(String key, String value) {
      Objects.requireNonNull(value, "value");
      values.put(normalize(Objects.requireNonNull(key, "key")), List.of(value));
      return this;
    }

    /** Sets a key to a list of values (a multivalued key; the list may be empty). */
    public Builder put(String key, List<String> keyValues) {
      values.put(normalize(Objects.requireNonNull(key, "key")), List.copyOf(keyValues));
      return this;
    }

    /** The context. */
    public ConditionContext build() {
      return values.isEmpty() ? EMPTY : new ConditionContext(Map.copyOf(values));
    }
  }
}
