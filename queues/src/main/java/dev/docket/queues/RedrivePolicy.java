package dev.docket.queues;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docket.store.QueueRecord;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A queue's redrive policy: where its dead letters go and after how many receives. Immutable.
 *
 * @param deadLetterTargetArn the dead-letter queue's ARN
 * @param maxReceiveCount receives after which a message moves to the dead-letter queue (1 to 1000)
 */
record RedrivePolicy(String deadLetterTargetArn, int maxReceiveCount) {

  /** Reads the stored (normal form) policy of a queue, if it has one. */
  static Optional<RedrivePolicy> of(QueueRecord queue) {
    String json = queue.attributes().getOrDefault(QueueAttributes.REDRIVE_POLICY, "");
    if (json.isEmpty()) {
      return Optional.empty();
    }
    try {
      JsonNode node = QueueAttributes.JSON.readTree(json);
      return Optional.of(
          new RedrivePolicy(
              node.path("deadLetterTargetArn").asText(), node.path("maxReceiveCount").asInt()));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Validates a RedrivePolicy value and returns its normal form ("" removes the policy). */
  static String normalize(
      String value,
      boolean fifo,
      String sourceArn,
      Function<String, Optional<QueueRecord>> queueByArn) {
    if (value.isEmpty()) {
      return "";
    }
    JsonNode node = parse(value);
    if (!(node instanceof ObjectNode)) {
      throw invalid(value, "Redrive policy is not a valid JSON map");
    }
    JsonNode arn = node.get("deadLetterTargetArn");
    if (arn == null || !arn.isTextual() || arn.asText().isEmpty()) {
      throw invalid(
          value, "Redrive policy does not contain mandatory attribute: deadLetterTargetArn");
    }
    JsonNode count = node.get("maxReceiveCount");
    if (count == null || count.isNull()) {
      throw invalid(value, "Redrive policy does not contain mandatory attribute: maxReceiveCount");
    }
    int maxReceiveCount;
    try {
      maxReceiveCount = Integer.parseInt(count.asText().trim());
    } catch (NumberFormatException e) {
      maxReceiveCount = 0;
    }
    if (maxReceiveCount < 1 || maxReceiveCount > 1000) {
      throw invalid(
          value,
          "Invalid value for maxReceiveCount: "
              + count.asText()
              + ", valid values are from 1 to 1000 both inclusive");
    }
    QueueRecord deadLetterQueue =
        queueByArn
            .apply(arn.asText())
            .orElseThrow(() -> invalid(value, "Dead letter target does not exist"));
    if (deadLetterQueue.fifo() != fifo) {
      throw invalid(value, "Dead-letter queue must be same type of queue as the source");
    }
    if (!allows(deadLetterQueue, sourceArn)) {
      throw invalid(
          value,
          "Queue " + sourceArn + " is not allowed by the RedriveAllowPolicy of " + arn.asText());
    }
    ObjectNode normal = QueueAttributes.JSON.createObjectNode();
    normal.put("deadLetterTargetArn", arn.asText());
    normal.put("maxReceiveCount", maxReceiveCount);
    return normal.toString();
  }

  /** Validates a RedriveAllowPolicy value and returns its normal form ("" removes it). */
  static String normalizeAllowPolicy(String value) {
    if (value.isEmpty()) {
      return "";
    }
    String parameter = QueueAttributes.REDRIVE_ALLOW_POLICY;
    JsonNode node = parse(value);
    if (!(node instanceof ObjectNode)) {
      throw Failures.invalidParameter(
          parameter, value, "Amazon SQS can't deserialize the redrive allow policy");
    }
    String permission = node.path("redrivePermission").asText("");
    if (!List.of("allowAll", "denyAll", "byQueue").contains(permission)) {
      throw Failures.invalidParameter(
          parameter, value, "Invalid value for redrivePermission: '" + permission + "'");
    }
    JsonNode arns = node.get("sourceQueueArns");
    List<String> sources = new ArrayList<>();
    if (arns != null && arns.isArray()) {
      arns.forEach(a -> sources.add(a.asText()));
    }
    if (permission.equals("byQueue") && (sources.isEmpty() || sources.size() > 10)) {
      throw Failures.invalidParameter(
          parameter,
          value,
          "sourceQueueArns must name 1 to 10 queues when redrivePermission is byQueue, but"
              + " named "
              + sources.size());
    }
    if (!permission.equals("byQueue") && !sources.isEmpty()) {
      throw Failures.invalidParameter(
          parameter,
          value,
          "sourceQueueArns can only be specified when redrivePermission is byQueue");
    }
    ObjectNode normal = QueueAttributes.JSON.createObjectNode();
    normal.put("redrivePermission", permission);
    if (permission.equals("byQueue")) {
      normal.set("sourceQueueArns", QueueAttributes.array(sources));
    }
    return normal.toString();
  }

  /** Whether a dead-letter queue's allow policy lets {@code sourceArn} use it. */
  static boolean allows(QueueRecord deadLetterQueue, String sourceArn) {
    String json =
        deadLetterQueue.attributes().getOrDefault(QueueAttributes.REDRIVE_ALLOW_POLICY, "");
    if (json.isEmpty()) {
      return true;
    }
    JsonNode node = parse(json);
    return switch (node.path("redrivePermission").asText("allowAll")) {
      case "denyAll" -> false;
      case "byQueue" -> {
        for (JsonNode arn : node.path("sourceQueueArns")) {
          if (arn.asText().equals(sourceArn)) {
            yield true;
          }
        }
        yield false;
      }
      default -> true;
    };
  }

  private static JsonNode parse(String value) {
    try {
      return QueueAttributes.JSON.readTree(value);
    } catch (IOException e) {
      return QueueAttributes.JSON.missingNode();
    }
  }

  private static RuntimeException invalid(String value, String reason) {
    return Failures.invalidParameter(QueueAttributes.REDRIVE_POLICY, value, reason);
  }
}
