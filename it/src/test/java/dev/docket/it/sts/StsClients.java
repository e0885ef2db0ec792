package dev.docket.it.sts;

import dev.docket.testing.DocketExtension;
import java.time.Duration;
import java.time.Instant;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkGlobalTime;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/** Clients of a test's Docket signing with given credentials, without retries. */
final class StsClients {

  private StsClients() {}

  static StsClient sts(DocketExtension docket, AwsCredentialsProvider credentials) {
    return StsClient.builder()
        .endpointOverride(docket.endpoint())
        .region(DocketExtension.REGION)
        .credentialsProvider(credentials)
        .httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
        .build();
  }

  static StsClient sts(DocketExtension docket, AwsCredentials credentials) {
    return sts(docket, StaticCredentialsProvider.create(credentials));
  }

  static StsClient sts(DocketExtension docket, String keyId, String secret) {
    return sts(docket, AwsBasicCredentials.create(keyId, secret));
  }

  static SqsClient sqs(DocketExtension docket, AwsCredentialsProvider credentials) {
    return docket
        .sqsBuilder()
        .credentialsProvider(credentials)
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
        .build();
  }

  static SqsClient sqs(DocketExtension docket, AwsCredentials credentials) {
    return sqs(docket, StaticCredentialsProvider.create(credentials));
  }

  static EventBridgeClient events(DocketExtension docket, AwsCredentials credentials) {
    return EventBridgeClient.builder()
        .endpointOverride(docket.endpoint())
        .region(DocketExtension.REGION)
        .credentialsProvider(StaticCredentialsProvider.create(credentials))
        .httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
        .build();
  }

  /** The temporary credentials of an AssumeRole answer, as an SDK user would build them. */
  static AwsSessionCredentials session(Credentials credentials) {
    return AwsSessionCredentials.create(
        credentials.accessKeyId(), credentials.secretAccessKey(), credentials.sessionToken());
  }

  /**
   * Moves the server's manual clock and the SDK's signing time together, so that only the session
   * token's expiry sees the jump, not the five-minute signature window.
   */
  static void advance(DocketExtension docket, Duration duration) {
    Instant now = docket.advance(duration);
    SdkGlobalTime.setGlobalTimeOffset((int) -Duration.between(Instant.now(), now).toSeconds());
  }
}
