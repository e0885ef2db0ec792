package dev.docket.it.queues;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.testing.DocketExtension;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The queue service reached through the older awsQuery protocol (form in, XML out). */
class QueryProtocolTest {

  @RegisterExtension static DocketExtension docket = DocketExtension.create();

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static HttpResponse<String> post(Map<String, String> form)
      throws IOException, InterruptedException {
    Map<String, String> all = new LinkedHashMap<>(form);
    all.put("Version", "2012-11-05");
    String body =
        all.entrySet().stream()
            .map(
                e ->
                    URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                        + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    HttpRequest request =
        HttpRequest.newBuilder(docket.endpoint().resolve("/"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static String element(String xml, String name) {
    Matcher m = Pattern.compile("<" + name + ">([^<]*)</" + name + ">").matcher(xml);
    assertThat(m.find()).as("<%s> in %s", name, xml).isTrue();
    return m.group(1);
  }

  @Test
  void queueIsCreatedFedAndReadOverTheQueryProtocol() throws Exception {
    String url =
        element(
            post(Map.of(
                    "Action", "CreateQueue",
                    "QueueName", Sqs.uniqueName("query"),
                    "Attribute.1.Name", "VisibilityTimeout",
                    "Attribute.1.Value", "40"))
                .body(),
            "QueueUrl");

    HttpResponse<String> sent =
        post(
            Map.of(
                "Action", "SendMessage",
                "QueueUrl", url,
                "MessageBody", "derp",
                "MessageAttribute.1.Name", "timestamp",
                "MessageAttribute.1.Value.DataType", "Number",
                "MessageAttribute.1.Value.StringValue", "1493147359900"));
    HttpResponse<String> received =
        post(
            Map.of(
                "Action", "ReceiveMessage",
                "QueueUrl", url,
                "MaxNumberOfMessages", "5",
                "MessageAttributeName.1", "All"));
    HttpResponse<String> attributes =
        post(Map.of("Action", "GetQueueAttributes", "QueueUrl", url, "AttributeName.1", "All"));

    assertThat(sent.statusCode()).isEqualTo(200);
    assertThat(element(sent.body(), "MD5OfMessageBody"))
        .isEqualTo("58fd9edd83341c29f1aebba81c31e257");
    assertThat(element(sent.body(), "MD5OfMessageAttributes"))
        .isEqualTo("235c5c510d26fb653d073faed50ae77c");
    assertThat(element(received.body(), "Body")).isEqualTo("derp");
    assertThat(element(received.body(), "MD5OfMessageAttributes"))
        .isEqualTo("235c5c510d26fb653d073faed50ae77c");
    assertThat(attributes.body()).contains("VisibilityTimeout").contains("40");
  }

  @Test
  void errorsCarryTheQueryCode() throws Exception {
    HttpResponse<String> response =
        post(Map.of("Action", "GetQueueUrl", "QueueName", "never-created"));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(element(response.body(), "Code"))
        .isEqualTo("AWS.SimpleQueueService.NonExistentQueue");
  }

  @Test
  void aMissingParameterIsReportedAsSqsDoes() throws Exception {
    HttpResponse<String> response = post(Map.of("Action", "CreateQueue"));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(element(response.body(), "Code")).isEqualTo("MissingParameter");
    assertThat(element(response.body(), "Message"))
        .isEqualTo("The request must contain the parameter QueueName.");
  }
}
