package dev.docket.it.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.docket.testing.DocketExtension;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.EventBridgeException;

/** Helpers shared by the EventBridge black-box tests. */
final class EventBridgeClients {

  /** The account requests act as (authentication off). */
  static final String ACCOUNT = "000000000000";

  /** The region of the clients. */
  static final String REGION = DocketExtension.REGION.id();

  private static final AtomicInteger NAMES = new AtomicInteger();

  private EventBridgeClients() {}

  /** An EventBridge client for {@code docket}; the caller closes it. */
  static EventBridgeClient client(DocketExtension docket) {
    return EventBridgeClient.builder()
        .endpointOverride(docket.endpoint())
        .region(DocketExtension.REGION)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  /** A name no other test of the run uses. */
  static String uniqueName(String prefix) {
    return prefix + "-" + NAMES.incrementAndGet();
  }

  /** The ARN of bus {@code name} in the test account and region. */
  static String busArn(String name) {
    return "arn:aws:events:" + REGION + ":" + ACCOUNT + ":event-bus/" + name;
  }

  /** The ARN of an SQS queue in the test account and region (the queue need not exist). */
  static String queueArn(String name) {
    return "arn:aws:sqs:" + REGION + ":" + ACCOUNT + ":" + name;
  }

  /** Runs a call expected to fail with an EventBridge error and returns the error's details. */
  static AwsErrorDetails errorOf(ThrowingCallable call) {
    EventBridgeException e = catchThrowableOfType(EventBridgeException.class, call);
    assertThat(e).as("the call should fail with an EventBridge error").isNotNull();
    assertThat(e.statusCode()).isEqualTo(400);
    return e.awsErrorDetails();
  }
}
