package dev.docket.it.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.testing.DocketExtension;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * awsQuery requests as plain HTTP {@code GET}s with every parameter in the query string, the way
 * old scripts and {@code curl} call SQS, checked against the XML shape SQS answers with: {@code
 * <ActionResponse xmlns=…><ActionResult>…</ActionResult><ResponseMetadata><RequestId>}, flattened
 * lists and maps, and {@code <ErrorResponse><Error><Type/><Code/><Message/>} for errors.
 */
class QueryGetRequestTest {

  private static final String NAMESPACE = "http://queue.amazonaws.com/doc/2012-11-05/";

  @RegisterExtension static DocketExtension docket = DocketExtension.create();

  private static HttpClient http;

  @BeforeAll
  static void client() {
    http = HttpClient.newHttpClient();
  }

  @AfterAll
  static void close() {
    http.close();
  }

  @Test
  void createQueueByGetAnswersWithTheQueueUrlInXml() throws Exception {
    String name = SqsV1.uniqueName("get-create");

    HttpResponse<byte[]> response =
        get("/", params("Action", "CreateQueue", "QueueName", name, "Version", "2012-11-05"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/xml"));
    Element root = xml(response).getDocumentElement();
    assertThat(root.getLocalName()).isEqualTo("CreateQueueResponse");
    assertThat(root.getNamespaceURI()).isEqualTo(NAMESPACE);
    Element result = child(root, "CreateQueueResult");
    assertThat(text(child(result, "QueueUrl")))
        .isEqualTo(docket.endpoint() + "/queue/us-east-1/000000000000/" + name);
    assertThat(text(child(child(root, "ResponseMetadata"), "RequestId")))
        .isEqualTo(response.headers().firstValue("x-amzn-RequestId").orElseThrow());
  }

  @Test
  void listQueuesByGetRepeatsQueueUrlElementsUnwrapped() throws Exception {
    String prefix = SqsV1.uniqueName("get-list");
    String first = createQueue(prefix + "-a");
    String second = createQueue(prefix + "-b");

    HttpResponse<byte[]> response =
        get("/", params("Action", "ListQueues", "QueueNamePrefix", prefix));

    assertThat(response.statusCode()).isEqualTo(200);
    Element result = child(xml(response).getDocumentElement(), "ListQueuesResult");
    assertThat(children(result, "QueueUrl"))
        .extracting(QueryGetRequestTest::text)
        .containsExactlyInAnyOrder(first, second);
  }

  @Test
  void getOnTheQueuePathAddressesThatQueueAndFlattensTheAttributeMap() throws Exception {
    String name = SqsV1.uniqueName("get-attrs");
    createQueue(name, "Attribute.1.Name", "VisibilityTimeout", "Attribute.1.Value", "17");

    HttpResponse<byte[]> response =
        get(
            "/000000000000/" + name,
            params(
                "Action", "GetQueueAttributes",
                "AttributeName.1", "VisibilityTimeout",
                "AttributeName.2", "QueueArn"));

    assertThat(response.statusCode()).isEqualTo(200);
    Element result = child(xml(response).getDocumentElement(), "GetQueueAttributesResult");
    Map<String, String> attributes = new LinkedHashMap<>();
    for (Element attribute : children(result, "Attribute")) {
      attributes.put(text(child(attribute, "Name")), text(child(attribute, "Value")));
    }
    assertThat(attributes)
        .isEqualTo(
            Map.of(
                "VisibilityTimeout",
                "17",
                "QueueArn",
                "arn:aws:sqs:us-east-1:000000000000:" + name));
  }

  @Test
  void sendAndReceiveByGetCarryMessageAttributesAndEscapeMarkup() throws Exception {
    String name = SqsV1.uniqueName("get-send");
    String path = "/000000000000/" + name;
    createQueue(name);

    HttpResponse<byte[]> sent =
        get(
            path,
            params(
                "Action", "SendMessage",
                "MessageBody", "<a & b>",
                "MessageAttribute.1.Name", "Kind",
                "MessageAttribute.1.Value.DataType", "String",
                "MessageAttribute.1.Value.StringValue", "x\"y"));
    HttpResponse<byte[]> received =
        get(
            path,
            params(
                "Action", "ReceiveMessage",
                "MessageAttributeName.1", "All",
                "WaitTimeSeconds", "5"));

    assertThat(sent.statusCode()).isEqualTo(200);
    Element sendResult = child(xml(sent).getDocumentElement(), "SendMessageResult");
    assertThat(text(child(sendResult, "MD5OfMessageBody"))).isEqualTo(md5("<a & b>"));
    assertThat(received.statusCode()).isEqualTo(200);
    Element message =
        child(child(xml(received).getDocumentElement(), "ReceiveMessageResult"), "Message");
    assertThat(text(child(message, "Body"))).isEqualTo("<a & b>");
    assertThat(text(child(message, "MessageId"))).isEqualTo(text(child(sendResult, "MessageId")));
    Element attribute = child(message, "MessageAttribute");
    assertThat(text(child(attribute, "Name"))).isEqualTo("Kind");
    Element value = child(attribute, "Value");
    assertThat(text(child(value, "DataType"))).isEqualTo("String");
    assertThat(text(child(value, "StringValue"))).isEqualTo("x\"y");
    assertThat(new String(received.body(), StandardCharsets.UTF_8)).contains("&lt;a &amp; b&gt;");
  }

  @Test
  void errorByGetIsAnXmlErrorResponseWithTheQueryCode() throws Exception {
    HttpResponse<byte[]> response =
        get("/", params("Action", "GetQueueUrl", "QueueName", SqsV1.uniqueName("get-missing")));

    assertThat(response.statusCode()).isEqualTo(400);
    Element root = xml(response).getDocumentElement();
    assertThat(root.getLocalName()).isEqualTo("ErrorResponse");
    Element error = child(root, "Error");
    assertThat(text(child(error, "Type"))).isEqualTo("Sender");
    assertThat(text(child(error, "Code"))).isEqualTo("AWS.SimpleQueueService.NonExistentQueue");
    assertThat(text(child(error, "Message"))).isNotBlank();
    assertThat(text(child(root, "RequestId")))
        .isEqualTo(response.headers().firstValue("x-amzn-RequestId").orElseThrow());
  }

  @Test
  void unknownActionByGetIsInvalidAction() throws Exception {
    HttpResponse<byte[]> response = get("/", params("Action", "FlyToTheMoon"));

    assertThat(response.statusCode()).isEqualTo(400);
    Element error = child(xml(response).getDocumentElement(), "Error");
    assertThat(text(child(error, "Code"))).isEqualTo("InvalidAction");
    assertThat(text(child(error, "Message"))).contains("FlyToTheMoon");
  }

  private static String createQueue(String name, String... attributes) throws Exception {
    List<String> all = new ArrayList<>(List.of("Action", "CreateQueue", "QueueName", name));
    all.addAll(List.of(attributes));
    HttpResponse<byte[]> response = get("/", params(all.toArray(String[]::new)));
    assertThat(response.statusCode())
        .as(new String(response.body(), StandardCharsets.UTF_8))
        .isEqualTo(200);
    return text(child(child(xml(response).getDocumentElement(), "CreateQueueResult"), "QueueUrl"));
  }

  private static Map<String, String> params(String... namesAndValues) {
    Map<String, String> params = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      params.put(namesAndValues[i], namesAndValues[i + 1]);
    }
    return params;
  }

  private static HttpResponse<byte[]> get(String path, Map<String, String> params)
      throws Exception {
    String query =
        params.entrySet().stream()
            .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
            .collect(Collectors.joining("&"));
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(docket.endpoint() + path + "?" + query)).GET().build();
    return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static Document xml(HttpResponse<byte[]> response) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    return factory.newDocumentBuilder().parse(new ByteArrayInputStream(response.body()));
  }

  /** The only child element of this name; fails when there is none or more than one. */
  private static Element child(Element parent, String name) {
    List<Element> found = children(parent, name);
    assertThat(found).as("<%s> children of <%s>", name, parent.getLocalName()).hasSize(1);
    return found.getFirst();
  }

  private static List<Element> children(Element parent, String name) {
    List<Element> found = new ArrayList<>();
    NodeList nodes = parent.getChildNodes();
    for (int i = 0; i < nodes.getLength(); i++) {
      Node node = nodes.item(i);
      if (node instanceof Element element && name.equals(element.getLocalName())) {
        found.add(element);
      }
    }
    return found;
  }

  private static String text(Element element) {
    return element.getTextContent();
  }

  private static String md5(String text) throws Exception {
    byte[] digest = MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(digest);
  }
}
