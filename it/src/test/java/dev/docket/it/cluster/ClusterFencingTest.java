package dev.docket.it.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.ApiDestinationHttpMethod;
import software.amazon.awssdk.services.eventbridge.model.ConnectionAuthorizationType;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/**
 * Fencing, for real: two nodes on one PostgreSQL; a bus's router routes a batch to an HTTP endpoint
 * in this test, which pauses the routing node (SIGSTOP) the moment the first delivery arrives, so
 * the node is frozen in the middle of its batch holding the router's lease. The other node takes
 * the lease over once it expires (with a larger token) and routes the events again from the durable
 * cursor. When the paused node resumes, it finishes its batch and its cursor advance, fenced on its
 * old token, is refused: it stops routing, the new holder keeps the lease, and the cursor never
 * moves back. Every event reaches the endpoint; the paused node's batch is delivered twice (at
 * least once, never lost).
 */
class ClusterFencingTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BUS = "arn:aws:events:us-east-1:000000000000:event-bus/default";
  private static final String ROUTER = "router:" + BUS;
  private static final Duration PATIENCE = Duration.ofSeconds(60);

  @TempDir Path dir;
  private HttpServer endpoint;
  private final Map<String, AtomicInteger> received = new ConcurrentHashMap<>();
  private final AtomicBoolean first = new AtomicBoolean(true);
  private final AtomicReference<Runnable> onFirst = new AtomicReference<>(() -> {});

  @BeforeEach
  void endpoint() throws IOException {
    endpoint = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    endpoint.createContext(
        "/hook",
        exchange -> {
          try (InputStream body = exchange.getRequestBody()) {
            String id = JSON.readTree(body).path("id").asText();
            received.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
          }
          if (first.getAndSet(false)) {
            onFirst.get().run(); // freezes the node that sent this, before it hears the answer
          }
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    endpoint.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    endpoint.start();
  }

  @AfterEach
  void stop() {
    endpoint.stop(0);
  }

  @Test
  void aRouterPausedPastItsLeaseHasItsLateCursorAdvanceRefused() throws Exception {
    try (Cluster cluster = Cluster.start(2, dir)) {
      EventBridgeClient events = cluster.events(0);
      String connection =
          events
              .createConnection(
                  b ->
                      b.name("fence")
                          .authorizationType(ConnectionAuthorizationType.API_KEY)
                          .authParameters(
                              p ->
                                  p.apiKeyAuthParameters(
                                      a -> a.apiKeyName("x-api-key").apiKeyValue("k"))))
              .connectionArn();
      String destination =
          events
              .createApiDestination(
                  b ->
                      b.name("fence")
                          .connectionArn(connection)
                          .invocationEndpoint(
                              "http://127.0.0.1:" + endpoint.getAddress().getPort() + "/hook")
                          .httpMethod(ApiDestinationHttpMethod.POST))
              .apiDestinationArn();
      events.putRule(b -> b.name("fence").eventPattern("{\"source\":[\"cluster.fence\"]}"));
      events.putTargets(b -> b.rule("fence").targets(t -> t.id("hook").arn(destination)));

      AtomicReference<Cluster.Lease> pausedUnder = new AtomicReference<>();
      onFirst.set(
          () -> {
            Cluster.Lease holder = cluster.lease(ROUTER).orElseThrow();
            cluster.node(holder.node()).pause();
            pausedUnder.set(holder);
          });

      List<String> ids = new ArrayList<>(put(events, 10));
      ids.addAll(put(events, 10));
      await("the routing node to be paused mid-batch", () -> pausedUnder.get() != null);
      Cluster.Lease paused = pausedUnder.get();
      int other = 1 - paused.node();

      await(
          "node" + other + " to take the router's lease over",
          () -> cluster.lease(ROUTER).map(l -> l.node() == other).orElse(false));
      Cluster.Lease taken = cluster.lease(ROUTER).orElseThrow();
      assertThat(taken.token()).isGreaterThan(paused.token());
      await("every event to reach the endpoint", () -> received.keySet().containsAll(ids));
      long cursorWhileOtherRoutes = cluster.cursor(ROUTER);

      cluster.node(paused.node()).resume();
      Path log = cluster.node(paused.node()).logFile();
      await(
          "the resumed node to find its cursor advance refused",
          () -> read(log).contains("router of " + BUS + " lost its lease"));

      assertThat(cluster.lease(ROUTER).orElseThrow()).isEqualTo(taken);
      assertThat(cluster.cursor(ROUTER)).isGreaterThanOrEqualTo(cursorWhileOtherRoutes);
      // the resumed node routes no more: later events go through the new holder, once each
      List<String> later = put(cluster.events(paused.node()), 10);
      await("later events to reach the endpoint", () -> received.keySet().containsAll(later));
      long twice = ids.stream().filter(id -> received.get(id).get() > 1).count();
      System.out.printf(
          "fencing: node%d paused under token %d, node%d took over under token %d; %d of %d"
              + " events delivered twice, later events delivered %s%n",
          paused.node(),
          paused.token(),
          other,
          taken.token(),
          twice,
          ids.size(),
          later.stream().map(id -> received.get(id).get()).toList());
      assertThat(later).allSatisfy(id -> assertThat(received.get(id).get()).isEqualTo(1));
    }
  }

  private static List<String> put(EventBridgeClient events, int count) {
    List<PutEventsRequestEntry> entries = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      entries.add(
          PutEventsRequestEntry.builder()
              .source("cluster.fence")
              .detailType("Fence")
              .detail("{\"n\":" + i + "}")
              .build());
    }
    List<PutEventsResultEntry> results = events.putEvents(b -> b.entries(entries)).entries();
    assertThat(results).allSatisfy(r -> assertThat(r.errorCode()).isNull());
    return results.stream().map(PutEventsResultEntry::eventId).toList();
  }

  private static String read(Path log) {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "";
    }
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Gave up waiting for " + what + " after " + PATIENCE);
      }
      Thread.sleep(100);
    }
  }
}
