package dev.docket.it.queues;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.amazonaws.AmazonServiceException;
import com.amazonaws.ClientConfiguration;
import com.amazonaws.auth.AWSStaticCredentialsProvider;
import com.amazonaws.auth.BasicAWSCredentials;
import com.amazonaws.client.builder.AwsClientBuilder.EndpointConfiguration;
import com.amazonaws.services.sqs.AmazonSQS;
import com.amazonaws.services.sqs.AmazonSQSClientBuilder;
import dev.docket.testing.DocketExtension;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * Queue policies enforced, black box, with authentication on and three accounts: the owner of the
 * queues, a partner it grants access to, and a stranger it never does. Every refusal is AWS's
 * {@code AccessDenied} (403) in the protocol the request used, and changes nothing.
 */
class QueuePoliciesTest {

  private static final String OWNER = "111111111111";
  private static final String PARTNER = "222222222222";
  private static final String STRANGER = "333333333333";
  private static final String DENIED =
      "Access to the resource https://sqs.us-east-1.amazonaws.com/ is denied.";

  @RegisterExtension
  static DocketExtension docket =
      DocketExtension.builder()
          .accessKey("AKIDQUEUEOWNER000001", "owner-secret", OWNER)
          .accessKey("AKIDQUEUEPARTNER0001", "partner-secret", PARTNER)
          .accessKey("AKIDQUEUESTRANGER001", "stranger-secret", STRANGER)
          .build();

  private static SqsClient owner;
  private static SqsClient partner;
  private static SqsClient stranger;

  @BeforeAll
  static void clients() {
    owner = client("AKIDQUEUEOWNER000001", "owner-secret");
    partner = client("AKIDQUEUEPARTNER0001", "partner-secret");
    stranger = client("AKIDQUEUESTRANGER001", "stranger-secret");
  }

  @AfterAll
  static void close() {
    owner.close();
    partner.close();
    stranger.close();
  }

  @Test
  void anotherAccountCannotSendOrReceiveWithoutAPolicy() {
    String url = Sqs.createQueue(owner, "walled");

    SqsException send = refusal(() -> partner.sendMessage(b -> b.queueUrl(url).messageBody("x")));
    SqsException receive = refusal(() -> partner.receiveMessage(b -> b.queueUrl(url)));

    for (SqsException e : List.of(send, receive)) {
      assertThat(e.statusCode()).isEqualTo(403);
      assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
      assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(DENIED);
      assertThat(e.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("x-amzn-query-error"))
          .contains("AccessDenied;Sender");
    }
    assertThat(messages(url)).isEqualTo("0");
  }

  @Test
  void addPermissionAllowsThatAccountThoseActionsOnly() {
    String url = Sqs.createQueue(owner, "granted");

    owner.addPermission(
        b -> b.queueUrl(url).label("partnerSends").awsAccountIds(PARTNER).actions("SendMessage"));
    partner.sendMessage(b -> b.queueUrl(url).messageBody("from the partner"));
    partner.sendMessageBatch(
        b ->
            b.queueUrl(url)
                .entries(SendMessageBatchRequestEntry.builder().id("1").messageBody("b").build()));

    assertThat(messages(url)).isEqualTo("2");
    assertThat(code(() -> partner.receiveMessage(b -> b.queueUrl(url)))).isEqualTo("AccessDenied");
    assertThat(code(() -> stranger.sendMessage(b -> b.queueUrl(url).messageBody("x"))))
        .isEqualTo("AccessDenied");
    assertThat(messages(url)).isEqualTo("2");
  }

  @Test
  void removePermissionTakesTheAccessAway() {
    String url = Sqs.createQueue(owner, "revoked");
    owner.addPermission(
        b ->
            b.queueUrl(url)
                .label("partner")
                .awsAccountIds(PARTNER)
                .actions("SendMessage", "ReceiveMessage"));
    partner.sendMessage(b -> b.queueUrl(url).messageBody("allowed"));

    owner.removePermission(b -> b.queueUrl(url).label("partner"));

    assertThat(code(() -> partner.sendMessage(b -> b.queueUrl(url).messageBody("x"))))
        .isEqualTo("AccessDenied");
    assertThat(code(() -> partner.receiveMessage(b -> b.queueUrl(url)))).isEqualTo("AccessDenied");
    assertThat(messages(url)).isEqualTo("1");
  }

  @Test
  void policyAttributeWithPrincipalAccountConditionAdmitsThatAccountOnly() {
    String url = Sqs.createQueue(owner, "conditional");
    String arn = Sqs.arn(owner, url);
    owner.setQueueAttributes(
        b ->
            b.queueUrl(url)
                .attributesWithStrings(
                    Map.of(
                        "Policy",
                        """
                        {"Version":"2012-10-17","Statement":[{"Sid":"partner","Effect":"Allow",
                         "Principal":"*","Action":["sqs:SendMessage","sqs:ReceiveMessage"],
                         "Resource":"%s",
                         "Condition":{"StringEquals":{"aws:PrincipalAccount":"%s"}}}]}"""
                            .formatted(arn, PARTNER))));

    partner.sendMessage(b -> b.queueUrl(url).messageBody("conditional"));

    assertThat(partner.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(1)).messages())
        .singleElement()
        .satisfies(m -> assertThat(m.body()).isEqualTo("conditional"));
    assertThat(code(() -> stranger.sendMessage(b -> b.queueUrl(url).messageBody("x"))))
        .isEqualTo("AccessDenied");
  }

  @Test
  void sourceArnConditionAdmitsNoClientRequest() {
    String url = Sqs.createQueue(owner, "rules-only");
    String arn = Sqs.arn(owner, url);
    owner.setQueueAttributes(
        b ->
            b.queueUrl(url)
                .attributesWithStrings(
                    Map.of(
                        "Policy",
                        """
                        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*",
                         "Action":"sqs:SendMessage","Resource":"%s",
                         "Condition":{"ArnLike":{"aws:SourceArn":"arn:aws:events:*:%s:rule/*"}}}]}"""
                            .formatted(arn, PARTNER))));

    String refused = code(() -> partner.sendMessage(b -> b.queueUrl(url).messageBody("x")));

    assertThat(refused).isEqualTo("AccessDenied");
    owner.sendMessage(b -> b.queueUrl(url).messageBody("the owner needs no Allow"));
    assertThat(messages(url)).isEqualTo("1");
  }

  @Test
  void explicitDenyBeatsTheOwner() {
    String url = Sqs.createQueue(owner, "denied");
    String arn = Sqs.arn(owner, url);
    owner.setQueueAttributes(
        b ->
            b.queueUrl(url)
                .attributesWithStrings(
                    Map.of(
                        "Policy",
                        """
                        {"Version":"2012-10-17","Statement":[{"Sid":"noSend","Effect":"Deny",
                         "Principal":{"AWS":"%s"},"Action":"sqs:SendMessage","Resource":"%s"}]}"""
                            .formatted(OWNER, arn))));

    String refused = code(() -> owner.sendMessage(b -> b.queueUrl(url).messageBody("x")));
    owner.setQueueAttributes(b -> b.queueUrl(url).attributesWithStrings(Map.of("Policy", "")));
    owner.sendMessage(b -> b.queueUrl(url).messageBody("allowed again"));

    assertThat(refused).isEqualTo("AccessDenied");
    assertThat(messages(url)).isEqualTo("1");
  }

  @Test
  void malformedPoliciesAreRefusedWithAwsText() {
    String url = Sqs.createQueue(owner, "malformed");
    String name = Sqs.uniqueName("never-created");

    SqsException notJson =
        refusal(
            () ->
                owner.setQueueAttributes(
                    b -> b.queueUrl(url).attributesWithStrings(Map.of("Policy", "{not json"))));
    SqsException noPrincipal =
        refusal(
            () ->
                owner.createQueue(
                    b ->
                        b.queueName(name)
                            .attributesWithStrings(
                                Map.of(
                                    "Policy",
                                    """
                                    {"Version":"2012-10-17","Statement":[{"Effect":"Allow",
                                     "Action":"sqs:SendMessage","Resource":"*"}]}"""))));

    for (SqsException e : List.of(notJson, noPrincipal)) {
      assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidAttributeValue");
      assertThat(e.awsErrorDetails().errorMessage())
          .isEqualTo("Invalid value for the parameter Policy.");
    }
    assertThat(Sqs.attribute(owner, url, QueueAttributeName.POLICY)).isNull();
    assertThat(owner.listQueues(b -> b.queueNamePrefix(name)).queueUrls()).isEmpty();
  }

  @Test
  void deniedRequestsChangeNothingEvenWithEveryActionGranted() {
    String url = Sqs.createQueue(owner, "untouchable", Map.of("VisibilityTimeout", "45"));
    owner.addPermission(b -> b.queueUrl(url).label("all").awsAccountIds(PARTNER).actions("*"));
    owner.sendMessage(b -> b.queueUrl(url).messageBody("kept"));

    List<String> codes =
        List.of(
            code(
                () ->
                    partner.setQueueAttributes(
                        b ->
                            b.queueUrl(url)
                                .attributesWithStrings(Map.of("VisibilityTimeout", "1")))),
            code(
                () ->
                    partner.addPermission(
                        b ->
                            b.queueUrl(url)
                                .label("mine")
                                .awsAccountIds(STRANGER)
                                .actions("SendMessage"))),
            code(() -> partner.tagQueue(b -> b.queueUrl(url).tags(Map.of("k", "v")))),
            code(() -> partner.deleteQueue(b -> b.queueUrl(url))),
            code(() -> stranger.purgeQueue(b -> b.queueUrl(url))));

    assertThat(codes).containsOnly("AccessDenied");
    assertThat(Sqs.attribute(owner, url, QueueAttributeName.VISIBILITY_TIMEOUT)).isEqualTo("45");
    assertThat(owner.listQueueTags(b -> b.queueUrl(url)).tags()).isEmpty();
    assertThat(Sqs.attribute(owner, url, QueueAttributeName.POLICY))
        .doesNotContain(STRANGER)
        .contains("\"Sid\":\"all\"");
    assertThat(messages(url)).isEqualTo("1");
  }

  @Test
  void getQueueUrlFindsAnotherAccountsQueueOnlyWhenAllowed() {
    String url = Sqs.createQueue(owner, "findable");
    String name = url.substring(url.lastIndexOf('/') + 1);

    String hidden =
        code(() -> partner.getQueueUrl(b -> b.queueName(name).queueOwnerAWSAccountId(OWNER)));
    owner.addPermission(b -> b.queueUrl(url).label("url").awsAccountIds(PARTNER).actions("*"));
    String found =
        partner.getQueueUrl(b -> b.queueName(name).queueOwnerAWSAccountId(OWNER)).queueUrl();

    assertThat(hidden).isEqualTo("AWS.SimpleQueueService.NonExistentQueue");
    assertThat(found).isEqualTo(url);
    assertThat(
            code(() -> stranger.getQueueUrl(b -> b.queueName(name).queueOwnerAWSAccountId(OWNER))))
        .isEqualTo("AWS.SimpleQueueService.NonExistentQueue");
    assertThat(code(() -> partner.getQueueUrl(b -> b.queueName(name))))
        .isEqualTo("AWS.SimpleQueueService.NonExistentQueue");
  }

  @Test
  void olderQueueUrlFormNamesTheOwnersQueueNotTheCallers() {
    String url = Sqs.createQueue(owner, "older-form");
    String name = url.substring(url.lastIndexOf('/') + 1);
    String older = docket.endpoint() + "/" + OWNER + "/" + name;
    partner.createQueue(b -> b.queueName(name)); // a queue of the same name in its own account

    String refused = code(() -> partner.sendMessage(b -> b.queueUrl(older).messageBody("x")));
    owner.addPermission(
        b -> b.queueUrl(url).label("older").awsAccountIds(PARTNER).actions("SendMessage"));
    partner.sendMessage(b -> b.queueUrl(older).messageBody("to the owner's queue"));

    assertThat(refused).isEqualTo("AccessDenied");
    assertThat(messages(url)).isEqualTo("1");
  }

  @Test
  void listingStaysWithinTheCallersAccount() {
    String url = Sqs.createQueue(owner, "listed");
    String name = url.substring(url.lastIndexOf('/') + 1);
    owner.addPermission(b -> b.queueUrl(url).label("all").awsAccountIds(PARTNER).actions("*"));

    assertThat(owner.listQueues(b -> b.queueNamePrefix(name)).queueUrls()).containsExactly(url);
    assertThat(partner.listQueues(b -> b.queueNamePrefix(name)).queueUrls()).isEmpty();
  }

  @Test
  void queryProtocolClientIsRefusedWithAccessDeniedXml() {
    String url = Sqs.createQueue(owner, "query-walled");
    AmazonSQS v1 =
        AmazonSQSClientBuilder.standard()
            .withEndpointConfiguration(
                new EndpointConfiguration(docket.endpoint().toString(), "us-east-1"))
            .withCredentials(
                new AWSStaticCredentialsProvider(
                    new BasicAWSCredentials("AKIDQUEUEPARTNER0001", "partner-secret")))
            .withClientConfiguration(new ClientConfiguration().withMaxErrorRetry(0))
            .build();
    try {
      AmazonServiceException e =
          catchThrowableOfType(AmazonServiceException.class, () -> v1.sendMessage(url, "x"));

      assertThat(e).isNotNull();
      assertThat(e.getStatusCode()).isEqualTo(403);
      assertThat(e.getErrorCode()).isEqualTo("AccessDenied");
      assertThat(e.getErrorMessage()).isEqualTo(DENIED);
      assertThat(e.getErrorType()).isEqualTo(AmazonServiceException.ErrorType.Client);
      owner.addPermission(
          b -> b.queueUrl(url).label("v1").awsAccountIds(PARTNER).actions("SendMessage"));
      assertThat(v1.sendMessage(url, "over the query protocol").getMessageId()).isNotBlank();
    } finally {
      v1.shutdown();
    }
    assertThat(messages(url)).isEqualTo("1");
  }

  private static SqsClient client(String accessKey, String secret) {
    return docket
        .sqsBuilder()
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secret)))
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
        .build();
  }

  private static String messages(String url) {
    return Sqs.attribute(owner, url, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES);
  }

  private static SqsException refusal(ThrowingCallable call) {
    SqsException e = catchThrowableOfType(SqsException.class, call);
    assertThat(e).as("the call should be refused").isNotNull();
    return e;
  }

  private static String code(ThrowingCallable call) {
    return refusal(call).awsErrorDetails().errorCode();
  }
}
