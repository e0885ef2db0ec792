package dev.docket.states.asl;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses and validates Amazon States Language definitions as Step Functions does.
 *
 * <p>{@link #parse} answers the definition's records, with AWS's defaults filled in, or throws
 * {@link InvalidDefinitionException} with CreateStateMachine's message; {@link #validate} answers
 * every problem as ValidateStateMachineDefinition's diagnostics. Both read the same way: JSON
 * syntax, then the schema of the top level, every block and every state (fields each state type
 * supports in its query language, required fields, paths, payload templates, intrinsic function
 * calls, JSONata expressions, Retry / Catch limits, Choice rules), then each block's transitions.
 *
 * <p>Messages verified against AWS's recorded answers: {@code These fields are required: [...]},
 * {@code The field 'Type' should have one of these values: [...]}, {@code Value cannot be empty},
 * {@code The field 'RoleArn' is required but was missing}, {@code The value for the field 'x.$'
 * must be a valid JSONPath or a valid intrinsic function call}, {@code String does not match
 * RFC3339 timestamp}, {@code 'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole
 * state machine}, the three Express refusals, {@code Definition must be a valid JSON object} and
 * the JSON syntax diagnostic. Taken from AWS's answers quoted in public reports: {@code Missing
 * 'Next' target: X}, {@code State "X" is not reachable.}, {@code Workflow has no terminal state},
 * {@code Field 'X' is not supported}, {@code States.ALL must appear alone and at end of list},
 * {@code Value must be a valid JSONPath.}, {@code The QueryLanguage is set to 'JSONPath', but field
 * 'X' is only supported for the 'JSONata' QueryLanguage} and {@code INVALID_JSONATA_EXPRESSION}
 * with the parser's message. The rest (ranges, mutually exclusive fields, Next / End, Choice rule
 * shapes, state name length, duplicate names) are ours, in AWS's style.
 *
 * <p>Stateless and thread-safe.
 */
public final class Definitions {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final int SOURCE_LIMIT = 500;
  private static final Pattern UNRECOGNIZED_TOKEN =
      Pattern.compile("^Unrecognized token '([^']*)'");

  private Definitions() {}

  /** Parses and validates a Standard machine's definition text. */
  public static StateMachineDefinition parse(String definition) {
    return parse(definition, false);
  }

  /**
   * Parses and validates a definition text.
   *
   * @param express whether the machine is an Express one (which refuses {@code .sync}, {@code
   *     .waitForTaskToken} and activities)
   * @throws InvalidDefinitionException with AWS's message when it is not valid
   */
  public static StateMachineDefinition parse(String definition, boolean express) {
    Problems problems = new Problems();
    StateMachineDefinition read = read(definition, express, problems);
    List<Diagnostic> errors = problems.all().stream().filter(Diagnostic::isError).toList();
    if (!errors.isEmpty() || read == null) {
      throw new InvalidDefinitionException(errors);
    }
    return read;
  }

  /** Every problem of a Standard machine's definition; empty if it is valid. */
  public static List<Diagnostic> validate(String definition) {
    return validate(definition, false);
  }

  /**
   * Every problem ValidateStateMachineDefinition reports for a definition; empty if it is valid.
   *
   * @param express whether the machine is an Express one
   */
  public static List<Diagnostic> validate(String definition, boolean express) {
    Problems problems = new Problems();
    read(definition, express, problems);
    return problems.all();
  }

  private static StateMachineDefinition read(
      String definition, boolean express, Problems problems) {
    JsonNode root;
    try {
      root = definition == null ? null : MAPPER.readTree(definition);
    } catch (JsonProcessingException e) {
      String location = location(definition, e);
      problems.add(Problems.INVALID_JSON, e.getOriginalMessage() + "\n at " + location, location);
      return null;
    }
    if (!(root instanceof ObjectNode object)) {
      problems.schema("Definition must be a valid JSON object", null);
      return null;
    }
    return new DefinitionReader(problems, express).read(object);
  }

  /**
   * Where a JSON syntax problem is, as AWS's (older) Jackson describes it: the source text and the
   * position the parser had reached, which for an unrecognized token is just after the token.
   */
  private static String location(String text, JsonProcessingException e) {
    JsonLocation at = e.getLocation();
    int line = at == null ? 1 : at.getLineNr();
    int column = at == null ? 1 : at.getColumnNr();
    Matcher token = UNRECOGNIZED_TOKEN.matcher(e.getOriginalMessage());
    if (token.find()) {
      column += token.group(1).length();
    }
    String source =
        text.length() > SOURCE_LIMIT
            ? text.substring(0, SOURCE_LIMIT)
                + "\"[truncated "
                + (text.length() - SOURCE_LIMIT)
                + " chars]"
            : text + "\"";
    return "[Source: (String)\"" + source + "; line: " + line + ", column: " + column + "]";
  }
}
