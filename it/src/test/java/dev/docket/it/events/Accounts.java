package dev.docket.it.events;

import dev.docket.testing.DocketExtension;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Three accounts with their own access keys, for tests of a server with authentication on: {@link
 * #OWNER} owns the buses under test, {@link #TEAM} is granted access, {@link #STRANGER} never is.
 */
final class Accounts {

  static final String OWNER = "111111111111";
  static final String TEAM = "222222222222";
  static final String STRANGER = "333333333333";

  private final DocketExtension docket;
  private final List<AutoCloseable> clients = new ArrayList<>();

  Accounts(DocketExtension docket) {
    this.docket = docket;
  }

  /**
   * A server with one access key per account ({@code AKID<account>} / {@code secret-<account>}).
   */
  static DocketExtension server() {
    return DocketExtension.builder()
        .accessKey(key(OWNER), secret(OWNER), OWNER)
        .accessKey(key(TEAM), secret(TEAM), TEAM)
        .accessKey(key(STRANGER), secret(STRANGER), STRANGER)
        .build();
  }

  static String key(String account) {
    return "AKID" + account;
  }

  static String secret(String account) {
    return "secret-" + account;
  }

  /** An EventBridge client signing as {@code account} in us-east-1. */
  EventBridgeClient events(String account) {
    return events(account, Region.US_EAST_1);
  }

  /** An EventBridge client signing as {@code account} in {@code region}. */
  EventBridgeClient events(String account, Region region) {
    EventBridgeClient client =
        EventBridgeClient.builder()
            .endpointOverride(docket.endpoint())
            .region(region)
            .credentialsProvider(credentials(account))
            .httpClient(UrlConnectionHttpClient.create())
            .build();
    clients.add(client);
    return client;
  }

  /** An SQS client signing as {@code account} in us-east-1. */
  SqsClient sqs(String account) {
    return sqs(account, Region.US_EAST_1);
  }

  /** An SQS client signing as {@code account} in {@code region}. */
  SqsClient sqs(String account, Region region) {
    SqsClient client =
        docket.sqsBuilder().region(region).credentialsProvider(credentials(account)).build();
    clients.add(client);
    return client;
  }

  /** The ARN of bus {@code name} of {@code account} in {@code region}. */
  static String busArn(String region, String account, String name) {
    return "arn:aws:events:" + region + ":" + account + ":event-bus/" + name;
  }

  /** Closes every client made. */
  void close() throws Exception {
    for (AutoCloseable client : clients) {
      client.close();
    }
  }

  private static StaticCredentialsProvider credentials(String account) {
    return StaticCredentialsProvider.create(
        AwsBasicCredentials.create(key(account), secret(account)));
  }
}
