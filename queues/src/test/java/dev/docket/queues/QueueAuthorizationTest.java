package dev.docket.queues;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docket.model.RequestContext;
import dev.docket.model.ServiceException;
import dev.docket.store.sqlite.SqliteConfig;
import dev.docket.store.sqlite.SqliteStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The authorization seam of {@link QueueService}: which queue each operation is checked against,
 * AddPermission and RemovePermission as SQS answers them, and refusals that change nothing.
 */
class QueueAuthorizationTest {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");
  private static final String OWNER = "111111111111";
  private static final String OTHER = "222222222222";

  @TempDir Path directory;

  private SqliteStore store;
  private QueueService queues;
  private String url;

  @BeforeEach
  void open() {
    store = SqliteStore.open(SqliteConfig.defaults(directory));
    queues =
        new QueueService(store.queues(), QueuesConfig.defaults(), Clock.fixed(NOW, ZoneOffset.UTC));
    url =
        queues
            .invoke("CreateQueue", NODES.objectNode().put("QueueName", "orders"), as(OWNER))
            .path("QueueUrl")
            .asText();
  }

  @AfterEach
  void close() {
    queues.close();
    store.close();
  }

  @Test
  void anotherAccountIsRefusedWithAccessDeniedAndTheQueueIsUnchanged() {
    ServiceException e = failure(() -> send(OTHER, "hello"));

    assertThat(e.code()).isEqualTo(SqsError.ACCESS_DENIED);
    assertThat(e.getMessage())
        .isEqualTo("Access to the resource https://sqs.us-east-1.amazonaws.com/ is denied.");
    assertThat(e.code().httpStatus()).isEqualTo(403);
    assertThat(e.code().queryCode()).isEqualTo("AccessDenied");
    assertThat(e.code().jsonType()).isEqualTo("com.amazon.coral.service#AccessDeniedException");
    assertThat(attribute("ApproximateNumberOfMessages")).isEqualTo("0");
  }

  @Test
  void addPermissionGrantsThatAccountThoseActionsOnly() {
    addPermission("send", List.of(OTHER), List.of("SendMessage"));

    send(OTHER, "hello");

    assertThat(attribute("ApproximateNumberOfMessages")).isEqualTo("1");
    assertThat(failure(() -> receive(OTHER)).code()).isEqualTo(SqsError.ACCESS_DENIED);
    assertThat(failure(() -> send("333333333333", "x")).code()).isEqualTo(SqsError.ACCESS_DENIED);
  }

  @Test
  void batchSendNeedsSendMessage() {
    addPermission("send", List.of(OTHER), List.of("SendMessage"));
    ObjectNode batch = NODES.objectNode().put("QueueUrl", url);
    batch.putArray("Entries").addObject().put("Id", "1").put("MessageBody", "b");

    queues.invoke("SendMessageBatch", batch, as(OTHER));

    assertThat(attribute("ApproximateNumberOfMessages")).isEqualTo("1");
  }

  @Test
  void removePermissionTakesTheGrantAway() {
    addPermission("send", List.of(OTHER), List.of("SendMessage"));

    queues.invoke(
        "RemovePermission",
        NODES.objectNode().put("QueueUrl", url).put("Label", "send"),
        as(OWNER));

    assertThat(failure(() -> send(OTHER, "x")).code()).isEqualTo(SqsError.ACCESS_DENIED);
    assertThat(attribute("Policy")).isNull();
  }

  @Test
  void addPermissionWritesThePolicyAsSqsDoes() {
    addPermission("two", List.of(OTHER, "333333333333"), List.of("SendMessage", "*"));

    JsonNode policy = Json.read(attribute("Policy"));

    assertThat(policy.path("Version").asText()).isEqualTo("2008-10-17");
    assertThat(policy.path("Id").asText())
        .isEqualTo("arn:aws:sqs:us-east-1:" + OWNER + ":orders/SQSDefaultPolicy");
    JsonNode statement = policy.path("Statement").get(0);
    assertThat(statement.path("Sid").asText()).isEqualTo("two");
    assertThat(statement.path("Principal").path("AWS").toString())
        .isEqualTo("[\"arn:aws:iam::" + OTHER + ":root\",\"arn:aws:iam::333333333333:root\"]");
    assertThat(statement.path("Action").toString()).isEqualTo("[\"SQS:SendMessage\",\"SQS:*\"]");
    assertThat(statement.path("Resource").asText())
        .isEqualTo("arn:aws:sqs:us-east-1:" + OWNER + ":orders");
  }

  @Test
  void addPermissionRefusesWhatSqsRefuses() {
    addPermission("send", List.of(OTHER), List.of("SendMessage"));

    ServiceException duplicate =
        failure(() -> addPermission("send", List.of(OTHER), List.of("ReceiveMessage")));
    ServiceException unknownLabel =
        failure(
            () ->
                queues.invoke(
                    "RemovePermission",
                    NODES.objectNode().put("QueueUrl", url).put("Label", "nope"),
                    as(OWNER)));
    ServiceException badAction =
        failure(() -> addPermission("b", List.of(OTHER), List.of("SendMessageBatch")));
    ServiceException tooMany =
        failure(
            () ->
                addPermission(
                    "many",
                    List.of(OTHER),
                    List.of(
                        "SendMessage",
                        "ReceiveMessage",
                        "DeleteMessage",
                        "ChangeMessageVisibility",
                        "GetQueueAttributes",
                        "GetQueueUrl",
                        "PurgeQueue",
                        "ListDeadLetterSourceQueues")));

    assertThat(duplicate.getMessage())
        .isEqualTo("Value send for parameter Label is invalid. Reason: Already exists.");
    assertThat(unknownLabel.getMessage())
        .isEqualTo("Value nope for parameter Label is invalid. Reason: can't find label.");
    assertThat(badAction.getMessage())
        .isEqualTo(
            "Value SendMessageBatch for parameter ActionName is invalid. Reason: Please refer to"
                + " the appropriate WSDL for a list of valid actions.");
    assertThat(tooMany.code()).isEqualTo(SqsError.OVER_LIMIT);
  }

  @Test
  void addPermissionAppendsToAPolicyWhoseOnlyStatementStandsAlone() {
    ObjectNode set = NODES.objectNode().put("QueueUrl", url);
    set.putObject("Attributes")
        .put(
            "Policy",
            """
            {"Version":"2012-10-17","Statement":{"Sid":"own","Effect":"Allow",
             "Principal":{"AWS":"%s"},"Action":"sqs:ReceiveMessage",
             "Resource":"arn:aws:sqs:us-east-1:%s:orders"}}"""
                .formatted(OTHER, OWNER));
    queues.invoke("SetQueueAttributes", set, as(OWNER));

    addPermission("send", List.of(OTHER), List.of("SendMessage"));
    send(OTHER, "hello");

    assertThat(Json.read(attribute("Policy")).path("Statement").size()).isEqualTo(2);
    assertThat(receive(OTHER).path("Messages").size()).isEqualTo(1);
  }

  @Test
  void anotherAccountCannotEditThePermissionsEvenWithSqsStar() {
    addPermission("all", List.of(OTHER), List.of("*"));

    ServiceException e =
        failure(
            () ->
                queues.invoke(
                    "AddPermission",
                    permission("mine", List.of(OTHER), List.of("SendMessage")),
                    as(OTHER)));

    assertThat(e.code()).isEqualTo(SqsError.ACCESS_DENIED);
    assertThat(Json.read(attribute("Policy")).path("Statement").size()).isEqualTo(1);
  }

  @Test
  void moveTasksOnAnotherAccountsQueueAreRefusedEvenWithEveryActionGranted() {
    addPermission("all", List.of(OTHER), List.of("*"));
    String arn = "arn:aws:sqs:us-east-1:" + OWNER + ":orders";
    String handle =
        java.util.Base64.getEncoder()
            .encodeToString(
                ("{\"taskId\":\"t\",\"sourceArn\":\"" + arn + "\"}")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));

    ServiceException start =
        failure(
            () ->
                queues.invoke(
                    "StartMessageMoveTask", NODES.objectNode().put("SourceArn", arn), as(OTHER)));
    ServiceException list =
        failure(
            () ->
                queues.invoke(
                    "ListMessageMoveTasks", NODES.objectNode().put("SourceArn", arn), as(OTHER)));
    ServiceException cancel =
        failure(
            () ->
                queues.invoke(
                    "CancelMessageMoveTask",
                    NODES.objectNode().put("TaskHandle", handle),
                    as(OTHER)));

    assertThat(List.of(start.code(), list.code(), cancel.code()))
        .containsOnly(SqsError.ACCESS_DENIED);
  }

  @Test
  void getQueueUrlOfAnotherAccountAnswersAsIfTheQueueDidNotExistUnlessAllowed() {
    ObjectNode input =
        NODES.objectNode().put("QueueName", "orders").put("QueueOwnerAWSAccountId", OWNER);

    ServiceException hidden = failure(() -> queues.invoke("GetQueueUrl", input, as(OTHER)));
    addPermission("url", List.of(OTHER), List.of("GetQueueUrl"));
    String found = queues.invoke("GetQueueUrl", input, as(OTHER)).path("QueueUrl").asText();

    assertThat(hidden.code()).isEqualTo(SqsError.QUEUE_DOES_NOT_EXIST);
    assertThat(found).isEqualTo(url);
  }

  @Test
  void missingQueueIsReportedBeforeAnyPolicyIsAsked() {
    ServiceException e =
        failure(
            () ->
                queues.invoke(
                    "SendMessage",
                    NODES.objectNode().put("QueueUrl", url + "-gone").put("MessageBody", "x"),
                    as(OTHER)));

    assertThat(e.code()).isEqualTo(SqsError.QUEUE_DOES_NOT_EXIST);
  }

  private void send(String account, String body) {
    queues.invoke(
        "SendMessage",
        NODES.objectNode().put("QueueUrl", url).put("MessageBody", body),
        as(account));
  }

  private JsonNode receive(String account) {
    return queues.invoke("ReceiveMessage", NODES.objectNode().put("QueueUrl", url), as(account));
  }

  private void addPermission(String label, List<String> accounts, List<String> actions) {
    queues.invoke("AddPermission", permission(label, accounts, actions), as(OWNER));
  }

  private ObjectNode permission(String label, List<String> accounts, List<String> actions) {
    ObjectNode input = NODES.objectNode().put("QueueUrl", url).put("Label", label);
    accounts.forEach(input.putArray("AWSAccountIds")::add);
    actions.forEach(input.putArray("Actions")::add);
    return input;
  }

  private String attribute(String name) {
    ObjectNode input = NODES.objectNode().put("QueueUrl", url);
    input.putArray("AttributeNames").add(name);
    JsonNode value =
        queues.invoke("GetQueueAttributes", input, as(OWNER)).path("Attributes").get(name);
    return value == null ? null : value.asText();
  }

  private static RequestContext as(String account) {
    return new RequestContext("r", account, "us-east-1", "http://localhost:4566", NOW);
  }

  private static ServiceException failure(ThrowingCallable call) {
    ServiceException e = catchThrowableOfType(ServiceException.class, call);
    assertThat(e).as("the call should fail").isNotNull();
    return e;
  }

  /** Reads JSON text. */
  private static final class Json {
    static JsonNode read(String text) {
      try {
        return QueueAttributes.JSON.readTree(text);
      } catch (java.io.IOException e) {
        throw new AssertionError(e);
      }
    }
  }
}
