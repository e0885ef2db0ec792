package dev.docket.it.cli;

import static dev.docket.it.cli.AwsCli.onPath;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.docket.it.cli.AwsCli.Result;
import dev.docket.testing.DocketExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * {@code aws sqs add-permission} with the real CLI (which signs with the {@code test} key, here the
 * queue owner's account) grants another account SendMessage on the queue. Skipped when {@code aws}
 * is not on the PATH.
 */
class AddPermissionCliTest {

  private static final String OWNER = "111111111111";
  private static final String PARTNER = "222222222222";

  @RegisterExtension
  static DocketExtension docket =
      DocketExtension.builder()
          .accessKey("test", "test", OWNER)
          .accessKey("AKIDCLIPARTNER000001", "partner-secret", PARTNER)
          .build();

  @TempDir Path workDir;

  @BeforeAll
  static void requireAwsCli() {
    assumeTrue(onPath("aws"), "the aws CLI is not on the PATH");
  }

  @Test
  void addPermissionFromTheCliLetsThePartnerSend() throws Exception {
    String url = docket.sqs().createQueue(b -> b.queueName("cli-shared")).queueUrl();
    try (SqsClient partner =
        docket
            .sqsBuilder()
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create("AKIDCLIPARTNER000001", "partner-secret")))
            .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
            .build()) {
      SqsException before =
          catchThrowableOfType(
              SqsException.class, () -> partner.sendMessage(b -> b.queueUrl(url).messageBody("x")));

      Result added =
          new AwsCli(workDir)
              .aws(
                  docket.endpoint(),
                  "sqs",
                  "add-permission",
                  "--queue-url",
                  url,
                  "--label",
                  "cli",
                  "--aws-account-ids",
                  PARTNER,
                  "--actions",
                  "SendMessage");

      assertThat(before.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
      assertThat(added.exitCode()).as(added.output()).isZero();
      assertThat(partner.sendMessage(b -> b.queueUrl(url).messageBody("now allowed")).messageId())
          .isNotBlank();
    }
  }
}
