package dev.docket.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docket.model.AwsService;
import dev.docket.model.ErrorCode;
import dev.docket.model.RequestContext;
import dev.docket.model.ServiceException;
import dev.docket.model.ServiceModel;
import dev.docket.model.Unavailable;
import java.util.concurrent.atomic.AtomicReference;

/** A stand-in SQS on the real SQS model extract that records what it was called with. */
final class FakeQueues implements AwsService {

  static final ServiceModel MODEL = ServiceModel.load("/dev/docket/model/aws/sqs.json");
  private static final ObjectMapper MAPPER = new ObjectMapper();

  final AtomicReference<ObjectNode> lastInput = new AtomicReference<>();
  final AtomicReference<RequestContext> lastContext = new AtomicReference<>();

  /** An error row as a service's error enum would declare it. */
  enum FakeError implements ErrorCode {
    QUEUE_DOES_NOT_EXIST;

    @Override
    public String type() {
      return "QueueDoesNotExist";
    }

    @Override
    public int httpStatus() {
      return 400;
    }

    @Override
    public String queryCode() {
      return "AWS.SimpleQueueService.NonExistentQueue";
    }

    @Override
    public String defaultMessage() {
      return "The specified queue does not exist.";
    }
  }

  /** What a store throws when its database cannot be reached for now. */
  static final class DatabaseDown extends RuntimeException implements Unavailable {
    DatabaseDown(String message) {
      super(message);
    }
  }

  @Override
  public ServiceModel model() {
    return MODEL;
  }

  @Override
  public ObjectNode invoke(String operation, ObjectNode input, RequestContext context) {
    lastInput.set(input);
    lastContext.set(context);
    return switch (operation) {
      case "GetQueueUrl" ->
          json(
              "{\"QueueUrl\":\""
                  + context.endpoint()
                  + "/"
                  + context.accountId()
                  + "/"
                  + input.get("QueueName").asText()
                  + "\"}");
      case "SendMessage" -> json("{\"MessageId\":\"m-1\",\"MD5OfMessageBody\":\"abc\"}");
      case "ListQueues" -> json("{\"QueueUrls\":[\"http://q/1\",\"http://q/2\"]}");
      case "ReceiveMessage" ->
          json(
              """
              {"Messages":[{"MessageId":"m-1","ReceiptHandle":"r<1>","Body":"a&b\\r\\n",
                "Attributes":{"SenderId":"x","ApproximateReceiveCount":"1"},
                "MessageAttributes":{"colour":{"DataType":"String","StringValue":"red"}}}]}""");
      case "DeleteQueue" ->
          throw new ServiceException(FakeError.QUEUE_DOES_NOT_EXIST, "Queue 'q' does not exist");
      case "PurgeQueue" -> throw new IllegalStateException("boom: secret internals");
      case "ListQueueTags" ->
          throw new IllegalStateException(
              "wrapped", new DatabaseDown("PostgreSQL is unreachable: secret internals"));
      default -> MAPPER.createObjectNode();
    };
  }

  private static ObjectNode json(String text) {
    try {
      return (ObjectNode) MAPPER.readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }
}
