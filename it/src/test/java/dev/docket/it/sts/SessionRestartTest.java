package dev.docket.it.sts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.http.HttpConfig;
import dev.docket.server.DocketServer;
import dev.docket.server.ServerConfig;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Temporary credentials outlive the server that handed them out: the session-token key is kept in
 * the store, so after a restart on the same data directory the session still acts as its role.
 */
class SessionRestartTest {

  @TempDir Path dataDirectory;

  @Test
  void sessionCredentialsStillWorkAfterARestart() {
    ServerConfig config = config();
    AwsSessionCredentials session;
    try (DocketServer first = DocketServer.start(config);
        StsClient sts =
            client(first.endpoint(), AwsBasicCredentials.create("AKIDRESTART0000001", "secret"))) {
      session =
          StsClients.session(
              sts.assumeRole(
                      r ->
                          r.roleArn("arn:aws:iam::444444444444:role/survivor")
                              .roleSessionName("before-restart"))
                  .credentials());
    }

    String arn;
    try (DocketServer second = DocketServer.start(config);
        StsClient sts = client(second.endpoint(), session)) {
      arn = sts.getCallerIdentity().arn();
    }

    assertThat(arn).isEqualTo("arn:aws:sts::444444444444:assumed-role/survivor/before-restart");
  }

  private ServerConfig config() {
    ServerConfig defaults = ServerConfig.defaults().withPort(0).withDataDirectory(dataDirectory);
    HttpConfig http =
        new HttpConfig(
            "127.0.0.1",
            0,
            true,
            Map.of("AKIDRESTART0000001", new HttpConfig.AccessKey("secret", "444444444444")),
            "000000000000",
            "us-east-1",
            defaults.http().maxRequestBytes());
    return defaults.withHttp(http);
  }

  private static StsClient client(URI endpoint, AwsCredentials credentials) {
    return StsClient.builder()
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(credentials))
        .httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
        .build();
  }
}
