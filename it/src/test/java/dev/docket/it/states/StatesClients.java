package dev.docket.it.states;

import dev.docket.testing.DocketExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sfn.SfnClient;

/** Step Functions clients for tests. */
final class StatesClients {

  private StatesClients() {}

  /** A Step Functions client for the server; the caller closes it. */
  static SfnClient sfn(DocketExtension docket) {
    return SfnClient.builder()
        .endpointOverride(docket.endpoint())
        .region(DocketExtension.REGION)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .httpClient(UrlConnectionHttpClient.create())
        // StartSyncExecution's endpoint has the host prefix "sync-", which 127.0.0.1 cannot take
        .overrideConfiguration(
            o ->
                o.retryStrategy(r -> r.maxAttempts(1))
                    .putAdvancedOption(SdkAdvancedClientOption.DISABLE_HOST_PREFIX_INJECTION, true))
        .build();
  }
}
