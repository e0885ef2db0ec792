package dev.docket.queues;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docket.model.ServiceException;
import dev.docket.store.QueueRecord;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * SQS's rules for settable queue attributes: which names exist, which belong to FIFO queues only,
 * their ranges and formats, their defaults, and the normal form Docket stores (canonical integers,
 * lowercase booleans, compact JSON policies). Stateless.
 */
final class QueueAttributes {

  static final String DELAY_SECONDS = "DelaySeconds";
  static final String MAXIMUM_MESSAGE_SIZE = "MaximumMessageSize";
  static final String MESSAGE_RETENTION_PERIOD = "MessageRetentionPeriod";
  static final String RECEIVE_MESSAGE_WAIT_TIME_SECONDS = "ReceiveMessageWaitTimeSeconds";
  static final String VISIBILITY_TIMEOUT = "VisibilityTimeout";
  static final String POLICY = "Policy";
  static final String REDRIVE_POLICY = "RedrivePolicy";
  static final String REDRIVE_ALLOW_POLICY = "RedriveAllowPolicy";
  static final String FIFO_QUEUE = "FifoQueue";
  static final String CONTENT_BASED_DEDUPLICATION = "ContentBasedDeduplication";
  static final String DEDUPLICATION_SCOPE = "DeduplicationScope";
  static final String FIFO_THROUGHPUT_LIMIT = "FifoThroughputLimit";
  static final String KMS_MASTER_KEY_ID = "KmsMasterKeyId";
  static final String KMS_DATA_KEY_REUSE_PERIOD_SECONDS = "KmsDataKeyReusePeriodSeconds";
  static final String SQS_MANAGED_SSE_ENABLED = "SqsManagedSseEnabled";

  /** Attributes computed at read time; they cannot be set. */
  static final List<String> COMPUTED =
      List.of(
          "ApproximateNumberOfMessages",
          "ApproximateNumberOfMessagesNotVisible",
          "ApproximateNumberOfMessagesDelayed",
          "CreatedTimestamp",
          "LastModifiedTimestamp",
          "QueueArn");

  static final Set<String> SETTABLE =
      Set.of(
          DELAY_SECONDS,
          MAXIMUM_MESSAGE_SIZE,
          MESSAGE_RETENTION_PERIOD,
          RECEIVE_MESSAGE_WAIT_TIME_SECONDS,
          VISIBILITY_TIMEOUT,
          POLICY,
          REDRIVE_POLICY,
          REDRIVE_ALLOW_POLICY,
          FIFO_QUEUE,
          CONTENT_BASED_DEDUPLICATION,
          DEDUPLICATION_SCOPE,
          FIFO_THROUGHPUT_LIMIT,
          KMS_MASTER_KEY_ID,
          KMS_DATA_KEY_REUSE_PERIOD_SECONDS,
          SQS_MANAGED_SSE_ENABLED);

  static final ObjectMapper JSON = new ObjectMapper();

  private static final String DEFAULT_KMS_DATA_KEY_REUSE_PERIOD = "300";

  private QueueAttributes() {}

  /** The attributes of a new queue that the client did not set. */
  static Map<String, String> defaults(boolean fifo, QueuesConfig config) {
    Map<String, String> defaults = new LinkedHashMap<>();
    defaults.put(DELAY_SECONDS, "0");
    defaults.put(MAXIMUM_MESSAGE_SIZE, Integer.toString(config.defaultMaximumMessageSize()));
    defaults.put(MESSAGE_RETENTION_PERIOD, "345600");
    defaults.put(RECEIVE_MESSAGE_WAIT_TIME_SECONDS, "0");
    defaults.put(VISIBILITY_TIMEOUT, "30");
    defaults.put(SQS_MANAGED_SSE_ENABLED, "true");
    if (fifo) {
      defaults.put(FIFO_QUEUE, "true");
      defaults.put(CONTENT_BASED_DEDUPLICATION, "false");
      defaults.put(DEDUPLICATION_SCOPE, "queue");
      defaults.put(FIFO_THROUGHPUT_LIMIT, "perQueue");
    }
    return defaults;
  }

  /**
   * Validates attributes a client asked to set and returns them in normal form.
   *
   * @param requested attribute names and values as sent
   * @param fifo whether the queue is (or will be) a FIFO queue
   * @param sourceArn the queue's own ARN (checked against a dead-letter queue's allow policy)
   * @param queueByArn finds a queue by ARN (to check a redrive policy's dead-letter queue)
   */
  static Map<String, String> validate(
      Map<String, String> requested,
      boolean fifo,
      QueuesConfig config,
      String sourceArn,
      Function<String, Optional<QueueRecord>> queueByArn) {
    Map<String, String> normal = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : requested.entrySet()) {
      String name = e.getKey();
      String value = e.getValue() == null ? "" : e.getValue().trim();
      if (!SETTABLE.contains(name)) {
        throw Failures.unknownAttribute(name);
      }
      if (!fifo) {
        // SQS's own words for FIFO attributes on a standard queue (FifoQueue=false included)
        switch (name) {
          case FIFO_QUEUE, CONTENT_BASED_DEDUPLICATION -> throw Failures.unknownAttribute(name);
          case DEDUPLICATION_SCOPE, FIFO_THROUGHPUT_LIMIT ->
              throw new ServiceException(
                  SqsError.INVALID_ATTRIBUTE_NAME,
                  "You can specify the " + name + " only when FifoQueue is set to true.");
          default -> {}
        }
      }
      normal.put(name, normalize(name, value, fifo, config, sourceArn, queueByArn));
    }
    return normal;
  }

  private static String normalize(
      String name,
      String value,
      boolean fifo,
      QueuesConfig config,
      String sourceArn,
      Function<String, Optional<QueueRecord>> queueByArn) {
    return switch (name) {
      case DELAY_SECONDS -> integer(name, value, 0, 900);
      case MAXIMUM_MESSAGE_SIZE ->
          integer(name, value, QueuesConfig.MINIMUM_MESSAGE_SIZE, config.maximumMessageSizeCap());
      case MESSAGE_RETENTION_PERIOD -> integer(name, value, 60, 1_209_600);
      case RECEIVE_MESSAGE_WAIT_TIME_SECONDS -> integer(name, value, 0, 20);
      case VISIBILITY_TIMEOUT -> integer(name, value, 0, 43_200);
      case KMS_DATA_KEY_REUSE_PERIOD_SECONDS -> integer(name, value, 60, 86_400);
      case CONTENT_BASED_DEDUPLICATION, SQS_MANAGED_SSE_ENABLED -> bool(name, value);
      case FIFO_QUEUE -> {
        String b = bool(name, value);
        if (Boolean.parseBoolean(b) != fifo) {
          throw Failures.invalidAttribute(name, "Modifying queue type is not supported");
        }
        yield b;
      }
      case DEDUPLICATION_SCOPE -> oneOf(name, value, "messageGroup", "queue");
      case FIFO_THROUGHPUT_LIMIT -> oneOf(name, value, "perQueue", "perMessageGroupId");
      case POLICY -> value.isEmpty() ? "" : policy(value);
      case REDRIVE_POLICY -> RedrivePolicy.normalize(value, fifo, sourceArn, queueByArn);
      case REDRIVE_ALLOW_POLICY -> RedrivePolicy.normalizeAllowPolicy(value);
      default -> value;
    };
  }

  private static String integer(String name, String value, int min, int max) {
    int n;
    try {
      n = Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw Failures.invalidAttribute(name, "'" + value + "' is not an integer");
    }
    if (n < min || n > max) {
      throw Failures.invalidAttribute(
          name, "'" + value + "' is not between " + min + " and " + max);
    }
    return Integer.toString(n);
  }

  private static String bool(String name, String value) {
    String lower = value.toLowerCase(Locale.ROOT);
    if (!lower.equals("true") && !lower.equals("false")) {
      throw Failures.invalidAttribute(name, "'" + value + "' is not true or false");
    }
    return lower;
  }

  private static String oneOf(String name, String value, String... allowed) {
    for (String a : allowed) {
      if (a.equals(value)) {
        return value;
      }
    }
    throw Failures.invalidAttribute(
        name, "'" + value + "' is not one of " + String.join(", ", allowed));
  }

  /** A queue policy, validated as SQS does ({@link QueuePolicies#parse}), in compact JSON. */
  private static String policy(String value) {
    QueuePolicies.parse(value);
    return jsonObject(POLICY, value).toString();
  }

  private static ObjectNode jsonObject(String name, String value) {
    try {
      JsonNode node = JSON.readTree(value);
      if (node instanceof ObjectNode object) {
        return object;
      }
    } catch (java.io.IOException e) {
      // reported below
    }
    throw Failures.invalidAttribute(name, "'" + value + "' is not a JSON object");
  }

  /**
   * Keeps one server-side encryption option per queue, as SQS does: setting a KMS key turns SQS
   * managed encryption off unless the same request sets it, and turning SQS managed encryption on
   * drops the KMS key.
   *
   * @param requested the normalised attributes of the request
   * @param merged the queue's attributes after the request, adjusted in place
   */
  static void reconcileEncryption(Map<String, String> requested, Map<String, String> merged) {
    if (!requested.getOrDefault(KMS_MASTER_KEY_ID, "").isEmpty()
        && !requested.containsKey(SQS_MANAGED_SSE_ENABLED)) {
      merged.put(SQS_MANAGED_SSE_ENABLED, "false");
    }
    if ("true".equals(requested.get(SQS_MANAGED_SSE_ENABLED))
        && !requested.containsKey(KMS_MASTER_KEY_ID)) {
      merged.remove(KMS_MASTER_KEY_ID);
      merged.remove(KMS_DATA_KEY_REUSE_PERIOD_SECONDS);
    }
    // set back to its default, the reuse period is no longer reported, as SQS does
    if (DEFAULT_KMS_DATA_KEY_REUSE_PERIOD.equals(
        requested.get(KMS_DATA_KEY_REUSE_PERIOD_SECONDS))) {
      merged.remove(KMS_DATA_KEY_REUSE_PERIOD_SECONDS);
    }
  }

  /** A compact JSON array of strings. */
  static ArrayNode array(List<String> values) {
    ArrayNode array = JSON.createArrayNode();
    values.forEach(array::add);
    return array;
  }
}
