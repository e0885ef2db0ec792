package dev.docket.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validates and compiles one parsed document. The rules are IAM's for resource-based policies:
 *
 * <ul>
 *   <li>the document is an object with {@code Version} ({@code 2012-10-17} or {@code 2008-10-17},
 *       optional), {@code Id} (optional) and {@code Statement} (an object or a non-empty array),
 *       nothing else;
 *   <li>a statement has {@code Sid} (optional, unique), {@code Effect} ({@code Allow} or {@code
 *       Deny}), exactly one of {@code Action} / {@code NotAction}, exactly one of {@code Resource}
 *       / {@code NotResource} (optional if the options say so), exactly one of {@code Principal} /
 *       {@code NotPrincipal} (likewise), an optional {@code Condition}, nothing else;
 *   <li>an action is {@code *} or {@code vendor:pattern}; a resource is {@code *} or an ARN
 *       pattern; a principal is {@code *} or an object of {@code AWS}, {@code Service}, {@code
 *       Federated} or {@code CanonicalUser} values;
 *   <li>every condition operator is known and its values fit it ({@link ConditionParser}).
 * </ul>
 *
 * One instance per document; not thread-safe.
 */
final class StatementParser {

  private static final Set<String> DOCUMENT_FIELDS = Set.of("Version", "Id", "Statement");
  private static final Set<String> STATEMENT_FIELDS =
      Set.of(
          "Sid",
          "Effect",
          "Principal",
          "NotPrincipal",
          "Action",
          "NotAction",
          "Resource",
          "NotResource",
          "Condition");
  private static final Pattern ACTION =
      Pattern.compile("\\*|[a-z0-9-]+:[^:]+", Pattern.CASE_INSENSITIVE);

  private final ParseOptions options;
  private final Set<String> sids = new HashSet<>();
  private boolean variables;
  private int values;

  StatementParser(ParseOptions options) {
    this.options = options;
  }

  Policy policy(JsonNode root) {
    unknownFields(root, DOCUMENT_FIELDS, "Policy document");
    String version = PolicyDocument.VERSION_2008;
    JsonNode versionNode = root.get("Version");
    if (versionNode != null) {
      if (!versionNode.isTextual()
          || !(versionNode.textValue().equals(PolicyDocument.VERSION_2012)
              || versionNode.textValue().equals(PolicyDocument.VERSION_2008))) {
        throw new MalformedPolicyException(Reasons.VERSION);
      }
      version = versionNode.textValue();
    }
    variables = version.equals(PolicyDocument.VERSION_2012);
    Optional<String> id = Optional.empty();
    JsonNode idNode = root.get("Id");
    if (idNode != null) {
      if (!idNode.isTextual()) {
        throw new MalformedPolicyException("Id must be a string");
      }
      id = Optional.of(idNode.textValue());
    }
    JsonNode statementNode = root.get("Statement");
    if (statementNode == null) {
      throw new MalformedPolicyException("Missing required field Statement");
    }
    List<JsonNode> nodes = new ArrayList<>();
    if (statementNode.isObject()) {
      nodes.add(statementNode);
    } else if (statementNode.isArray() && !statementNode.isEmpty()) {
      if (statementNode.size() > options.maxStatements()) {
        throw new MalformedPolicyException(
            "Policy document must have at most %d statements, but has %d"
                .formatted(options.maxStatements(), statementNode.size()));
      }
      statementNode.forEach(nodes::add);
    } else {
      throw new MalformedPolicyException(Reasons.SYNTAX);
    }
    List<Statement> statements = new ArrayList<>(nodes.size());
    for (JsonNode node : nodes) {
      statements.add(statement(node));
    }
    return new Policy(version, id, statements);
  }

  private Statement statement(JsonNode node) {
    if (!node.isObject()) {
      throw new MalformedPolicyException(Reasons.SYNTAX);
    }
    unknownFields(node, STATEMENT_FIELDS, "Statement");
    String sid = "";
    JsonNode sidNode = node.get("Sid");
    if (sidNode != null) {
      if (!sidNode.isTextual()) {
        throw new MalformedPolicyException("Sid must be a string");
      }
      sid = sidNode.textValue();
      if (!sid.isEmpty() && !sids.add(sid)) {
        throw new MalformedPolicyException(Reasons.DUPLICATE_SID);
      }
    }
    JsonNode effect = node.get("Effect");
    if (effect == null) {
      throw new MalformedPolicyException("Missing required field Effect");
    }
    if (!effect.isTextual()
        || !(effect.textValue().equals("Allow") || effect.textValue().equals("Deny"))) {
      throw new MalformedPolicyException(
          "Effect must be Allow or Deny, but was " + PolicyText.quote(text(effect)));
    }
    String actionField = exactlyOne(node, "Action", "NotAction", true, Reasons.NO_ACTIONS);
    GlobSet actions = actions(node.get(actionField), actionField);
    String resourceField =
        exactlyOne(
            node, "Resource", "NotResource", options.requireResource(), Reasons.NO_RESOURCES);
    GlobSet resources =
        resourceField == null ? null : resources(node.get(resourceField), resourceField);
    String principalField =
        exactlyOne(
            node, "Principal", "NotPrincipal", options.requirePrincipal(), Reasons.NO_PRINCIPAL);
    PrincipalSet principals =
        principalField == null ? null : principals(node.get(principalField), principalField);
    JsonNode conditionNode = node.get("Condition");
    Condition[] conditions =
        conditionNode == null
            ? new Condition[0]
            : new ConditionParser(variables, this::count)
                .parse(conditionNode)
                .toArray(Condition[]::new);
    return new Statement(
        sid,
        effect.textValue().equals("Allow"),
        actions,
        actionField.startsWith("Not"),
        resources,
        resourceField != null && resourceField.startsWith("Not"),
        principals,
        principalField != null && principalField.startsWith("Not"),
        conditions);
  }

  /** The one of two fields the statement has, or null if neither and not required. */
  private static String exactlyOne(
      JsonNode node, String field, String notField, boolean required, String missing) {
    boolean has = node.has(field);
    boolean hasNot = node.has(notField);
    if (has && hasNot) {
      throw new MalformedPolicyException(
          "Statement must not have both " + field + " and " + notField);
    }
    if (!has && !hasNot) {
      if (required) {
        throw new MalformedPolicyException(missing);
      }
      return null;
    }
    return has ? field : notField;
  }

  private GlobSet actions(JsonNode node, String field) {
    List<Glob> globs = new ArrayList<>();
    for (String value : strings(node, field)) {
      if (!ACTION.matcher(value).matches()) {
        throw new MalformedPolicyException(Reasons.ACTION_VENDOR);
      }
      globs.add(Glob.of(value.toLowerCase(Locale.ROOT)));
    }
    return GlobSet.of(globs);
  }

  private GlobSet resources(JsonNode node, String field) {
    List<Glob> globs = new ArrayList<>();
    for (String value : strings(node, field)) {
      if (!value.equals("*") && !value.startsWith("arn:")) {
        throw new MalformedPolicyException(Reasons.resourceFormat(value));
      }
      globs.add(PolicyText.glob(value, variables));
    }
    return GlobSet.of(globs);
  }

  private PrincipalSet principals(JsonNode node, String field) {
    if (node.isTextual()) {
      if (!node.textValue().equals("*")) {
        throw new MalformedPolicyException(
            field + " must be \"*\" or an object, but was " + PolicyText.quote(node.textValue()));
      }
      count(1);
      return PrincipalSet.ANYONE;
    }
    if (!node.isObject() || node.isEmpty()) {
      throw new MalformedPolicyException(Reasons.SYNTAX);
    }
    PrincipalSet.Builder builder = new PrincipalSet.Builder();
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      List<String> names = strings(entry.getValue(), field + "." + entry.getKey());
      switch (entry.getKey()) {
        case "AWS" -> names.forEach(builder::aws);
        case "Service" -> names.forEach(builder::service);
        case "Federated", "CanonicalUser" -> {
          // Docket has no identity providers or canonical users: such entries match no one.
        }
        default ->
            throw new MalformedPolicyException(
                Reasons.invalidPrincipal(entry.getKey(), text(entry.getValue())));
      }
    }
    return builder.build();
  }

  /** A string or a non-empty array of non-empty strings. */
  private List<String> strings(JsonNode node, String field) {
    List<String> out = new ArrayList<>();
    if (node.isTextual()) {
      out.add(node.textValue());
    } else if (node.isArray() && !node.isEmpty()) {
      for (JsonNode element : node) {
        if (!element.isTextual()) {
          throw new MalformedPolicyException(field + " must be a string or an array of strings");
        }
        out.add(element.textValue());
      }
    } else {
      throw new MalformedPolicyException(
          field + " must be a string or a non-empty array of strings");
    }
    for (String value : out) {
      if (value.isEmpty()) {
        throw new MalformedPolicyException(field + " must not contain an empty string");
      }
    }
    count(out.size());
    return out;
  }

  void count(int more) {
    values += more;
    if (values > options.maxValues()) {
      throw new MalformedPolicyException(
          "Policy document must have at most " + options.maxValues() + " values");
    }
  }

  private static void unknownFields(JsonNode node, Set<String> known, String where) {
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      if (!known.contains(entry.getKey())) {
        throw new MalformedPolicyException(
            where + " has unknown field " + PolicyText.quote(entry.getKey()));
      }
    }
  }

  private static MalformedPolicyException unknownOperator(String name) {
    return new MalformedPolicyException("Unknown condition operator " + PolicyText.quote(name));
  }

  /** A node's text if it is a string, else its JSON. */
  private static String text(JsonNode node) {
    return node.isTextual() ? node.textValue() : node.toString();
  }
}
