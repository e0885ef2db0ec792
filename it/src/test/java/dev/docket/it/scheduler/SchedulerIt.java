package dev.docket.it.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.FlexibleTimeWindow;
import software.amazon.awssdk.services.scheduler.model.FlexibleTimeWindowMode;
import software.amazon.awssdk.services.scheduler.model.SchedulerException;
import software.amazon.awssdk.services.scheduler.model.Target;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** Helpers shared by the Scheduler black-box tests. */
final class SchedulerIt {

  /** The account requests act as (authentication off). */
  static final String ACCOUNT = "000000000000";

  static final String REGION = "us-east-1";

  /** A role ARN of the right shape (Docket does not assume roles). */
  static final String ROLE = "arn:aws:iam::" + ACCOUNT + ":role/scheduler-role";

  static final FlexibleTimeWindow OFF =
      FlexibleTimeWindow.builder().mode(FlexibleTimeWindowMode.OFF).build();

  private static final AtomicInteger NAMES = new AtomicInteger();

  private SchedulerIt() {}

  /** A Scheduler client for the server at {@code endpoint}; the caller closes it. */
  static SchedulerClient client(URI endpoint) {
    return SchedulerClient.builder()
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  static String uniqueName(String prefix) {
    return prefix + "-" + NAMES.incrementAndGet();
  }

  /** A target delivering {@code input} to {@code arn}. */
  static Target target(String arn, String input) {
    return Target.builder().arn(arn).roleArn(ROLE).input(input).build();
  }

  static String scheduleArn(String group, String name) {
    return "arn:aws:scheduler:" + REGION + ":" + ACCOUNT + ":schedule/" + group + "/" + name;
  }

  static String groupArn(String name) {
    return "arn:aws:scheduler:" + REGION + ":" + ACCOUNT + ":schedule-group/" + name;
  }

  /** A queue with a unique name: its URL and ARN. */
  record Queue(String url, String arn) {}

  static Queue queue(SqsClient sqs, String prefix, Map<String, String> attributes) {
    String name = uniqueName(prefix) + (attributes.containsKey("FifoQueue") ? ".fifo" : "");
    String url =
        sqs.createQueue(b -> b.queueName(name).attributesWithStrings(attributes)).queueUrl();
    String arn =
        sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
            .attributes()
            .get(QueueAttributeName.QUEUE_ARN);
    return new Queue(url, arn);
  }

  /** What a failed call answered: the status, the error code and the message. */
  record Failure(int status, String code, String message) {}

  /** Runs a call expected to fail with a Scheduler error. */
  static Failure failure(ThrowingCallable call) {
    SchedulerException e = catchThrowableOfType(SchedulerException.class, call);
    assertThat(e).as("the call should fail with a Scheduler error").isNotNull();
    return new Failure(
        e.statusCode(), e.awsErrorDetails().errorCode(), e.awsErrorDetails().errorMessage());
  }
}
