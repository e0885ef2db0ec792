package dev.docket.queues;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docket.model.Principal;
import dev.docket.model.ServiceException;
import java.io.IOException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * AddPermission and RemovePermission as SQS does them: each label is one statement (its {@code
 * Sid}) of the queue's {@code Policy} attribute, granting the named accounts' roots the named
 * actions ({@code SQS:<Action>}, as SQS writes them) on the queue. The result is validated as any
 * policy is ({@link QueuePolicies#parse}), so it is enforced like one. Stateless.
 */
final class Permissions {

  private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9_-]{1,80}");

  /** SQS's quota: at most seven actions per statement. */
  static final int MAX_ACTIONS = 7;

  /** SQS's quota: at most twenty statements per policy. */
  static final int MAX_STATEMENTS = 20;

  private Permissions() {}

  /** The policy with a statement for {@code label} added. */
  static String add(
      String policy, String queueArn, String label, List<String> accounts, List<String> actions) {
    if (!LABEL.matcher(label).matches()) {
      throw Failures.invalidParameter(
          "Label", label, "Can only include alphanumeric characters, hyphens, or underscores");
    }
    if (accounts.isEmpty()) {
      throw Failures.missingParameter("AWSAccountIds");
    }
    if (actions.isEmpty()) {
      throw Failures.missingParameter("Actions");
    }
    for (String account : accounts) {
      if (!Principal.ACCOUNT.matcher(account).matches()) {
        throw Failures.invalidParameter("AWSAccountIds", account, "An AWS account id is 12 digits");
      }
    }
    for (String action : actions) {
      if (!QueuePolicies.isAction(action)) {
        throw Failures.invalidAction(action);
      }
    }
    if (actions.size() > MAX_ACTIONS) {
      throw new ServiceException(
          SqsError.OVER_LIMIT,
          "A policy statement can have at most "
              + MAX_ACTIONS
              + " actions, but AddPermission named "
              + actions.size()
              + ".");
    }
    ObjectNode document = parse(policy, queueArn);
    ArrayNode statements = document.withArray("Statement");
    for (JsonNode statement : statements) {
      if (statement.path("Sid").asText().equals(label)) {
        throw Failures.invalidParameter("Label", label, "Already exists");
      }
    }
    if (statements.size() >= MAX_STATEMENTS) {
      throw new ServiceException(
          SqsError.OVER_LIMIT,
          "A queue policy can have at most " + MAX_STATEMENTS + " statements; remove one first.");
    }
    ObjectNode statement = statements.addObject();
    statement.put("Sid", label);
    statement.put("Effect", "Allow");
    // as SQS writes it: a single principal or action is a string, several are a list
    ObjectNode principal = statement.putObject("Principal");
    if (accounts.size() == 1) {
      principal.put("AWS", "arn:aws:iam::" + accounts.getFirst() + ":root");
    } else {
      ArrayNode principals = principal.putArray("AWS");
      accounts.forEach(a -> principals.add("arn:aws:iam::" + a + ":root"));
    }
    if (actions.size() == 1) {
      statement.put("Action", "SQS:" + actions.getFirst());
    } else {
      ArrayNode actionList = statement.putArray("Action");
      actions.forEach(a -> actionList.add("SQS:" + a));
    }
    statement.put("Resource", queueArn);
    String updated = document.toString();
    QueuePolicies.parse(updated);
    return updated;
  }

  /** The policy without the statement for {@code label} ("" when none is left). */
  static String remove(String policy, String queueArn, String label) {
    ObjectNode document = parse(policy, queueArn);
    ArrayNode statements = document.withArray("Statement");
    for (int i = 0; i < statements.size(); i++) {
      if (statements.get(i).path("Sid").asText().equals(label)) {
        statements.remove(i);
        return statements.isEmpty() ? "" : document.toString();
      }
    }
    throw Failures.invalidParameter("Label", label, "can't find label");
  }

  private static ObjectNode parse(String policy, String queueArn) {
    if (!policy.isEmpty()) {
      try {
        if (QueueAttributes.JSON.readTree(policy) instanceof ObjectNode document) {
          if (document.get("Statement") instanceof ObjectNode single) {
            document.putArray("Statement").add(single); // one statement may stand alone
          }
          return document;
        }
      } catch (IOException e) {
        // start a new policy below
      }
    }
    ObjectNode document = QueueAttributes.JSON.createObjectNode();
    document.put("Version", "2008-10-17");
    document.put("Id", queueArn + "/SQSDefaultPolicy");
    document.putArray("Statement");
    return document;
  }
}
