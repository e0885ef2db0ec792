package dev.docket.queues;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.docket.model.ServiceException;
import dev.docket.store.QueueRecord;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class QueueAttributesTest {

  private static final QueuesConfig CONFIG = QueuesConfig.defaults();
  private static final String SOURCE = "arn:aws:sqs:us-east-1:000000000000:source";
  private static final String DLQ_ARN = "arn:aws:sqs:us-east-1:000000000000:dlq";

  private static Function<String, Optional<QueueRecord>> queues(QueueRecord... records) {
    return arn -> {
      for (QueueRecord r : records) {
        if (arn.endsWith(":" + r.name())) {
          return Optional.of(r);
        }
      }
      return Optional.empty();
    };
  }

  private static QueueRecord queue(String name, boolean fifo, Map<String, String> attributes) {
    Instant t = Instant.EPOCH;
    return new QueueRecord(9, "000000000000", name, fifo, attributes, Map.of(), t, t);
  }

  private static Map<String, String> validate(Map<String, String> requested, boolean fifo) {
    return QueueAttributes.validate(requested, fifo, CONFIG, SOURCE, queues());
  }

  private static SqsError codeOf(Runnable action) {
    try {
      action.run();
    } catch (ServiceException e) {
      return (SqsError) e.code();
    }
    throw new AssertionError("no ServiceException");
  }

  @Test
  void integersAreNormalisedAndKeptWithinTheirRanges() {
    assertThat(validate(Map.of("VisibilityTimeout", " 045 "), false))
        .containsEntry("VisibilityTimeout", "45");
    assertThat(validate(Map.of("DelaySeconds", "900"), false)).containsEntry("DelaySeconds", "900");
    assertThatThrownBy(() -> validate(Map.of("DelaySeconds", "901"), false))
        .hasMessageContaining("DelaySeconds")
        .hasMessageContaining("'901'");
    assertThat(codeOf(() -> validate(Map.of("MessageRetentionPeriod", "59"), false)))
        .isEqualTo(SqsError.INVALID_ATTRIBUTE_VALUE);
    assertThat(codeOf(() -> validate(Map.of("MaximumMessageSize", "1048577"), false)))
        .isEqualTo(SqsError.INVALID_ATTRIBUTE_VALUE);
    assertThat(codeOf(() -> validate(Map.of("ReceiveMessageWaitTimeSeconds", "x"), false)))
        .isEqualTo(SqsError.INVALID_ATTRIBUTE_VALUE);
  }

  @Test
  void unknownAndReadOnlyAttributesAreInvalidNames() {
    assertThat(codeOf(() -> validate(Map.of("Colour", "blue"), false)))
        .isEqualTo(SqsError.INVALID_ATTRIBUTE_NAME);
    assertThat(codeOf(() -> validate(Map.of("QueueArn", "x"), false)))
        .isEqualTo(SqsError.INVALID_ATTRIBUTE_NAME);
    assertThatThrownBy(() -> validate(Map.of("ContentBasedDeduplication", "true"), false))
        .hasMessage("Unknown Attribute ContentBasedDeduplication.");
  }

  @Test
  void fifoAttributesAreCheckedOnFifoQueues() {
    assertThat(validate(Map.of("ContentBasedDeduplication", "TRUE", "FifoQueue", "true"), true))
        .containsEntry("ContentBasedDeduplication", "true");
    assertThat(codeOf(() -> validate(Map.of("DeduplicationScope", "group"), true)))
        .isEqualTo(SqsError.INVALID_ATTRIBUTE_VALUE);
    assertThat(codeOf(() -> validate(Map.of("FifoQueue", "false"), true)))
        .isEqualTo(SqsError.INVALID_ATTRIBUTE_VALUE);
  }

  @Test
  void redrivePolicyNeedsAnExistingDeadLetterQueueOfTheSameType() {
    QueueRecord dlq = queue("dlq", false, Map.of());
    String policy = "{\"deadLetterTargetArn\":\"" + DLQ_ARN + "\",\"maxReceiveCount\":\"3\"}";

    Map<String, String> normal =
        QueueAttributes.validate(
            Map.of("RedrivePolicy", policy), false, CONFIG, SOURCE, queues(dlq));

    assertThat(normal.get("RedrivePolicy"))
        .isEqualTo("{\"deadLetterTargetArn\":\"" + DLQ_ARN + "\",\"maxReceiveCount\":3}");
    assertThatThrownBy(
            () ->
                QueueAttributes.validate(
                    Map.of("RedrivePolicy", policy), false, CONFIG, SOURCE, queues()))
        .hasMessageContaining("Dead letter target does not exist");
    assertThatThrownBy(
            () ->
                QueueAttributes.validate(
                    Map.of("RedrivePolicy", policy), true, CONFIG, SOURCE, queues(dlq)))
        .hasMessageContaining("same type");
  }

  @Test
  void redrivePolicyRefusesBadJsonAndCounts() {
    QueueRecord dlq = queue("dlq", false, Map.of());
    Function<String, Optional<QueueRecord>> lookup = queues(dlq);

    assertThatThrownBy(
            () ->
                QueueAttributes.validate(
                    Map.of("RedrivePolicy", "nope"), false, CONFIG, SOURCE, lookup))
        .hasMessageContaining("not a valid JSON map")
        .hasMessageContaining("nope");
    assertThatThrownBy(
            () ->
                QueueAttributes.validate(
                    Map.of(
                        "RedrivePolicy",
                        "{\"deadLetterTargetArn\":\"" + DLQ_ARN + "\",\"maxReceiveCount\":1001}"),
                    false,
                    CONFIG,
                    SOURCE,
                    lookup))
        .hasMessageContaining("1001");
  }

  @Test
  void deadLetterQueueAllowPolicyDecidesWhoMayUseIt() {
    QueueRecord denying =
        queue("dlq", false, Map.of("RedriveAllowPolicy", "{\"redrivePermission\":\"denyAll\"}"));
    String policy = "{\"deadLetterTargetArn\":\"" + DLQ_ARN + "\",\"maxReceiveCount\":3}";

    assertThat(
            codeOf(
                () ->
                    QueueAttributes.validate(
                        Map.of("RedrivePolicy", policy), false, CONFIG, SOURCE, queues(denying))))
        .isEqualTo(SqsError.INVALID_PARAMETER_VALUE);
    assertThat(
            RedrivePolicy.normalizeAllowPolicy(
                "{\"redrivePermission\":\"byQueue\",\"sourceQueueArns\":[\"" + SOURCE + "\"]}"))
        .contains("byQueue");
    assertThat(
            codeOf(() -> RedrivePolicy.normalizeAllowPolicy("{\"redrivePermission\":\"byQueue\"}")))
        .isEqualTo(SqsError.INVALID_PARAMETER_VALUE);
  }

  @Test
  void defaultsAreSqsDefaults() {
    Map<String, String> defaults = QueueAttributes.defaults(true, CONFIG);

    assertThat(defaults)
        .containsEntry("VisibilityTimeout", "30")
        .containsEntry("MessageRetentionPeriod", "345600")
        .containsEntry("MaximumMessageSize", "1048576")
        .containsEntry("FifoQueue", "true")
        .containsEntry("DeduplicationScope", "queue");
  }
}
