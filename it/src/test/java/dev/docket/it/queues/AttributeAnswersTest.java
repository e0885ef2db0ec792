package dev.docket.it.queues;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.docket.testing.DocketExtension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** Message and queue attributes answered as AWS recorded them. */
class AttributeAnswersTest {

  @RegisterExtension static DocketExtension docket = DocketExtension.create();

  private static SqsClient sqs() {
    return docket.sqs();
  }

  private static MessageAttributeValue text(String value) {
    return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
  }

  private static Map<String, MessageAttributeValue> receiveAttributes(String url, String... names) {
    List<Message> messages =
        sqs()
            .receiveMessage(b -> b.queueUrl(url).visibilityTimeout(0).messageAttributeNames(names))
            .messages();
    return messages.getFirst().messageAttributes();
  }

  @Test
  void messageAttributeNamesSelectByNameAllWildcardsAndPrefixes() {
    String url = Sqs.createQueue(sqs(), "filters");
    sqs()
        .sendMessage(
            b ->
                b.queueUrl(url)
                    .messageBody("msg")
                    .messageAttributes(
                        Map.of(
                            "Help.Me",
                            text("Me"),
                            "Hello",
                            text("There"),
                            "General",
                            text("Kenobi"))));

    assertThat(receiveAttributes(url, "All")).containsOnlyKeys("Help.Me", "Hello", "General");
    assertThat(receiveAttributes(url, "*")).containsOnlyKeys("Help.Me", "Hello", "General");
    assertThat(receiveAttributes(url, ".*")).containsOnlyKeys("Help.Me", "Hello", "General");
    assertThat(receiveAttributes(url, "Foo", "Help")).isEmpty();
    assertThat(receiveAttributes(url, "Foo", "Hello")).containsOnlyKeys("Hello");
    assertThat(receiveAttributes(url, "Hel.*")).containsOnlyKeys("Hello", "Help.Me");
    assertThat(receiveAttributes(url, "AWS.")).isEmpty();
    assertThat(receiveAttributes(url, "..foo")).isEmpty();
  }

  @Test
  void attributeNamesMayHoldLettersBeyondAscii() {
    String url = Sqs.createQueue(sqs(), "unicode");

    sqs()
        .sendMessage(
            b ->
                b.queueUrl(url)
                    .messageBody("msg")
                    .messageAttributes(Map.of("attr.1øßä", text("v"))));

    assertThat(receiveAttributes(url, "All")).containsOnlyKeys("attr.1øßä");
  }

  @Test
  void addPermissionWritesThePolicyAsSqsDoes() throws Exception {
    String url = Sqs.createQueue(sqs(), "permission");
    sqs()
        .addPermission(
            b ->
                b.queueUrl(url)
                    .awsAccountIds("000000000000")
                    .actions("ReceiveMessage")
                    .label("crossaccountpermission"));

    JsonNode policy =
        new ObjectMapper().readTree(Sqs.attribute(sqs(), url, QueueAttributeName.POLICY));
    JsonNode statement = policy.path("Statement").get(0);

    assertThat(policy.path("Version").asText()).isEqualTo("2008-10-17");
    assertThat(policy.path("Id").asText()).isEqualTo(Sqs.arn(sqs(), url) + "/SQSDefaultPolicy");
    assertThat(statement.path("Principal").path("AWS").asText())
        .isEqualTo("arn:aws:iam::000000000000:root");
    assertThat(statement.path("Action").asText()).isEqualTo("SQS:ReceiveMessage");
  }

  @Test
  void settingKmsAttributesBackToTheirDefaultsStopsReportingThem() {
    String url = Sqs.createQueue(sqs(), "kms");
    sqs()
        .setQueueAttributes(
            b ->
                b.queueUrl(url)
                    .attributesWithStrings(
                        Map.of(
                            "KmsMasterKeyId",
                            "testKeyId",
                            "KmsDataKeyReusePeriodSeconds",
                            "6000")));

    sqs()
        .setQueueAttributes(
            b ->
                b.queueUrl(url)
                    .attributesWithStrings(
                        Map.of("KmsMasterKeyId", "", "KmsDataKeyReusePeriodSeconds", "300")));
    Map<String, String> attributes =
        sqs()
            .getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.ALL))
            .attributesAsStrings();

    assertThat(attributes)
        .doesNotContainKeys("KmsMasterKeyId", "KmsDataKeyReusePeriodSeconds")
        .containsEntry("SqsManagedSseEnabled", "false");
  }

  @Test
  void aDeadLetteredMessageKeepsItsReceiveCount() {
    String dlq = Sqs.createQueue(sqs(), "dlq");
    String redrive =
        "{\"deadLetterTargetArn\":\"" + Sqs.arn(sqs(), dlq) + "\",\"maxReceiveCount\":1}";
    String url = Sqs.createQueue(sqs(), "source", Map.of("RedrivePolicy", redrive));
    sqs().sendMessage(b -> b.queueUrl(url).messageBody("message-1"));

    for (int i = 0; i < 2; i++) {
      sqs().receiveMessage(b -> b.queueUrl(url).visibilityTimeout(0));
    }
    Message dead =
        sqs()
            .receiveMessage(
                b ->
                    b.queueUrl(dlq)
                        .waitTimeSeconds(5)
                        .messageSystemAttributeNames(MessageSystemAttributeName.ALL))
            .messages()
            .getFirst();

    assertThat(dead.body()).isEqualTo("message-1");
    assertThat(dead.attributes())
        .containsEntry(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "2");
  }
}
