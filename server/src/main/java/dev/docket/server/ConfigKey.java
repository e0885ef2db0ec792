package dev.docket.server;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One external configuration key, as declared in {@link ConfigKeys}: its dotted kebab-case name
 * ({@code server.port}), its type, its default written as it would appear in a configuration file,
 * and a one-sentence description. The parser, the environment overrides and {@code
 * docs/configuration.md} are all derived from these declarations.
 *
 * <p>Immutable and thread-safe.
 *
 * @param <T> the Java type a value of this key is parsed into
 * @param name the dotted kebab-case name, e.g. {@code store.data-dir}
 * @param type how values are parsed and how the type is documented
 * @param defaultValue the default in configuration-file notation; empty for "none"
 * @param description what the key does, in full sentences
 */
public record ConfigKey<T>(
    String name, ConfigType<T> type, String defaultValue, String description) {

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)+");

  /** Validates the declaration. */
  public ConfigKey {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(defaultValue, "defaultValue");
    Objects.requireNonNull(description, "description");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "A configuration key must be dotted kebab-case like 'server.port', but was '"
              + name
              + "'");
    }
  }

  /**
   * The environment variable overriding this key: {@code server.port} → {@code DOCKET_SERVER_PORT}.
   */
  public String environmentVariable() {
    return "DOCKET_" + name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }
}
