package dev.docket.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docket.model.RequestContext;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class TargetOperationsTest {

  private static final RequestContext CONTEXT =
      new RequestContext("req", "123456789012", "us-east-1", "http://localhost", Instant.EPOCH);

  private final InMemoryResources store = new InMemoryResources();
  private final Clock clock = Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);
  private final RuleBook book = new RuleBook(store);
  private final BusDirectory buses = new BusDirectory(store, clock);
  private final RuleOperations rules =
      new RuleOperations(store, buses, book, ScheduledRulesTest.unused(clock), clock);
  private final TargetOperations targets = new TargetOperations(store, buses, book);

  private static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  private void putRule(String name) {
    rules.put(object().put("Name", name).put("EventPattern", "{\"source\":[\"a\"]}"), CONTEXT);
  }

  private JsonNode putTarget(String rule, String id) {
    ObjectNode input = object().put("Rule", rule);
    input
        .putArray("Targets")
        .addObject()
        .put("Id", id)
        .put("Arn", "arn:aws:sqs:us-east-1:123456789012:q");
    return targets.put(input, CONTEXT);
  }

  @Test
  void concurrentPutTargetsOnOneRuleLoseNoTarget() throws Exception {
    putRule("busy");
    int writers = 5;
    CountDownLatch start = new CountDownLatch(1);
    List<Future<JsonNode>> answers = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < writers; i++) {
        String id = "t" + i;
        answers.add(
            pool.submit(
                () -> {
                  start.await();
                  return putTarget("busy", id);
                }));
      }
      start.countDown();
    }

    Set<String> failed = new HashSet<>();
    for (Future<JsonNode> answer : answers) {
      answer.get().path("FailedEntries").forEach(e -> failed.add(e.path("TargetId").asText()));
    }
    Set<String> kept = new HashSet<>();
    book.rules(Arns.bus("us-east-1", "123456789012", "default"))
        .getFirst()
        .targets()
        .forEach(t -> kept.add(t.id()));

    Set<String> all = new HashSet<>(kept);
    all.addAll(failed);
    assertThat(all).as("each target either kept or reported, never both").hasSize(writers);
    assertThat(kept.size() + failed.size()).isEqualTo(writers);
  }

  @Test
  void failedEntriesAreEmptyOnSuccess() {
    putRule("calm");

    JsonNode answer = putTarget("calm", "t");

    assertThat(answer.path("FailedEntryCount").asInt()).isZero();
    assertThat(answer.path("FailedEntries").isArray()).isTrue();
    assertThat(answer.path("FailedEntries")).isEmpty();
  }

  @Test
  void everyTargetChangeTellsTheRuleBookListeners() {
    putRule("watched");
    List<String> told = new ArrayList<>();
    book.addListener(told::add);

    putTarget("watched", "t");
    targets.remove(
        object().put("Rule", "watched").set("Ids", JsonNodeFactory.instance.arrayNode().add("t")),
        CONTEXT);

    assertThat(told)
        .containsExactly(
            Arns.bus("us-east-1", "123456789012", "default"),
            Arns.bus("us-east-1", "123456789012", "default"));
  }
}
