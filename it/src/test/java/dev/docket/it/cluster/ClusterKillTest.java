package dev.docket.it.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * The cluster promise, for real: three nodes as child processes on one PostgreSQL; what one node
 * creates every node serves (a queue, a rule, a state machine); three clients, one per node, send
 * SQS batches, put events that a rule routes to a queue and start Standard executions (with a Wait,
 * so some are mid-run) through all three; one node is killed with SIGKILL mid-stream, and its
 * client moves on to the next node. Then every acknowledged message and event is found (received
 * through the surviving nodes; duplicates counted, never losses) and every started execution
 * finishes, including those the killed node was running (taken over once their leases expired).
 */
class ClusterKillTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ROLE = "arn:aws:iam::000000000000:role/cluster";
  private static final Duration PATIENCE = Duration.ofSeconds(90);
  private static final int ROUNDS = 60;
  private static final int KILL_AFTER_ROUNDS = 20;
  private static final int VICTIM = 1;

  @TempDir Path dir;

  @Test
  void everyAcknowledgedMessageEventAndExecutionSurvivesAKilledNode() throws Exception {
    try (Cluster cluster = Cluster.start(3, dir)) {
      int nodes = cluster.size();
      List<SqsClient> sqs = new ArrayList<>();
      List<EventBridgeClient> events = new ArrayList<>();
      List<SfnClient> sfn = new ArrayList<>();
      for (int i = 0; i < nodes; i++) {
        sqs.add(cluster.sqs(i));
        events.add(cluster.events(i));
        sfn.add(cluster.sfn(i));
      }

      // created through three different nodes, used through all
      String work = sqs.get(0).createQueue(b -> b.queueName("work")).queueUrl();
      String routed = sqs.get(1).createQueue(b -> b.queueName("routed")).queueUrl();
      String routedArn =
          sqs.get(2)
              .getQueueAttributes(
                  b -> b.queueUrl(routed).attributeNames(QueueAttributeName.QUEUE_ARN))
              .attributes()
              .get(QueueAttributeName.QUEUE_ARN);
      events.get(1).putRule(b -> b.name("route").eventPattern("{\"source\":[\"cluster.kill\"]}"));
      events.get(2).putTargets(b -> b.rule("route").targets(t -> t.id("q").arn(routedArn)));
      String machine =
          sfn.get(2)
              .createStateMachine(
                  b ->
                      b.name("waits")
                          .roleArn(ROLE)
                          .definition(
                              "{\"StartAt\":\"Wait\",\"States\":{\"Wait\":{\"Type\":\"Wait\","
                                  + "\"Seconds\":2,\"Next\":\"Done\"},\"Done\":{\"Type\":\"Pass\","
                                  + "\"End\":true}}}"))
              .stateMachineArn();

      Set<String> sent = ConcurrentHashMap.newKeySet();
      Set<String> put = ConcurrentHashMap.newKeySet();
      Set<String> started = ConcurrentHashMap.newKeySet();
      AtomicInteger refused = new AtomicInteger();
      CountDownLatch killTime = new CountDownLatch(nodes);
      CountDownLatch killed = new CountDownLatch(1);
      ExecutorService clients = Executors.newFixedThreadPool(nodes);
      List<Future<?>> running = new ArrayList<>();
      for (int c = 0; c < nodes; c++) {
        int client = c;
        running.add(
            clients.submit(
                () -> {
                  int node = client;
                  for (int round = 0; round < ROUNDS; round++) {
                    if (round == KILL_AFTER_ROUNDS) {
                      killTime.countDown();
                      await(killed);
                    }
                    if (node == VICTIM && !cluster.node(VICTIM).isAlive()) {
                      node = (node + 1) % nodes; // the client fails over to the next node
                    }
                    String tag = client + "-" + round;
                    try {
                      send(sqs.get(node), work, tag, sent);
                      put(events.get(node), tag, put);
                      if (round % 3 == 0) {
                        started.add(
                            sfn.get(node)
                                .startExecution(
                                    b -> b.stateMachineArn(machine).name("x-" + tag).input("{}"))
                                .executionArn());
                      }
                    } catch (SdkException e) {
                      refused.incrementAndGet(); // not acknowledged: nothing is promised
                    }
                  }
                  return null;
                }));
      }
      assertThat(killTime.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
      long killedAt = System.nanoTime();
      assertThat(cluster.node(VICTIM).kill9()).isEqualTo(137);
      killed.countDown();
      for (Future<?> f : running) {
        f.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
      }
      clients.shutdown();
      double loadDoneAfterKill = (System.nanoTime() - killedAt) / 1e9;

      List<Integer> alive = List.of(0, 2);
      Map<String, Integer> messages = drain(alive.stream().map(sqs::get).toList(), work, sent);
      Map<String, Integer> routedEvents = drain(alive.stream().map(sqs::get).toList(), routed, put);
      double eventsDoneAfterKill = (System.nanoTime() - killedAt) / 1e9;
      assertThat(messages.keySet()).containsAll(sent);
      assertThat(routedEvents.keySet()).containsAll(put);

      int executionsWaited = 0;
      for (String arn : started) {
        ExecutionStatus status = ExecutionStatus.RUNNING;
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (status == ExecutionStatus.RUNNING && System.nanoTime() < deadline) {
          status =
              sfn.get(alive.get(executionsWaited++ % 2))
                  .describeExecution(b -> b.executionArn(arn))
                  .status();
          if (status == ExecutionStatus.RUNNING) {
            Thread.sleep(200);
          }
        }
        assertThat(status).as(arn).isEqualTo(ExecutionStatus.SUCCEEDED);
      }
      double allDoneAfterKill = (System.nanoTime() - killedAt) / 1e9;
      System.out.printf(
          "cluster kill: %d messages (%d received twice), %d events (%d routed twice), %d"
              + " executions succeeded; %d calls refused around the kill; the load ended %.1f s,"
              + " every event was in %.1f s and every execution done %.1f s after the kill%n",
          sent.size(),
          twice(messages),
          put.size(),
          twice(routedEvents),
          started.size(),
          refused.get(),
          loadDoneAfterKill,
          eventsDoneAfterKill,
          allDoneAfterKill);
    }
  }

  private static void send(SqsClient sqs, String queue, String tag, Set<String> sent) {
    List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      entries.add(
          SendMessageBatchRequestEntry.builder()
              .id("m" + i)
              .messageBody("m-" + tag + "-" + i)
              .build());
    }
    var result = sqs.sendMessageBatch(b -> b.queueUrl(queue).entries(entries));
    for (var ok : result.successful()) {
      sent.add("m-" + tag + "-" + ok.id().substring(1));
    }
  }

  private static void put(EventBridgeClient events, String tag, Set<String> put) {
    List<PutEventsRequestEntry> entries = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      entries.add(
          PutEventsRequestEntry.builder()
              .source("cluster.kill")
              .detailType("Kill")
              .detail("{\"key\":\"e-" + tag + "-" + i + "\"}")
              .build());
    }
    List<PutEventsResultEntry> results = events.putEvents(b -> b.entries(entries)).entries();
    for (int i = 0; i < results.size(); i++) {
      if (results.get(i).errorCode() == null) {
        put.add("e-" + tag + "-" + i);
      }
    }
  }

  /**
   * Receives (and deletes) from {@code queue} through the given nodes in turn until every key in
   * {@code expected} was seen or patience runs out; returns how often each key was received.
   */
  private static Map<String, Integer> drain(
      List<SqsClient> through, String queue, Set<String> expected) throws Exception {
    Map<String, Integer> seen = new HashMap<>();
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    int turn = 0;
    while (!seen.keySet().containsAll(expected) && System.nanoTime() < deadline) {
      SqsClient sqs = through.get(turn++ % through.size());
      List<Message> messages =
          sqs.receiveMessage(b -> b.queueUrl(queue).maxNumberOfMessages(10).waitTimeSeconds(1))
              .messages();
      for (Message m : messages) {
        seen.merge(key(m.body()), 1, Integer::sum);
        sqs.deleteMessage(b -> b.queueUrl(queue).receiptHandle(m.receiptHandle()));
      }
    }
    return seen;
  }

  private static String key(String body) throws Exception {
    if (body.startsWith("m-")) {
      return body;
    }
    return JSON.readTree(body).path("detail").path("key").asText();
  }

  private static long twice(Map<String, Integer> counts) {
    return counts.values().stream().filter(n -> n > 1).count();
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
