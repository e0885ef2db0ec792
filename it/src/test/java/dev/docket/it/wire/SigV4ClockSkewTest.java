package dev.docket.it.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import dev.docket.testing.DocketExtension;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkGlobalTime;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * SigV4's time check, black box: the server's clock runs an hour ahead of the client's, so every
 * signature is an hour old. AWS refuses signatures more than 5 minutes off with {@code
 * InvalidSignatureException}, and answers with its own time in the {@code Date} header, from which
 * the SDK corrects its clock and retries.
 *
 * <p>The SDK v2 keeps that correction in one JVM-wide offset ({@link SdkGlobalTime}), which would
 * leak into every later test of the JVM; each test here starts from, and leaves, no offset.
 */
class SigV4ClockSkewTest {

  @RegisterExtension
  static DocketExtension docket =
      DocketExtension.builder()
          .accessKey("AKIDSKEWPROOF0000001", "skew-secret")
          .clock(Clock.offset(Clock.systemUTC(), Duration.ofHours(1)))
          .build();

  @BeforeEach
  @AfterEach
  void noClockCorrection() {
    SdkGlobalTime.setGlobalTimeOffset(0);
  }

  @Test
  void signatureAnHourOldIsRefusedAsExpired() {
    try (SqsClient client =
        docket
            .sqsBuilder()
            .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
            .build()) {

      SqsException e = catchThrowableOfType(SqsException.class, client::listQueues);

      assertThat(e).isNotNull();
      assertThat(e.statusCode()).isEqualTo(403);
      assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
    }
  }

  @Test
  void clientWithRetriesCorrectsItsClockFromTheDateHeaderAndIsServed() {
    String name = SqsV1.uniqueName("skewed");

    String url = docket.sqs().createQueue(b -> b.queueName(name)).queueUrl();

    assertThat(url).endsWith("/" + name);
    assertThat(SdkGlobalTime.getGlobalTimeOffset()).isCloseTo(-3600, within(60));
  }
}
