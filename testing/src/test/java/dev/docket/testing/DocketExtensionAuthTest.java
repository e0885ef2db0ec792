package dev.docket.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SqsException;

class DocketExtensionAuthTest {

  @RegisterExtension
  static DocketExtension docket =
      DocketExtension.builder().accessKey("AKIDTEST", "s3cret", "123456789012").build();

  @Test
  void accessKeysTurnAuthenticationOn() {
    assertThat(docket.server().config().http().authEnabled()).isTrue();
  }

  @Test
  void theSharedClientSignsWithTheFirstAccessKey() {
    assertThat(docket.sqs().listQueues().queueUrls()).isEmpty();
  }

  @Test
  void aClientWithTheWrongSecretIsRefused() {
    try (SqsClient wrong =
        docket
            .sqsBuilder()
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "nope")))
            .build()) {

      assertThatThrownBy(wrong::listQueues)
          .isInstanceOfSatisfying(
              SqsException.class, e -> assertThat(e.statusCode()).isIn(400, 403));
    }
  }
}
