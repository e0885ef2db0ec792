package dev.docket.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.docket.model.Principal;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The type of a configuration key: its name as documented, and how a value is parsed from a YAML
 * node or from text (environment variables and command-line flags arrive as text nodes).
 *
 * <p>Immutable and thread-safe.
 *
 * @param <T> the Java type values are parsed into
 * @param documentation the type as shown in {@code docs/configuration.md}
 * @param parser turns one raw value into a typed one, or throws {@link ConfigException}
 */
public record ConfigType<T>(String documentation, Parser<T> parser) {

  /** Parses one raw value of a key. */
  @FunctionalInterface
  public interface Parser<T> {
    /**
     * Parses {@code node}, the value of {@code key} read from {@code source}.
     *
     * @throws ConfigException naming the key, the source, and quoting the value
     */
    T parse(String key, JsonNode node, String source);
  }

  /** Validates the declaration. */
  public ConfigType {
    Objects.requireNonNull(documentation, "documentation");
    Objects.requireNonNull(parser, "parser");
  }

  /** Parses a raw value, with the key and its source for error messages. */
  public T parse(String key, JsonNode node, String source) {
    return parser.parse(key, node, source);
  }

  /** Any scalar, as text. */
  public static ConfigType<String> string() {
    return new ConfigType<>("string", ConfigType::scalar);
  }

  /** A scalar matching {@code regex}; {@code shape} says in words what it must look like. */
  public static ConfigType<String> matching(String regex, String shape) {
    Pattern pattern = Pattern.compile(regex);
    return new ConfigType<>(
        "string (" + shape + ")",
        (key, node, source) -> {
          String text = scalar(key, node, source);
          if (!pattern.matcher(text).matches()) {
            throw invalid(key, "must be " + shape, text, source);
          }
          return text;
        });
  }

  /** A whole number between {@code min} and {@code max}, inclusive. */
  public static ConfigType<Integer> integer(int min, int max) {
    return new ConfigType<>(
        "integer (" + min + "–" + max + ")",
        (key, node, source) -> {
          String text = scalar(key, node, source);
          long value;
          try {
            value = Long.parseLong(text.strip());
          } catch (NumberFormatException e) {
            throw invalid(key, "must be an integer", text, source);
          }
          if (value < min || value > max) {
            throw invalid(key, "must be between " + min + " and " + max, text, source);
          }
          return (int) value;
        });
  }

  private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

  /**
   * A duration between {@code min} and {@code max}: a whole number with a unit, {@code ms}, {@code
   * s}, {@code m}, {@code h} or {@code d} ({@code 250ms}, {@code 1s}, {@code 15m}, {@code 90d}).
   */
  public static ConfigType<Duration> duration(Duration min, Duration max) {
    return new ConfigType<>(
        "duration (e.g. 250ms, 1s, 15m)",
        (key, node, source) -> {
          String text = scalar(key, node, source).strip();
          var matcher = DURATION.matcher(text);
          if (!matcher.matches()) {
            throw invalid(key, "must be a number with a unit (ms, s, m, h or d)", text, source);
          }
          long amount = Long.parseLong(matcher.group(1));
          Duration value =
              switch (matcher.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
              };
          if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw invalid(key, "must be between " + min + " and " + max, text, source);
          }
          return value;
        });
  }

  /** {@code true} or {@code false}, in any case. */
  public static ConfigType<Boolean> bool() {
    return new ConfigType<>(
        "boolean",
        (key, node, source) -> {
          String text = scalar(key, node, source).strip().toLowerCase(Locale.ROOT);
          return switch (text) {
            case "true" -> true;
            case "false" -> false;
            default -> throw invalid(key, "must be true or false", text, source);
          };
        });
  }

  /** A file-system path; relative paths resolve against the working directory. */
  public static ConfigType<Path> path() {
    return new ConfigType<>(
        "path",
        (key, node, source) -> {
          String text = scalar(key, node, source);
          if (text.isBlank()) {
            throw invalid(key, "must not be empty", text, source);
          }
          try {
            return Path.of(text);
          } catch (InvalidPathException e) {
            throw invalid(key, "must be a valid path", text, source);
          }
        });
  }

  /**
   * A list of access keys: in a file, a YAML list of maps with {@code access-key-id}, {@code
   * secret-key} and optionally {@code account-id} and {@code principal} (a user or role ARN); as
   * text, {@code ID:SECRET[:ACCOUNT[:PRINCIPAL]]} entries separated by commas.
   */
  public static ConfigType<List<AccessKeyEntry>> accessKeys() {
    return new ConfigType<>("list of access keys", ConfigType::accessKeyList);
  }

  private static List<AccessKeyEntry> accessKeyList(String key, JsonNode node, String source) {
    List<AccessKeyEntry> keys = new ArrayList<>();
    if (node.isTextual()) {
      for (String entry : node.asText().split(",")) {
        if (entry.isBlank()) {
          continue;
        }
        // the principal ARN has colons of its own: it is everything after the third colon
        String[] parts = entry.strip().split(":", 4);
        if (parts.length < 2) {
          throw invalid(
              key, "entries must look like ID:SECRET[:ACCOUNT[:PRINCIPAL]]", entry, source);
        }
        String account = parts.length >= 3 && !parts[2].isEmpty() ? parts[2] : null;
        String principal = parts.length == 4 ? parts[3] : null;
        keys.add(entry(key, parts[0], parts[1], account, principal, source));
      }
      return List.copyOf(keys);
    }
    if (!node.isArray()) {
      throw invalid(key, "must be a list of {access-key-id, secret-key, account-id}", node, source);
    }
    for (int i = 0; i < node.size(); i++) {
      JsonNode item = node.get(i);
      String itemKey = key + "[" + i + "]";
      if (!item.isObject()) {
        throw invalid(itemKey, "must be a map with access-key-id and secret-key", item, source);
      }
      item.fieldNames()
          .forEachRemaining(
              field -> {
                if (!List.of("access-key-id", "secret-key", "account-id", "principal")
                    .contains(field)) {
                  throw new ConfigException(
                      "Unknown configuration key '"
                          + itemKey
                          + "."
                          + field
                          + "' in "
                          + source
                          + "; expected access-key-id, secret-key, account-id, principal");
                }
              });
      keys.add(
          entry(
              itemKey,
              text(item, "access-key-id", itemKey, source),
              text(item, "secret-key", itemKey, source),
              item.hasNonNull("account-id")
                  ? scalar(itemKey, item.get("account-id"), source)
                  : null,
              item.hasNonNull("principal") ? scalar(itemKey, item.get("principal"), source) : null,
              source));
    }
    return List.copyOf(keys);
  }

  private static AccessKeyEntry entry(
      String key, String id, String secret, String account, String principal, String source) {
    if (id.isBlank()) {
      throw invalid(key + ".access-key-id", "must not be empty", id, source);
    }
    if (secret.isBlank()) {
      throw invalid(key + ".secret-key", "must not be empty", "", source);
    }
    if (account != null && !account.matches("\\d{12}")) {
      throw invalid(key + ".account-id", "must be 12 digits", account, source);
    }
    if (principal != null) {
      Principal.Type type = Principal.typeOf(principal.strip());
      if (type != Principal.Type.ROOT
          && type != Principal.Type.USER
          && type != Principal.Type.ROLE) {
        throw invalid(
            key + ".principal",
            "must be the ARN of an account root, user or role (arn:aws:iam::<account>:user/<name>"
                + " or :role/<name>)",
            principal,
            source);
      }
      String principalAccount = Principal.accountOf(principal.strip());
      if (account != null && !account.equals(principalAccount)) {
        throw invalid(
            key + ".principal",
            "must belong to the key's account-id " + account,
            principal,
            source);
      }
      principal = principal.strip();
      account = principalAccount;
    }
    return new AccessKeyEntry(id.strip(), secret, account, principal);
  }

  private static final Pattern ORGANIZATION_ID = Pattern.compile("o-[a-z0-9]{10,32}");

  /**
   * Organizations: in a file, a map of organization id ({@code o-} and 10 to 32 lower-case letters
   * or digits) to the list of its account ids; as text, {@code ORG=ACCOUNT ACCOUNT...} entries
   * separated by commas.
   */
  public static ConfigType<Map<String, List<String>>> organizations() {
    return new ConfigType<>(
        "map of organization id to account ids",
        (key, node, source) -> {
          Map<String, List<String>> map = accountLists(key, node, source, "ORG");
          map.keySet()
              .forEach(
                  org -> {
                    if (!ORGANIZATION_ID.matcher(org).matches()) {
                      throw invalid(
                          key,
                          "organization ids must look like o-exampleorgid (o- and 10 to 32"
                              + " lower-case letters or digits)",
                          org,
                          source);
                    }
                  });
          return map;
        });
  }

  /**
   * Roles other accounts may assume: in a file, a map of role ARN to the list of the account ids
   * trusted to assume it; as text, {@code ROLE-ARN=ACCOUNT ACCOUNT...} entries separated by commas.
   */
  public static ConfigType<Map<String, List<String>>> roles() {
    return new ConfigType<>(
        "map of role ARN to account ids",
        (key, node, source) -> {
          Map<String, List<String>> map = accountLists(key, node, source, "ROLE-ARN");
          map.keySet()
              .forEach(
                  arn -> {
                    if (Principal.typeOf(arn) != Principal.Type.ROLE) {
                      throw invalid(
                          key,
                          "keys must be role ARNs (arn:aws:iam::<account>:role/<name>)",
                          arn,
                          source);
                    }
                  });
          return map;
        });
  }

  /** A map of names to lists of 12-digit account ids, from YAML or from compact text. */
  private static Map<String, List<String>> accountLists(
      String key, JsonNode node, String source, String nameShape) {
    Map<String, List<String>> map = new LinkedHashMap<>();
    if (node.isTextual()) {
      for (String entry : node.asText().split(",")) {
        if (entry.isBlank()) {
          continue;
        }
        int equals = entry.lastIndexOf('=');
        if (equals <= 0) {
          throw invalid(
              key, "entries must look like " + nameShape + "=ACCOUNT ACCOUNT...", entry, source);
        }
        List<String> accounts = new ArrayList<>();
        for (String account : entry.substring(equals + 1).strip().split("\\s+")) {
          if (!account.isEmpty()) {
            accounts.add(account);
          }
        }
        put(map, key, entry.substring(0, equals).strip(), accounts, source);
      }
      return map;
    }
    if (!node.isObject()) {
      throw invalid(key, "must be a map of " + nameShape + " to a list of accounts", node, source);
    }
    node.fields()
        .forEachRemaining(
            field -> {
              JsonNode value = field.getValue();
              List<String> accounts = new ArrayList<>();
              if (value.isArray()) {
                value.forEach(a -> accounts.add(scalar(key + "." + field.getKey(), a, source)));
              } else {
                accounts.add(scalar(key + "." + field.getKey(), value, source));
              }
              put(map, key, field.getKey(), accounts, source);
            });
    return map;
  }

  private static void put(
      Map<String, List<String>> map,
      String key,
      String name,
      List<String> accounts,
      String source) {
    for (String account : accounts) {
      if (!Principal.ACCOUNT.matcher(account).matches()) {
        throw invalid(key + "." + name, "accounts must be 12 digits", account, source);
      }
    }
    if (map.put(name, List.copyOf(accounts)) != null) {
      throw invalid(key, "lists a name twice", name, source);
    }
  }

  private static String text(JsonNode item, String field, String key, String source) {
    if (!item.hasNonNull(field)) {
      throw new ConfigException(key + "." + field + " is required (in " + source + ")");
    }
    return scalar(key + "." + field, item.get(field), source);
  }

  private static String scalar(String key, JsonNode node, String source) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      throw new ConfigException(key + " has no value (in " + source + ")");
    }
    if (!node.isValueNode()) {
      throw invalid(key, "must be a single value", node, source);
    }
    return node.asText();
  }

  private static ConfigException invalid(String key, String rule, JsonNode node, String source) {
    return invalid(key, rule, node.isTextual() ? node.asText() : node.toString(), source);
  }

  static ConfigException invalid(String key, String rule, String value, String source) {
    return new ConfigException(key + " " + rule + ", but was '" + value + "' (in " + source + ")");
  }

  /** Wraps text from the environment or a flag as a node. */
  static JsonNode textNode(String text) {
    return TextNode.valueOf(text);
  }
}
