package dev.docket.server;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Reads a {@link ServerConfig} from, in increasing precedence: the defaults of {@link ConfigKeys},
 * a YAML file, {@code DOCKET_*} environment variables, and explicit overrides (the command-line
 * flags).
 *
 * <pre>{@code
 * ServerConfig config = new ConfigLoader()
 *     .file(Path.of("docket.yaml"))
 *     .systemEnvironment()
 *     .override("server.port", "8080")
 *     .load();
 * }</pre>
 *
 * <p>In the file, keys may be nested ({@code server: {port: 8080}}) or dotted ({@code server.port:
 * 8080}); an unknown key is an error, so a typo never goes unnoticed. Unknown {@code DOCKET_*}
 * variables are ignored (the launcher uses some of its own). Not thread-safe: build, load, discard.
 */
public final class ConfigLoader {

  private Path file;
  private Map<String, String> environment = Map.of();
  private final Map<String, String> overrides = new LinkedHashMap<>();

  /** Creates a loader reading nothing but the defaults. */
  public ConfigLoader() {}

  /** Reads this YAML file; it must exist. */
  public ConfigLoader file(Path file) {
    this.file = Objects.requireNonNull(file, "file");
    return this;
  }

  /** Reads {@code DOCKET_*} overrides from this environment, e.g. {@code System.getenv()}. */
  public ConfigLoader environment(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
    return this;
  }

  /** Reads {@code DOCKET_*} overrides from this process's environment. */
  public ConfigLoader systemEnvironment() {
    return environment(System.getenv());
  }

  /**
   * Overrides {@code key} with {@code value}, written as in the environment.
   *
   * @throws ConfigException if {@code key} is not in {@link ConfigKeys#ALL}
   */
  public ConfigLoader override(String key, String value) {
    ConfigKeys.named(key).orElseThrow(() -> unknownKey(key, "overrides"));
    overrides.put(key, Objects.requireNonNull(value, "value"));
    return this;
  }

  /**
   * Reads every source and builds the configuration.
   *
   * @throws ConfigException naming the key, source and bad value
   */
  public ServerConfig load() {
    Map<String, Object> values = new HashMap<>();
    ConfigValues defaults = ConfigValues.defaults();
    for (ConfigKey<?> key : ConfigKeys.ALL) {
      values.put(key.name(), defaults.get(key));
    }
    if (file != null) {
      String source = file.toString();
      readFile(file).forEach((name, node) -> values.put(name, parse(name, node, source)));
    }
    for (ConfigKey<?> key : ConfigKeys.ALL) {
      String text = environment.get(key.environmentVariable());
      if (text != null) {
        values.put(
            key.name(),
            key.type()
                .parse(
                    key.name(),
                    ConfigType.textNode(text),
                    "environment variable " + key.environmentVariable()));
      }
    }
    overrides.forEach(
        (name, text) -> values.put(name, parse(name, ConfigType.textNode(text), "overrides")));
    return ServerConfig.from(new ConfigValues(values));
  }

  private static Object parse(String name, JsonNode node, String source) {
    ConfigKey<?> key = ConfigKeys.named(name).orElseThrow(() -> unknownKey(name, source));
    return key.type().parse(name, node, source);
  }

  /** The file's keys, flattened to dotted names; lists and scalars are leaves. */
  private static Map<String, JsonNode> readFile(Path file) {
    JsonNode root;
    try {
      root = Yaml.MAPPER.readTree(Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      throw new ConfigException("Configuration file '" + file + "' does not exist");
    } catch (JacksonException e) {
      throw new ConfigException(
          "Configuration file '" + file + "' is not valid YAML: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new ConfigException("Cannot read configuration file '" + file + "': " + e, e);
    }
    Map<String, JsonNode> flat = new LinkedHashMap<>();
    if (root == null || root.isMissingNode() || root.isNull()) {
      return flat; // an empty file
    }
    if (!root.isObject()) {
      throw new ConfigException(
          "Configuration file '" + file + "' must be a map of keys, but was '" + root + "'");
    }
    flatten("", root, flat, file.toString());
    return flat;
  }

  private static void flatten(
      String prefix, JsonNode node, Map<String, JsonNode> flat, String source) {
    node.fields()
        .forEachRemaining(
            field -> {
              String name = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
              if (field.getValue().isObject() && ConfigKeys.named(name).isEmpty()) {
                flatten(name, field.getValue(), flat, source);
              } else {
                flat.put(name, field.getValue());
              }
            });
  }

  private static ConfigException unknownKey(String name, String source) {
    return new ConfigException(
        "Unknown configuration key '"
            + name
            + "' (in "
            + source
            + "); known keys: "
            + ConfigKeys.ALL.stream().map(ConfigKey::name).collect(Collectors.joining(", ")));
  }

  /** Holds the YAML mapper, so that starting without a file never loads the YAML parser. */
  private static final class Yaml {
    static final YAMLMapper MAPPER = new YAMLMapper();
  }
}
