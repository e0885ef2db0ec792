package dev.docket.it.sts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.testing.DocketExtension;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * With authentication off (the default), LocalStack's convention: an access key id of exactly
 * twelve digits acts as that account's root, with any secret; any other key id as the default
 * account. Credentials from AssumeRole still act as their session.
 */
class LocalStackKeysTest {

  @RegisterExtension static DocketExtension docket = DocketExtension.create();

  @Test
  void twelveDigitKeyIdActsAsThatAccount() {
    try (StsClient sts = StsClients.sts(docket, "111111111111", "anything")) {

      var identity = sts.getCallerIdentity();

      assertThat(identity.account()).isEqualTo("111111111111");
      assertThat(identity.arn()).isEqualTo("arn:aws:iam::111111111111:root");
    }
  }

  @Test
  void anyOtherKeyIdActsAsTheDefaultAccount() {
    try (StsClient sts = StsClients.sts(docket, "test", "test");
        StsClient almost = StsClients.sts(docket, "11111111111x", "test")) {

      assertThat(sts.getCallerIdentity().account()).isEqualTo("000000000000");
      assertThat(almost.getCallerIdentity().account()).isEqualTo("000000000000");
    }
  }

  @Test
  void queuesOfOneAccountAreNotListedForAnother() {
    String name = "localstack-" + UUID.randomUUID().toString().substring(0, 8);
    try (SqsClient one =
            StsClients.sqs(docket, AwsBasicCredentials.create("111111111111", "test"));
        SqsClient two =
            StsClients.sqs(docket, AwsBasicCredentials.create("222222222222", "test"))) {

      String url = one.createQueue(b -> b.queueName(name)).queueUrl();

      assertThat(url).contains("/111111111111/" + name);
      assertThat(one.listQueues(b -> b.queueNamePrefix(name)).queueUrls()).containsExactly(url);
      assertThat(two.listQueues(b -> b.queueNamePrefix(name)).queueUrls()).isEmpty();
    }
  }

  @Test
  void assumedRoleCredentialsActAsTheirSession() {
    try (StsClient sts = StsClients.sts(docket, "111111111111", "test")) {
      AwsSessionCredentials session =
          StsClients.session(
              sts.assumeRole(
                      r -> r.roleArn("arn:aws:iam::111111111111:role/local").roleSessionName("dev"))
                  .credentials());

      try (StsClient asSession = StsClients.sts(docket, session)) {
        assertThat(asSession.getCallerIdentity().arn())
            .isEqualTo("arn:aws:sts::111111111111:assumed-role/local/dev");
      }
    }
  }

  @Test
  void placeholderSessionTokenIsIgnored() {
    try (StsClient sts =
        StsClients.sts(docket, AwsSessionCredentials.create("222222222222", "test", "test"))) {

      assertThat(sts.getCallerIdentity().account()).isEqualTo("222222222222");
    }
  }
}
