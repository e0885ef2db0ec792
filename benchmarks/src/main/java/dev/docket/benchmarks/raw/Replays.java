package dev.docket.benchmarks.raw;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code replay} scenario: fills an archive with {@code --events} events of ~{@code
 * --body-bytes} (untimed, {@code --connections} producers), then puts {@code --rules} rules over
 * {@code --queues} queues on the bus (after the fill, so only the replay delivers to them), starts
 * one replay of the whole archive and polls it until it ends. Reports replayed events per second by
 * the server's own ReplayStartTime / ReplayEndTime and by the client's clock, the server's CPU per
 * replayed event, and the messages the replay put into the queues. Not thread-safe.
 */
final class Replays {

  private final RawLoad load;
  private final Setup setup;

  Replays(RawLoad load, Setup setup) {
    this.load = load;
    this.setup = setup;
  }

  int run() throws Exception {
    String bus = "replay-" + System.currentTimeMillis();
    setup.bus(bus, 0, 0);
    String busArn =
        setup
            .call(RawLoad.EVENTS, "AWSEvents.DescribeEventBus", node().put("Name", bus))
            .path("Arn")
            .asText();
    String archiveArn =
        setup
            .call(
                RawLoad.EVENTS,
                "AWSEvents.CreateArchive",
                node().put("ArchiveName", bus).put("EventSourceArn", busArn))
            .path("ArchiveArn")
            .asText();
    Instant from = Instant.now().minusSeconds(60);
    long fill0 = System.nanoTime();
    fill(bus);
    awaitArchived(bus);
    double fillSeconds = (System.nanoTime() - fill0) / 1e9;
    List<String> urls = List.of();
    if (load.rules > 0 && load.queues > 0) {
      urls = setup.rules(bus, load.rules, load.queues);
    } else if (load.rules > 0) {
      unmatched(bus, load.rules);
    }

    Duration cpu0 = load.serverCpu();
    long t0 = System.nanoTime();
    ObjectNode start =
        node()
            .put("ReplayName", bus)
            .put("EventSourceArn", archiveArn)
            .put("EventStartTime", from.getEpochSecond())
            .put("EventEndTime", Instant.now().getEpochSecond());
    start.putObject("Destination").put("Arn", busArn);
    setup.call(RawLoad.EVENTS, "AWSEvents.StartReplay", start);
    JsonNode replay;
    do {
      Thread.sleep(20);
      replay =
          setup.call(RawLoad.EVENTS, "AWSEvents.DescribeReplay", node().put("ReplayName", bus));
    } while (!List.of("COMPLETED", "FAILED", "CANCELLED").contains(replay.path("State").asText()));
    double clientSeconds = (System.nanoTime() - t0) / 1e9;
    Duration cpu = load.serverCpu().minus(cpu0);
    double serverSeconds =
        replay.path("ReplayEndTime").asDouble() - replay.path("ReplayStartTime").asDouble();
    long delivered = 0;
    for (String url : urls) {
      ObjectNode attributes = node().put("QueueUrl", url);
      attributes.putArray("AttributeNames").add("ApproximateNumberOfMessages");
      delivered +=
          setup
              .call(RawLoad.SQS, "AmazonSQS.GetQueueAttributes", attributes)
              .path("Attributes")
              .path("ApproximateNumberOfMessages")
              .asLong();
    }
    int events = load.events;
    System.out.printf(
        Locale.ROOT,
        "%s replay: %,d events of ~%d bytes, %d rules over %d queues; state %s%n"
            + "  fill (PutEvents + archiving, untimed): %.1f s%n"
            + "  replayed/s: %,.0f by ReplayStart/EndTime (%.2f s), %,.0f by the client (%.2f s)%n"
            + "  server CPU: %.1f µs per replayed event; messages delivered to queues: %,d%n",
        load.label.isEmpty() ? "docket" : load.label,
        events,
        load.bodyBytes,
        load.rules,
        load.queues,
        replay.path("State").asText(),
        fillSeconds,
        events / serverSeconds,
        serverSeconds,
        events / clientSeconds,
        clientSeconds,
        cpu.toNanos() / 1000.0 / events,
        delivered);
    return replay.path("State").asText().equals("COMPLETED") ? 0 : 1;
  }

  /**
   * {@code --queues 0}: rules whose pattern matches none of the events (their target is a queue
   * that does not exist), so the replay parses and matches every event but delivers nothing; this
   * measures the replay itself without the targets' cost.
   */
  private void unmatched(String bus, int rules) throws IOException {
    for (int i = 0; i < rules; i++) {
      String rule = "r" + i;
      // pattern i + rules matches only detail.n == i + rules, which no event has
      String pattern = Setup.pattern(i + rules);
      setup.call(
          RawLoad.EVENTS,
          "AWSEvents.PutRule",
          node().put("Name", rule).put("EventBusName", bus).put("EventPattern", pattern));
      ObjectNode targets = node().put("Rule", rule).put("EventBusName", bus);
      targets
          .putArray("Targets")
          .addObject()
          .put("Id", "t")
          .put("Arn", "arn:aws:sqs:us-east-1:000000000000:no-such-queue");
      setup.call(RawLoad.EVENTS, "AWSEvents.PutTargets", targets);
    }
  }

  /** PutEvents of {@code --events} events, {@code --batch} per request, over the connections. */
  private void fill(String bus) throws InterruptedException {
    int requests = (load.events + load.batch - 1) / load.batch;
    int producers = Math.max(1, load.connections);
    List<Thread> threads = new ArrayList<>();
    List<Exception> failures = new ArrayList<>();
    for (int w = 0; w < producers; w++) {
      int share = requests / producers + (w < requests % producers ? 1 : 0);
      RawRequest template = putEvents(bus, w);
      threads.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      setup.prefill(null, template, share);
                    } catch (IOException e) {
                      synchronized (failures) {
                        failures.add(e);
                      }
                    }
                  }));
    }
    for (Thread thread : threads) {
      thread.join();
    }
    if (!failures.isEmpty()) {
      throw new IllegalStateException("fill failed", failures.getFirst());
    }
  }

  private void awaitArchived(String archive) throws IOException, InterruptedException {
    long count = (long) ((load.events + load.batch - 1) / load.batch) * load.batch;
    while (setup
            .call(RawLoad.EVENTS, "AWSEvents.DescribeArchive", node().put("ArchiveName", archive))
            .path("EventCount")
            .asLong()
        < count) {
      Thread.sleep(100);
    }
  }

  /** Entries cycle through {@code detail.n} values so that each matches one of the rules. */
  private RawRequest putEvents(String bus, int w) {
    int rules = Math.max(1, load.rules);
    ObjectNode body = node();
    ArrayNode entries = body.putArray("Entries");
    for (int e = 0; e < load.batch; e++) {
      int n = (w * load.batch + e) % rules;
      ObjectNode detail = node();
      detail.put("m", RawLoad.MARK + RawRequest.SLOT);
      detail.put("n", n);
      detail.put("key", "k" + n + "-" + n);
      detail.put("w", w);
      detail.put("pad", "x".repeat(Math.max(0, load.bodyBytes - detail.toString().length() - 40)));
      entries
          .addObject()
          .put("EventBusName", bus)
          .put("Source", "load.gen")
          .put("DetailType", "type" + n)
          .put("Detail", detail.toString());
    }
    return RawRequest.json(load.host(), RawLoad.EVENTS, "AWSEvents.PutEvents", body.toString());
  }

  private static ObjectNode node() {
    return RawLoad.JSON.createObjectNode();
  }
}
