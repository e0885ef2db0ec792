package dev.docket.it.queues;

import static dev.docket.it.queues.Sqs.errorCodeOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.docket.testing.DocketExtension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.InvalidAddressException;
import software.amazon.awssdk.services.sqs.model.InvalidAttributeNameException;
import software.amazon.awssdk.services.sqs.model.InvalidAttributeValueException;
import software.amazon.awssdk.services.sqs.model.ListQueuesResponse;
import software.amazon.awssdk.services.sqs.model.PurgeQueueInProgressException;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.QueueNameExistsException;

class QueueLifecycleTest {

  @RegisterExtension static DocketExtension docket = DocketExtension.create();

  private static SqsClient sqs() {
    return docket.sqs();
  }

  @Test
  void createQueueAnswersTheUrlOfEndpointRegionAccountAndName() {
    String url = sqs().createQueue(b -> b.queueName("orders")).queueUrl();

    assertThat(url).isEqualTo(docket.endpoint() + "/queue/us-east-1/000000000000/orders");
  }

  @Test
  void creatingAQueueAgainWithTheSameAttributesAnswersTheSameUrl() {
    Map<String, String> attributes = Map.of("VisibilityTimeout", "45");
    String first =
        sqs().createQueue(b -> b.queueName("again").attributesWithStrings(attributes)).queueUrl();

    String second =
        sqs().createQueue(b -> b.queueName("again").attributesWithStrings(attributes)).queueUrl();
    String third = sqs().createQueue(b -> b.queueName("again")).queueUrl();

    assertThat(second).isEqualTo(first);
    assertThat(third).isEqualTo(first);
  }

  @Test
  void creatingAQueueAgainWithOtherAttributesFailsWithQueueNameExists() {
    sqs().createQueue(b -> b.queueName("clash").attributesWithStrings(Map.of("DelaySeconds", "5")));

    assertThatThrownBy(
            () ->
                sqs()
                    .createQueue(
                        b ->
                            b.queueName("clash")
                                .attributesWithStrings(Map.of("DelaySeconds", "6"))))
        .isInstanceOf(QueueNameExistsException.class)
        .hasMessageContaining("DelaySeconds");
  }

  @Test
  void createQueueRefusesNamesSqsRefuses() {
    assertThat(errorCodeOf(() -> sqs().createQueue(b -> b.queueName("has space"))))
        .isEqualTo("InvalidParameterValue");
    assertThat(errorCodeOf(() -> sqs().createQueue(b -> b.queueName("x".repeat(81)))))
        .isEqualTo("InvalidParameterValue");
    assertThat(errorCodeOf(() -> sqs().createQueue(b -> b.queueName("plain.fifo"))))
        .isEqualTo("InvalidParameterValue");
  }

  @Test
  void createQueueRefusesAnUnknownAttributeName() {
    assertThatThrownBy(
            () ->
                sqs()
                    .createQueue(
                        b -> b.queueName("colour").attributesWithStrings(Map.of("Colour", "x"))))
        .isInstanceOf(InvalidAttributeNameException.class)
        .hasMessageContaining("Colour");
  }

  @Test
  void createQueueRefusesAnAttributeValueOutOfRange() {
    assertThatThrownBy(
            () ->
                sqs()
                    .createQueue(
                        b ->
                            b.queueName("slow")
                                .attributesWithStrings(Map.of("VisibilityTimeout", "43201"))))
        .isInstanceOf(InvalidAttributeValueException.class)
        .hasMessageContaining("43201");
  }

  @Test
  void getQueueUrlFindsAQueueByNameAndOwner() {
    String url = Sqs.createQueue(sqs(), "findme");
    String name = url.substring(url.lastIndexOf('/') + 1);

    String found = sqs().getQueueUrl(b -> b.queueName(name)).queueUrl();
    String byOwner =
        sqs().getQueueUrl(b -> b.queueName(name).queueOwnerAWSAccountId("000000000000")).queueUrl();

    assertThat(found).isEqualTo(url);
    assertThat(byOwner).isEqualTo(url);
    assertThatThrownBy(() -> sqs().getQueueUrl(b -> b.queueName("never-created")))
        .isInstanceOf(QueueDoesNotExistException.class);
  }

  @Test
  void listQueuesFiltersByPrefixAndPagesWithMaxResults() {
    for (String name : List.of("list-a", "list-b", "list-c")) {
      sqs().createQueue(b -> b.queueName(name));
    }

    ListQueuesResponse all = sqs().listQueues(b -> b.queueNamePrefix("list-"));
    ListQueuesResponse first = sqs().listQueues(b -> b.queueNamePrefix("list-").maxResults(2));
    ListQueuesResponse rest =
        sqs()
            .listQueues(b -> b.queueNamePrefix("list-").maxResults(2).nextToken(first.nextToken()));

    assertThat(all.queueUrls()).hasSize(3);
    assertThat(all.nextToken()).isNull();
    assertThat(first.queueUrls()).hasSize(2).allMatch(u -> u.contains("/list-"));
    assertThat(first.nextToken()).isNotNull();
    assertThat(rest.queueUrls()).hasSize(1).first().asString().endsWith("/list-c");
    assertThat(rest.nextToken()).isNull();
    assertThat(errorCodeOf(() -> sqs().listQueues(b -> b.maxResults(1001))))
        .isEqualTo("InvalidParameterValue");
  }

  @Test
  void getQueueAttributesAnswersDefaultsArnCountsAndTimestamps() {
    String url = Sqs.createQueue(sqs(), "attrs");
    sqs().sendMessage(b -> b.queueUrl(url).messageBody("one"));

    Map<String, String> attributes =
        sqs()
            .getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.ALL))
            .attributesAsStrings();

    assertThat(attributes)
        .containsEntry("VisibilityTimeout", "30")
        .containsEntry("DelaySeconds", "0")
        .containsEntry("MaximumMessageSize", "1048576")
        .containsEntry("MessageRetentionPeriod", "345600")
        .containsEntry("ReceiveMessageWaitTimeSeconds", "0")
        .containsEntry("ApproximateNumberOfMessages", "1")
        .containsEntry("ApproximateNumberOfMessagesNotVisible", "0")
        .containsEntry("ApproximateNumberOfMessagesDelayed", "0")
        .containsEntry(
            "QueueArn",
            "arn:aws:sqs:us-east-1:000000000000:" + url.substring(url.lastIndexOf('/') + 1));
    assertThat(attributes.get("CreatedTimestamp")).matches("[0-9]{10}");
    assertThat(attributes.get("LastModifiedTimestamp")).matches("[0-9]{10}");
  }

  @Test
  void getQueueAttributesAnswersOnlyTheNamedAttributes() {
    String url = Sqs.createQueue(sqs(), "named");

    Map<String, String> attributes =
        sqs()
            .getQueueAttributes(
                b -> b.queueUrl(url).attributeNames(QueueAttributeName.VISIBILITY_TIMEOUT))
            .attributesAsStrings();

    assertThat(attributes).containsOnlyKeys("VisibilityTimeout");
  }

  @Test
  void getQueueAttributesRefusesAnUnknownAttributeName() {
    String url = Sqs.createQueue(sqs(), "unknown-attr");

    assertThatThrownBy(
            () -> sqs().getQueueAttributes(b -> b.queueUrl(url).attributeNamesWithStrings("Nope")))
        .isInstanceOf(InvalidAttributeNameException.class);
  }

  @Test
  void setQueueAttributesChangesTheValues() {
    String url = Sqs.createQueue(sqs(), "settable");

    sqs()
        .setQueueAttributes(
            b ->
                b.queueUrl(url)
                    .attributesWithStrings(
                        Map.of("VisibilityTimeout", "90", "DelaySeconds", "3", "Policy", "")));

    assertThat(Sqs.attribute(sqs(), url, QueueAttributeName.VISIBILITY_TIMEOUT)).isEqualTo("90");
    assertThat(Sqs.attribute(sqs(), url, QueueAttributeName.DELAY_SECONDS)).isEqualTo("3");
  }

  @Test
  void encryptionAttributesAreStoredAndOneEncryptionOptionIsKept() {
    String url =
        Sqs.createQueue(
            sqs(),
            "encrypted",
            Map.of("KmsMasterKeyId", "alias/aws/sqs", "KmsDataKeyReusePeriodSeconds", "600"));

    Map<String, String> withKey =
        sqs()
            .getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.ALL))
            .attributesAsStrings();
    sqs()
        .setQueueAttributes(
            b -> b.queueUrl(url).attributesWithStrings(Map.of("SqsManagedSseEnabled", "true")));
    Map<String, String> managed =
        sqs()
            .getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.ALL))
            .attributesAsStrings();

    assertThat(withKey)
        .containsEntry("KmsMasterKeyId", "alias/aws/sqs")
        .containsEntry("KmsDataKeyReusePeriodSeconds", "600")
        .containsEntry("SqsManagedSseEnabled", "false");
    assertThat(managed)
        .containsEntry("SqsManagedSseEnabled", "true")
        .doesNotContainKey("KmsMasterKeyId");
  }

  @Test
  void setQueueAttributesValidatesLikeCreateQueue() {
    String url = Sqs.createQueue(sqs(), "validated");

    assertThatThrownBy(
            () ->
                sqs()
                    .setQueueAttributes(
                        b -> b.queueUrl(url).attributesWithStrings(Map.of("DelaySeconds", "-1"))))
        .isInstanceOf(InvalidAttributeValueException.class);
    assertThatThrownBy(
            () ->
                sqs()
                    .setQueueAttributes(
                        b ->
                            b.queueUrl(url)
                                .attributesWithStrings(
                                    Map.of("ContentBasedDeduplication", "true"))))
        .isInstanceOf(InvalidAttributeNameException.class);
    assertThatThrownBy(
            () ->
                sqs()
                    .setQueueAttributes(
                        b -> b.queueUrl(url).attributesWithStrings(Map.of("FifoQueue", "true"))))
        .isInstanceOf(InvalidAttributeNameException.class); // AWS: "Unknown Attribute FifoQueue."
  }

  @Test
  void deletedQueueNoLongerExists() {
    String url = Sqs.createQueue(sqs(), "doomed");

    sqs().deleteQueue(b -> b.queueUrl(url));

    assertThatThrownBy(() -> sqs().sendMessage(b -> b.queueUrl(url).messageBody("x")))
        .isInstanceOf(QueueDoesNotExistException.class);
    assertThatThrownBy(() -> sqs().deleteQueue(b -> b.queueUrl(url)))
        .isInstanceOf(QueueDoesNotExistException.class);
  }

  @Test
  void purgeDeletesEveryMessageAndASecondPurgeWithinAMinuteIsRefused() {
    String url = Sqs.createQueue(sqs(), "purged");
    sqs().sendMessage(b -> b.queueUrl(url).messageBody("a"));
    sqs().sendMessage(b -> b.queueUrl(url).messageBody("b"));

    sqs().purgeQueue(b -> b.queueUrl(url));

    assertThat(Sqs.attribute(sqs(), url, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
        .isEqualTo("0");
    assertThatThrownBy(() -> sqs().purgeQueue(b -> b.queueUrl(url)))
        .isInstanceOf(PurgeQueueInProgressException.class);
  }

  @Test
  void tagsGivenAtCreationAreAddedToListedAndRemoved() {
    String name = Sqs.uniqueName("tagged");
    String url = sqs().createQueue(b -> b.queueName(name).tags(Map.of("team", "core"))).queueUrl();

    sqs().tagQueue(b -> b.queueUrl(url).tags(Map.of("env", "test", "team", "edge")));
    Map<String, String> afterTag = sqs().listQueueTags(b -> b.queueUrl(url)).tags();
    sqs().untagQueue(b -> b.queueUrl(url).tagKeys("team"));
    Map<String, String> afterUntag = sqs().listQueueTags(b -> b.queueUrl(url)).tags();

    assertThat(afterTag).containsExactlyInAnyOrderEntriesOf(Map.of("env", "test", "team", "edge"));
    assertThat(afterUntag).containsExactlyEntriesOf(Map.of("env", "test"));
  }

  @Test
  void permissionsAreKeptAsStatementsOfThePolicy() {
    String url = Sqs.createQueue(sqs(), "shared");

    sqs()
        .addPermission(
            b ->
                b.queueUrl(url)
                    .label("partner")
                    .awsAccountIds("111122223333")
                    .actions("SendMessage"));
    String policy = Sqs.attribute(sqs(), url, QueueAttributeName.POLICY);
    String duplicate =
        errorCodeOf(
            () ->
                sqs()
                    .addPermission(
                        b ->
                            b.queueUrl(url)
                                .label("partner")
                                .awsAccountIds("111122223333")
                                .actions("SendMessage")));
    sqs().removePermission(b -> b.queueUrl(url).label("partner"));

    assertThat(policy)
        .contains("\"Sid\":\"partner\"")
        .contains("arn:aws:iam::111122223333:root")
        .contains("SQS:SendMessage");
    assertThat(duplicate).isEqualTo("InvalidParameterValue");
    assertThat(Sqs.attribute(sqs(), url, QueueAttributeName.POLICY)).isNull();
  }

  @Test
  void queueUrlOfAnotherHostResolvesByAccountAndName() {
    String url = Sqs.createQueue(sqs(), "anyhost");
    String elsewhere =
        url.replace(docket.endpoint().toString(), "https://sqs.us-east-1.amazonaws.com");

    sqs().sendMessage(b -> b.queueUrl(elsewhere).messageBody("hello"));

    assertThat(Sqs.attribute(sqs(), url, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
        .isEqualTo("1");
  }

  @Test
  void queueUrlWithoutAccountAndNameIsAnInvalidAddress() {
    String bad = docket.endpoint() + "/just-a-name";

    assertThatThrownBy(() -> sqs().sendMessage(b -> b.queueUrl(bad).messageBody("x")))
        .isInstanceOf(InvalidAddressException.class)
        .hasMessageContaining(bad);
  }
}
