package dev.docket.it.wire;

import com.amazonaws.ClientConfiguration;
import com.amazonaws.auth.AWSStaticCredentialsProvider;
import com.amazonaws.auth.BasicAWSCredentials;
import com.amazonaws.client.builder.AwsClientBuilder.EndpointConfiguration;
import com.amazonaws.services.sqs.AmazonSQS;
import com.amazonaws.services.sqs.AmazonSQSClientBuilder;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Builds AWS SDK for Java v1 SQS clients. The v1 SDK up to 1.12.583 speaks SQS's awsQuery protocol:
 * form-encoded parameters posted to the queue URL, XML responses, and MD5 checks of bodies and
 * message attributes on send and receive. Retries are off so a failure surfaces at once.
 */
final class SqsV1 {

  private static final AtomicInteger NAMES = new AtomicInteger();

  private SqsV1() {}

  /** A client for {@code endpoint} signing with {@code accessKey}/{@code secretKey}. */
  static AmazonSQS client(URI endpoint, String accessKey, String secretKey) {
    return AmazonSQSClientBuilder.standard()
        .withEndpointConfiguration(new EndpointConfiguration(endpoint.toString(), "us-east-1"))
        .withCredentials(
            new AWSStaticCredentialsProvider(new BasicAWSCredentials(accessKey, secretKey)))
        .withClientConfiguration(new ClientConfiguration().withMaxErrorRetry(0))
        .build();
  }

  /** A client for {@code endpoint} with the credentials an auth-off server ignores. */
  static AmazonSQS client(URI endpoint) {
    return client(endpoint, "test", "test");
  }

  /** A queue name no other test of the run uses. */
  static String uniqueName(String prefix) {
    return prefix + "-v1-" + NAMES.incrementAndGet();
  }
}
