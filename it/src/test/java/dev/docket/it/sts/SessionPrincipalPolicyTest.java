package dev.docket.it.sts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.docket.testing.DocketExtension;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SqsException;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Identities meet resource policies: a queue policy of one account that grants a role of another
 * account admits that role's sessions (AssumeRole credentials) and an organization's principals,
 * and refuses the other account's root and users, as IAM evaluates principals.
 */
class SessionPrincipalPolicyTest {

  private static final String OWNER = "111111111111";
  private static final String PARTNER = "222222222222";
  private static final AwsBasicCredentials OWNER_KEY =
      AwsBasicCredentials.create("AKIDOWNER0000000001", "owner-secret");
  private static final AwsBasicCredentials PARTNER_ROOT =
      AwsBasicCredentials.create("AKIDPARTNER00000001", "partner-secret");
  private static final AwsBasicCredentials PARTNER_BOB =
      AwsBasicCredentials.create("AKIDBOB000000000001", "bob-secret");

  @RegisterExtension
  static DocketExtension docket =
      DocketExtension.builder()
          .accessKey(OWNER_KEY.accessKeyId(), OWNER_KEY.secretAccessKey(), OWNER)
          .accessKey(PARTNER_ROOT.accessKeyId(), PARTNER_ROOT.secretAccessKey(), PARTNER)
          .accessKeyAs(
              PARTNER_BOB.accessKeyId(),
              PARTNER_BOB.secretAccessKey(),
              "arn:aws:iam::" + PARTNER + ":user/bob")
          .configure(
              c ->
                  c.withHttp(
                      c.http()
                          .withOrganizations(
                              Map.of(OWNER, "o-exampleorg1", PARTNER, "o-exampleorg1"))))
          .build();

  @Test
  void policyGrantingARoleAdmitsItsSessionsOnly() {
    String url =
        queueWithPolicy("role", "\"AWS\":\"arn:aws:iam::" + PARTNER + ":role/sender\"", "");
    AwsCredentials session;
    try (StsClient sts = StsClients.sts(docket, PARTNER_ROOT)) {
      session =
          StsClients.session(
              sts.assumeRole(
                      r ->
                          r.roleArn("arn:aws:iam::" + PARTNER + ":role/sender")
                              .roleSessionName("writer"))
                  .credentials());
    }

    try (SqsClient asSession = StsClients.sqs(docket, session);
        SqsClient asRoot = StsClients.sqs(docket, PARTNER_ROOT);
        SqsClient asBob = StsClients.sqs(docket, PARTNER_BOB)) {
      asSession.sendMessage(b -> b.queueUrl(url).messageBody("from the role session"));
      SqsException root =
          catchThrowableOfType(
              SqsException.class, () -> asRoot.sendMessage(b -> b.queueUrl(url).messageBody("x")));
      SqsException bob =
          catchThrowableOfType(
              SqsException.class, () -> asBob.sendMessage(b -> b.queueUrl(url).messageBody("x")));

      assertThat(root.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
      assertThat(bob.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
    }
    assertThat(messages(url)).isEqualTo("1");
  }

  @Test
  void principalOrgIdConditionAdmitsTheOrganizationsAccounts() {
    String url =
        queueWithPolicy(
            "org",
            "\"AWS\":\"*\"",
            ",\"Condition\":{\"StringEquals\":{\"aws:PrincipalOrgID\":\"o-exampleorg1\"}}");

    try (SqsClient asBob = StsClients.sqs(docket, PARTNER_BOB)) {
      asBob.sendMessage(b -> b.queueUrl(url).messageBody("from the organization"));
    }

    assertThat(messages(url)).isEqualTo("1");
  }

  private static String queueWithPolicy(String prefix, String principal, String condition) {
    try (SqsClient owner = StsClients.sqs(docket, OWNER_KEY)) {
      String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
      String url = owner.createQueue(b -> b.queueName(name)).queueUrl();
      String arn = "arn:aws:sqs:us-east-1:" + OWNER + ":" + name;
      String policy =
          """
          {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{%s},
           "Action":"sqs:SendMessage","Resource":"%s"%s}]}"""
              .formatted(principal, arn, condition);
      owner.setQueueAttributes(
          b -> b.queueUrl(url).attributesWithStrings(Map.of("Policy", policy)));
      return url;
    }
  }

  private static String messages(String url) {
    try (SqsClient owner = StsClients.sqs(docket, OWNER_KEY)) {
      return owner
          .getQueueAttributes(
              b ->
                  b.queueUrl(url).attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
          .attributes()
          .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES);
    }
  }
}
