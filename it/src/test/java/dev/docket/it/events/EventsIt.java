package dev.docket.it.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.Target;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** Helpers shared by the event-path black-box tests. */
final class EventsIt {

  static final ObjectMapper JSON = new ObjectMapper();
  private static final AtomicInteger NAMES = new AtomicInteger();

  private EventsIt() {}

  /** An EventBridge client for the server at {@code endpoint} (us-east-1, test credentials). */
  static EventBridgeClient client(URI endpoint) {
    return EventBridgeClient.builder()
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  /** A name no other test of the run uses. */
  static String uniqueName(String prefix) {
    return prefix + "-" + NAMES.incrementAndGet();
  }

  /** A queue with a unique name: its URL and ARN. */
  record Queue(String url, String arn) {}

  /** Creates a queue with a unique name and these attributes. */
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

  /** Creates a standard queue with a unique name. */
  static Queue queue(SqsClient sqs, String prefix) {
    return queue(sqs, prefix, Map.of());
  }

  /** Puts a rule with {@code pattern} on {@code bus} with these targets; returns the rule ARN. */
  static String rule(
      EventBridgeClient events, String bus, String name, String pattern, Target... targets) {
    String arn =
        events.putRule(b -> b.name(name).eventBusName(bus).eventPattern(pattern)).ruleArn();
    var response = events.putTargets(b -> b.rule(name).eventBusName(bus).targets(targets));
    assertThat(response.failedEntryCount()).isZero();
    return arn;
  }

  /** A target delivering to {@code arn}. */
  static Target target(String id, String arn) {
    return Target.builder().id(id).arn(arn).build();
  }

  /** One entry of PutEvents on {@code bus}. */
  static PutEventsRequestEntry entry(String bus, String source, String detail) {
    return PutEventsRequestEntry.builder()
        .eventBusName(bus)
        .source(source)
        .detailType("test")
        .detail(detail)
        .build();
  }

  /** Puts entries that must all succeed; returns their event ids in order. */
  static List<String> put(EventBridgeClient events, PutEventsRequestEntry... entries) {
    PutEventsResponse response = events.putEvents(b -> b.entries(entries));
    assertThat(response.failedEntryCount()).as("%s", response).isZero();
    return response.entries().stream().map(e -> e.eventId()).toList();
  }

  /**
   * Receives (and deletes) messages until {@code count} arrived, polling with a deadline; returns
   * them in arrival order.
   */
  static List<Message> receive(SqsClient sqs, String queueUrl, int count) {
    List<Message> received = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (received.size() < count && System.nanoTime() < deadline) {
      List<Message> batch =
          sqs.receiveMessage(
                  b ->
                      b.queueUrl(queueUrl)
                          .maxNumberOfMessages(10)
                          .waitTimeSeconds(1)
                          .messageAttributeNames("All")
                          .messageSystemAttributeNames(MessageSystemAttributeName.ALL))
              .messages();
      for (Message message : batch) {
        received.add(message);
        sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
      }
    }
    assertThat(received).as("messages received on %s", queueUrl).hasSize(count);
    return received;
  }

  /** Whatever is in the queue now (one short receive of up to 10 messages). */
  static List<Message> receiveNow(SqsClient sqs, String queueUrl) {
    return sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(0))
        .messages();
  }

  /** Parses JSON text. */
  static JsonNode parse(String text) {
    try {
      return JSON.readTree(text);
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + text, e);
    }
  }
}
