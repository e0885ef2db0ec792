package dev.docket.it.queues;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SqsException;

/** Helpers shared by the SQS black-box tests. */
final class Sqs {

  private static final AtomicInteger NAMES = new AtomicInteger();

  private Sqs() {}

  /** A queue name no other test of the run uses. */
  static String uniqueName(String prefix) {
    return prefix + "-" + NAMES.incrementAndGet();
  }

  /** Creates a queue with a unique name and these attributes; returns its URL. */
  static String createQueue(SqsClient sqs, String prefix, Map<String, String> attributes) {
    String name = uniqueName(prefix) + (prefix.endsWith("-fifo") ? ".fifo" : "");
    return sqs.createQueue(b -> b.queueName(name).attributesWithStrings(attributes)).queueUrl();
  }

  /** Creates a standard queue with a unique name and default attributes. */
  static String createQueue(SqsClient sqs, String prefix) {
    return createQueue(sqs, prefix, Map.of());
  }

  /** A queue attribute. */
  static String attribute(SqsClient sqs, String queueUrl, QueueAttributeName name) {
    return sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(name))
        .attributes()
        .get(name);
  }

  /** The queue's ARN. */
  static String arn(SqsClient sqs, String queueUrl) {
    return attribute(sqs, queueUrl, QueueAttributeName.QUEUE_ARN);
  }

  /** Runs a call expected to fail with an SQS error and returns that error's code. */
  static String errorCodeOf(ThrowingCallable call) {
    SqsException e = catchThrowableOfType(SqsException.class, call);
    assertThat(e).as("the call should fail with an SQS error").isNotNull();
    return e.awsErrorDetails().errorCode();
  }

  /** Polls until the condition holds, failing after 30 seconds. */
  static void awaitUntil(BooleanSupplier condition) {
    assertTimeoutPreemptively(
        Duration.ofSeconds(30),
        () -> {
          while (!condition.getAsBoolean()) {
            Thread.sleep(20);
          }
        });
  }
}
