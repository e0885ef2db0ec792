package dev.docket.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueryProtocolTest {

  private static final String NS = "http://queue.amazonaws.com/doc/2012-11-05/";
  private final HttpClient client = HttpClient.newHttpClient();
  private final FakeQueues queues = new FakeQueues();
  private WireServer server;

  @BeforeAll
  void start() {
    server =
        WireServer.start(
            new HttpConfig(
                "127.0.0.1", 0, false, java.util.Map.of(), "000000000000", "us-east-1", 65536),
            List.of(queues),
            Clock.systemUTC());
  }

  @AfterAll
  void stop() {
    server.close();
  }

  @Test
  void formIsDecodedByTheModelIntoTheServiceInput() throws Exception {
    HttpResponse<String> response =
        form(
            "/",
            "Action=SendMessage&Version=2012-11-05&QueueUrl=http%3A%2F%2Fq%2F1"
                + "&MessageBody=hello+world&DelaySeconds=5"
                + "&MessageAttribute.1.Name=colour&MessageAttribute.1.Value.DataType=String"
                + "&MessageAttribute.1.Value.StringValue=red"
                + "&MessageAttribute.2.Name=sizes&MessageAttribute.2.Value.DataType=String"
                + "&MessageAttribute.2.Value.StringListValue.1=S&MessageAttribute.2.Value.StringListValue.2=M");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(queues.lastInput.get())
        .isEqualTo(
            new ObjectMapper()
                .readTree(
                    """
                    {"QueueUrl":"http://q/1","MessageBody":"hello world","DelaySeconds":5,
                     "MessageAttributes":{
                       "colour":{"StringValue":"red","DataType":"String"},
                       "sizes":{"StringListValues":["S","M"],"DataType":"String"}}}"""));
  }

  @Test
  void batchEntriesAndAttributeNamesUseTheirQueryNames() throws Exception {
    form(
        "/",
        "Action=SendMessageBatch&QueueUrl=q"
            + "&SendMessageBatchRequestEntry.1.Id=a&SendMessageBatchRequestEntry.1.MessageBody=x"
            + "&SendMessageBatchRequestEntry.2.Id=b&SendMessageBatchRequestEntry.2.MessageBody=y");
    assertThat(queues.lastInput.get().get("Entries")).hasSize(2);
    assertThat(queues.lastInput.get().at("/Entries/1/Id").asText()).isEqualTo("b");

    form("/", "Action=GetQueueAttributes&QueueUrl=q&AttributeName.1=All&AttributeName.2=Policy");
    assertThat(queues.lastInput.get().get("AttributeNames").toString())
        .isEqualTo("[\"All\",\"Policy\"]");
  }

  @Test
  void successIsWrappedInResponseAndResultElements() throws Exception {
    HttpResponse<String> response = form("/", "Action=ListQueues");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).contains("text/xml");
    assertThat(response.body())
        .contains("<ListQueuesResponse xmlns=\"" + NS + "\"><ListQueuesResult>")
        .contains("<QueueUrl>http://q/1</QueueUrl><QueueUrl>http://q/2</QueueUrl>")
        .contains("</ListQueuesResult><ResponseMetadata><RequestId>")
        .endsWith("</RequestId></ResponseMetadata></ListQueuesResponse>");
  }

  @Test
  void messagesAndTheirAttributeMapsAreFlattenedWithNameAndValue() throws Exception {
    HttpResponse<String> response = form("/", "Action=ReceiveMessage&QueueUrl=q");

    assertThat(response.body())
        .contains(
            "<Message><MessageId>m-1</MessageId><ReceiptHandle>r&lt;1&gt;</ReceiptHandle>"
                + "<Body>a&amp;b&#xD;\n</Body>"
                + "<Attribute><Name>SenderId</Name><Value>x</Value></Attribute>"
                + "<Attribute><Name>ApproximateReceiveCount</Name><Value>1</Value></Attribute>"
                + "<MessageAttribute><Name>colour</Name><Value><StringValue>red</StringValue>"
                + "<DataType>String</DataType></Value></MessageAttribute></Message>");
  }

  @Test
  void operationWithoutOutputAnswersOnlyResponseMetadata() throws Exception {
    HttpResponse<String> response = form("/", "Action=DeleteMessage&QueueUrl=q&ReceiptHandle=r");

    assertThat(response.body())
        .contains("<DeleteMessageResponse xmlns=\"" + NS + "\"><ResponseMetadata>");
  }

  @Test
  void queueUrlIsTakenFromThePathWhenTheFormOmitsIt() throws Exception {
    form("/123456789012/orders", "Action=GetQueueAttributes&AttributeName.1=All");

    assertThat(queues.lastInput.get().get("QueueUrl").asText())
        .isEqualTo("http://127.0.0.1:" + server.port() + "/123456789012/orders");
  }

  @Test
  void getRequestsCarryTheFormInTheQueryString() throws Exception {
    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(uri("/?Action=GetQueueUrl&QueueName=orders")).GET().build(),
            BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("<QueueUrl>http://127.0.0.1:");
  }

  @Test
  void serviceErrorIsAnErrorResponseWithTheQueryCode() throws Exception {
    HttpResponse<String> response = form("/", "Action=DeleteQueue&QueueUrl=q");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body())
        .contains(
            "<ErrorResponse xmlns=\""
                + NS
                + "\"><Error><Type>Sender</Type>"
                + "<Code>AWS.SimpleQueueService.NonExistentQueue</Code>"
                + "<Message>Queue &apos;q&apos; does not exist</Message><Detail/></Error>"
                    .replace("&apos;", "'")
                + "<RequestId>");
  }

  @Test
  void unknownActionIsAnInvalidAction() throws Exception {
    HttpResponse<String> response = form("/", "Action=Frobnicate");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body())
        .contains("<Code>InvalidAction</Code>")
        .contains("The action Frobnicate is not valid for this endpoint.");
  }

  @Test
  void numberThatDoesNotParseIsAValidationError() throws Exception {
    HttpResponse<String> response =
        form("/", "Action=SendMessage&QueueUrl=q&MessageBody=b&DelaySeconds=soon");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body())
        .contains("<Code>ValidationException</Code>")
        .contains("Value 'soon' at 'delaySeconds'");
  }

  @Test
  void aFailureCausedByAnUnreachableDependencyIsTheServiceUnavailableCode() throws Exception {
    HttpResponse<String> response = form("/", "Action=ListQueueTags&QueueUrl=http%3A%2F%2Fq%2F1");

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.body())
        .contains("<Type>Receiver</Type>")
        .contains("<Code>ServiceUnavailable</Code>")
        .contains(
            "<Message>The request has failed due to a temporary failure of the server.</Message>")
        .doesNotContain("secret");
  }

  private HttpResponse<String> form(String path, String body) throws Exception {
    return client.send(
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
            .POST(BodyPublishers.ofString(body))
            .build(),
        BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }
}
