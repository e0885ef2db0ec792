package dev.docket.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An {@code InputTransformer} compiled once: its {@code InputPathsMap} paths compiled, its {@code
 * InputTemplate} cut into literals and placeholders, each placeholder bound to its variable.
 *
 * <p>Design: EventBridge distinguishes two kinds of template, and so does {@link #render}:
 *
 * <ul>
 *   <li>A <b>string template</b> starts with {@code "} ({@code "<instance> is in <state>"}, or one
 *       quoted string per line). Every value goes in as text: strings unquoted, containers without
 *       their quotes ({@code {acc_id:0a787ecb-4015,sf_id:baz}}), a path that selects nothing as
 *       nothing. The result is delivered as it is, quotes included, never checked.
 *   <li>Any other template must give JSON. Outside a string a value goes in as JSON (a string
 *       quoted), a path that selects nothing as {@code ""} (AWS recorded {@code "command": ""} for
 *       {@code "command": <command>}); inside a string a string goes in escaped, a scalar as its
 *       text, nothing as nothing, and an object or array as its raw JSON, which makes the result
 *       invalid whenever it holds a quote. A result that is not JSON is not delivered.
 * </ul>
 *
 * <p>Whether a JSON template can give invalid JSON is decided here, once: if its skeleton (each
 * placeholder replaced by a stand-in) is valid JSON, only a container inside a string can break it,
 * which {@link #render} sees without parsing; the template's whitespace outside strings is dropped
 * then, since EventBridge delivers minified JSON. Otherwise (a placeholder used as a key, unquoted
 * text) each filled template is parsed before it is delivered.
 *
 * <p>Immutable and thread-safe: {@link #render} keeps its state on the stack.
 */
public final class InputTemplate {

  /** At most this many {@code InputPathsMap} entries (AWS's model). */
  static final int MAX_PATHS = 100;

  /** At most this many characters in {@code InputTemplate} (AWS's model). */
  static final int MAX_TEMPLATE_LENGTH = 8192;

  /** At most this many characters in an {@code InputPathsMap} key or value (AWS's model). */
  static final int MAX_KEY_LENGTH = 256;

  static final int MAX_PATH_LENGTH = 256;

  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_\\-]+");

  private enum Kind {
    STRING,
    JSON,
    CHECKED_JSON
  }

  private final Map<String, String> inputPathsMap;
  private final String text;
  private final Kind kind;
  private final String[] literals;
  private final int[] slotVariable;
  private final boolean[] slotInString;
  private final Variable[] variables;
  private final int literalLength;

  private InputTemplate(
      Map<String, String> inputPathsMap,
      String text,
      Kind kind,
      ScannedTemplate scanned,
      int[] slotVariable,
      Variable[] variables) {
    this.inputPathsMap = inputPathsMap;
    this.text = text;
    this.kind = kind;
    this.literals = scanned.literals().toArray(String[]::new);
    this.slotVariable = slotVariable;
    this.slotInString = new boolean[slotVariable.length];
    for (int i = 0; i < slotVariable.length; i++) {
      slotInString[i] = scanned.inString().get(i);
    }
    this.variables = variables;
    this.literalLength = scanned.literals().stream().mapToInt(String::length).sum();
  }

  /**
   * Validates and compiles an {@code InputTransformer} as PutTargets does.
   *
   * @param inputPathsMap placeholder names to JSONPaths; {@code null} for none
   * @param inputTemplate the template
   * @throws InvalidInputException with EventBridge's message where known (see the README)
   */
  public static InputTemplate of(Map<String, String> inputPathsMap, String inputTemplate) {
    Map<String, String> paths =
        inputPathsMap == null
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(inputPathsMap));
    Map<String, EventPath> compiled = compilePaths(paths);
    checkTemplateLength(inputTemplate);

    ScannedTemplate scanned = ScannedTemplate.scan(inputTemplate, false);
    Kind kind = Kind.STRING;
    if (!inputTemplate.stripLeading().startsWith("\"")) {
      kind = JsonText.isValid(scanned.skeleton()) ? Kind.JSON : Kind.CHECKED_JSON;
      if (kind == Kind.JSON) {
        scanned = ScannedTemplate.scan(inputTemplate, true);
      }
    }

    List<Variable> variables = new ArrayList<>();
    List<String> variableNames = new ArrayList<>();
    int[] slotVariable = new int[scanned.names().size()];
    for (int i = 0; i < slotVariable.length; i++) {
      String name = scanned.names().get(i);
      int index = variableNames.indexOf(name);
      if (index < 0) {
        variables.add(variable(name, compiled));
        variableNames.add(name);
        index = variables.size() - 1;
      }
      slotVariable[i] = index;
    }
    return new InputTemplate(
        paths, inputTemplate, kind, scanned, slotVariable, variables.toArray(Variable[]::new));
  }

  /** The {@code InputPathsMap} as given (in its order; empty when none). */
  public Map<String, String> inputPathsMap() {
    return inputPathsMap;
  }

  /** The {@code InputTemplate} as given. */
  public String inputTemplate() {
    return text;
  }

  /**
   * The filled template for {@code event}; empty when EventBridge would deliver nothing (the
   * template must give JSON and does not).
   */
  public Optional<String> render(JsonNode event, TransformContext context) {
    JsonNode[] values = new JsonNode[variables.length];
    StringBuilder out = new StringBuilder(literalLength + 32 * slotVariable.length);
    for (int i = 0; i < slotVariable.length; i++) {
      out.append(literals[i]);
      int v = slotVariable[i];
      JsonNode value = values[v];
      if (value == null) {
        value = variables[v].value(event, context);
        values[v] = value;
      }
      if (!append(out, value, slotInString[i])) {
        return Optional.empty();
      }
    }
    out.append(literals[literals.length - 1]);
    String filled = out.toString();
    if (kind == Kind.CHECKED_JSON && !JsonText.isValid(filled)) {
      return Optional.empty();
    }
    return Optional.of(filled);
  }

  /** Appends one value; false when the result can no longer be valid JSON. */
  private boolean append(StringBuilder out, JsonNode value, boolean inString) {
    if (kind == Kind.STRING) {
      if (!value.isMissingNode()) {
        JsonText.appendUnquoted(out, value);
      }
      return true;
    }
    if (!inString) {
      if (value.isMissingNode()) {
        out.append("\"\"");
      } else {
        JsonText.appendJson(out, value);
      }
      return true;
    }
    if (value.isTextual()) {
      JsonText.appendEscaped(out, value.textValue());
    } else if (value.isContainerNode()) {
      String json = value.toString();
      if (kind == Kind.JSON && (json.indexOf('"') >= 0 || json.indexOf('\\') >= 0)) {
        return false;
      }
      out.append(json);
    } else if (!value.isMissingNode()) {
      out.append(value.toString());
    }
    return true;
  }

  private static Map<String, EventPath> compilePaths(Map<String, String> paths) {
    if (paths.size() > MAX_PATHS) {
      throw new InvalidInputException(
          "InputPathsMap", "must have at most " + MAX_PATHS + " entries, but had " + paths.size());
    }
    Map<String, EventPath> compiled = new LinkedHashMap<>();
    for (Map.Entry<String, String> entry : paths.entrySet()) {
      String key = Objects.requireNonNull(entry.getKey(), "InputPathsMap key");
      if (PredefinedVariable.named(key).isPresent() || key.regionMatches(true, 0, "aws.", 0, 4)) {
        throw new InvalidInputException(
            "InputPathsMap", "must not use the reserved key '" + key + "'");
      }
      if (key.length() > MAX_KEY_LENGTH || !KEY.matcher(key).matches()) {
        throw new InvalidInputException(
            "InputPathsMap",
            "must have keys of 1 to "
                + MAX_KEY_LENGTH
                + " characters matching [A-Za-z0-9\\_\\-]+, but had '"
                + key
                + "'");
      }
      String path = entry.getValue();
      Optional<EventPath> parsed =
          path == null || path.length() > MAX_PATH_LENGTH
              ? Optional.empty()
              : EventPath.parse(path);
      if (parsed.isEmpty()) {
        throw new InvalidInputException(
            "InputPathsMap",
            "must map '"
                + key
                + "' to a JSONPath of at most "
                + MAX_PATH_LENGTH
                + " characters starting with '$', but was '"
                + path
                + "'");
      }
      compiled.put(key, parsed.get());
    }
    return compiled;
  }

  private static void checkTemplateLength(String template) {
    if (template == null || template.isEmpty()) {
      throw new InvalidInputException(
          "InputTemplate", "must have length greater than or equal to 1");
    }
    int length = template.codePointCount(0, template.length());
    if (length > MAX_TEMPLATE_LENGTH) {
      throw new InvalidInputException(
          "InputTemplate",
          "must have length less than or equal to " + MAX_TEMPLATE_LENGTH + ", but was " + length);
    }
  }

  private static Variable variable(String name, Map<String, EventPath> paths) {
    Optional<PredefinedVariable> predefined = PredefinedVariable.named(name);
    if (predefined.isPresent()) {
      return predefined.get()::value;
    }
    EventPath path = paths.get(name);
    if (path == null) {
      // AWS's text, recorded: "InputTemplate for target <id> contains invalid placeholder <name>."
      throw new InvalidInputException(
          "InputTemplate", "contains invalid placeholder " + name + ".");
    }
    return (event, context) -> path.select(event).orElse(MissingNode.getInstance());
  }

  /** Where a placeholder's value comes from; {@code MissingNode} when it selects nothing. */
  @FunctionalInterface
  private interface Variable {
    JsonNode value(JsonNode event, TransformContext context);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof InputTemplate template
        && template.text.equals(text)
        && template.inputPathsMap.equals(inputPathsMap);
  }

  @Override
  public int hashCode() {
    return Objects.hash(text, inputPathsMap);
  }

  @Override
  public String toString() {
    return "InputTemplate[inputPathsMap=" + inputPathsMap + ", inputTemplate=" + text + "]";
  }
}
