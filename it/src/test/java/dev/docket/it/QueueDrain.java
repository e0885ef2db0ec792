package dev.docket.it;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiPredicate;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * What the crash tests share: clients that fail fast once the server is killed, and draining a
 * queue after the restart while counting how often each message was received. Stateless.
 */
public final class QueueDrain {

  private QueueDrain() {}

  /**
   * A client for load against a server that will be killed: no retries, bounded call time.
   *
   * @param builder a client builder of any service, e.g. {@code SqsClient.builder()}
   */
  public static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C failFast(
      B builder, URI endpoint) {
    return builder
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .httpClient(
            UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(5))
                .socketTimeout(Duration.ofSeconds(20))
                .build())
        .overrideConfiguration(
            o ->
                o.retryStrategy(DefaultRetryStrategy.doNotRetry())
                    .apiCallTimeout(Duration.ofSeconds(30)))
        .build();
  }

  /**
   * Receives and deletes with {@code consumers} long-polling consumers until each is {@code
   * finished} (asked before every receive with the keys seen so far and its count of consecutive
   * empty polls) or {@code maxTime} has passed.
   *
   * @param keyOf what a message is counted under, from its body
   * @return how often each key was received
   */
  public static Map<String, Integer> drain(
      SqsClient sqs,
      String queueUrl,
      int consumers,
      Duration maxTime,
      Function<String, String> keyOf,
      BiPredicate<Set<String>, Integer> finished)
      throws Exception {
    Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    long deadline = System.nanoTime() + maxTime.toNanos();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < consumers; i++) {
        futures.add(pool.submit(() -> consume(sqs, queueUrl, keyOf, finished, counts, deadline)));
      }
      for (Future<?> future : futures) {
        future.get();
      }
    }
    Map<String, Integer> received = new ConcurrentHashMap<>();
    counts.forEach((key, count) -> received.put(key, count.get()));
    return received;
  }

  private static void consume(
      SqsClient sqs,
      String queueUrl,
      Function<String, String> keyOf,
      BiPredicate<Set<String>, Integer> finished,
      Map<String, AtomicInteger> counts,
      long deadline) {
    int emptyPolls = 0;
    while (!finished.test(counts.keySet(), emptyPolls) && System.nanoTime() < deadline) {
      List<Message> messages =
          sqs.receiveMessage(
                  r ->
                      r.queueUrl(queueUrl)
                          .maxNumberOfMessages(10)
                          .waitTimeSeconds(1)
                          .visibilityTimeout(120))
              .messages();
      if (messages.isEmpty()) {
        emptyPolls++;
        continue;
      }
      emptyPolls = 0;
      List<DeleteMessageBatchRequestEntry> deletes = new ArrayList<>();
      for (Message message : messages) {
        counts
            .computeIfAbsent(keyOf.apply(message.body()), k -> new AtomicInteger())
            .incrementAndGet();
        deletes.add(
            DeleteMessageBatchRequestEntry.builder()
                .id("d" + deletes.size())
                .receiptHandle(message.receiptHandle())
                .build());
      }
      sqs.deleteMessageBatch(r -> r.queueUrl(queueUrl).entries(deletes));
    }
  }
}
