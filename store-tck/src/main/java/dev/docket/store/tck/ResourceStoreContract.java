package dev.docket.store.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.docket.store.ResourceRecord;
import dev.docket.store.ResourceStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Versioned resource documents: create once, get, list under a parent in name order with a prefix
 * and a page token, replace and delete naming the version read (optimistic concurrency).
 */
public abstract class ResourceStoreContract extends StoreContract {

  private static final String KIND = "test.rule";
  private static final String BUS = "arn:aws:events:us-east-1:000000000000:event-bus/default";
  private static final String OTHER_BUS = "arn:aws:events:us-east-1:000000000000:event-bus/other";

  @Test
  void createdResourceIsReturnedByGet() {
    ResourceRecord rule = rule(BUS, "r1");

    boolean created = resources().create(rule);

    assertThat(created).isTrue();
    assertThat(resources().get(KIND, rule.id())).contains(rule);
  }

  @Test
  void secondCreateOfTheSameIdFailsAndKeepsTheFirst() {
    ResourceRecord first = rule(BUS, "r1");
    resources().create(first);

    boolean again =
        resources().create(new ResourceRecord(KIND, first.id(), BUS, "r1", 1, "{\"second\":true}"));

    assertThat(again).isFalse();
    assertThat(resources().get(KIND, first.id())).contains(first);
  }

  @Test
  void createOfANameTakenUnderTheSameParentFails() {
    resources().create(rule(BUS, "r1"));

    boolean clash = resources().create(new ResourceRecord(KIND, "another-id", BUS, "r1", 1, "{}"));

    assertThat(clash).isFalse();
    assertThat(resources().get(KIND, "another-id")).isEmpty();
  }

  @Test
  void createRequiresVersionOne() {
    ResourceRecord rule = rule(BUS, "r1").next("{}");

    assertThatThrownBy(() -> resources().create(rule)).isInstanceOf(IllegalArgumentException.class);
    assertThat(resources().get(KIND, rule.id())).isEmpty();
  }

  @Test
  void kindIsTheNamespaceOfIds() {
    ResourceRecord rule = rule(BUS, "r1");
    ResourceRecord sameIdOtherKind =
        new ResourceRecord("test.other", rule.id(), BUS, "r1", 1, "{\"other\":true}");

    resources().create(rule);
    boolean created = resources().create(sameIdOtherKind);

    assertThat(created).isTrue();
    assertThat(resources().get(KIND, rule.id())).contains(rule);
    assertThat(resources().get("test.other", rule.id())).contains(sameIdOtherKind);
    assertThat(resources().get(KIND, "missing")).isEmpty();
  }

  @Test
  void listReturnsOneKindUnderOneParentInNameOrder() {
    for (String name : List.of("b", "a", "c-2", "c-10", "B")) {
      resources().create(rule(BUS, name));
    }
    resources().create(rule(OTHER_BUS, "a0"));
    resources().create(new ResourceRecord("test.other", "x", BUS, "a1", 1, "{}"));

    List<ResourceRecord> all = resources().list(KIND, BUS, "", "", 100);

    assertThat(names(all)).containsExactly("B", "a", "b", "c-10", "c-2");
    assertThat(all.getFirst()).isEqualTo(rule(BUS, "B"));
  }

  @Test
  void listFiltersByNamePrefix() {
    for (String name : List.of("a", "ab", "abc", "abd", "ac", "b")) {
      resources().create(rule(BUS, name));
    }

    assertThat(names(resources().list(KIND, BUS, "ab", "", 100)))
        .containsExactly("ab", "abc", "abd");
    assertThat(names(resources().list(KIND, BUS, "abc", "", 100))).containsExactly("abc");
    assertThat(names(resources().list(KIND, BUS, "z", "", 100))).isEmpty();
  }

  @Test
  void listPagesStrictlyAfterANameUpToTheLimit() {
    for (String name : List.of("e", "d", "c", "b", "a")) {
      resources().create(rule(BUS, name));
    }

    List<String> first = names(resources().list(KIND, BUS, "", "", 2));
    List<String> second = names(resources().list(KIND, BUS, "", first.getLast(), 2));
    List<String> third = names(resources().list(KIND, BUS, "", second.getLast(), 2));
    List<String> afterMissingName = names(resources().list(KIND, BUS, "", "bb", 10));

    assertThat(first).containsExactly("a", "b");
    assertThat(second).containsExactly("c", "d");
    assertThat(third).containsExactly("e");
    assertThat(afterMissingName).containsExactly("c", "d", "e");
    assertThat(resources().list(KIND, BUS, "", "", 0)).isEmpty();
  }

  @Test
  void listCombinesPrefixAndPageToken() {
    for (String name : List.of("a", "p1", "p2", "p3", "q")) {
      resources().create(rule(BUS, name));
    }

    assertThat(names(resources().list(KIND, BUS, "p", "p1", 10))).containsExactly("p2", "p3");
    assertThat(names(resources().list(KIND, BUS, "p", "a", 10))).containsExactly("p1", "p2", "p3");
    assertThat(names(resources().list(KIND, BUS, "p", "p3", 10))).isEmpty();
    assertThat(names(resources().list(KIND, BUS, "p", "", 1))).containsExactly("p1");
  }

  @Test
  void replaceWithTheVersionReadStoresTheNextVersion() {
    ResourceRecord rule = rule(BUS, "r1");
    resources().create(rule);
    ResourceRecord read = resources().get(KIND, rule.id()).orElseThrow();

    boolean replaced = resources().replace(read.next("{\"state\":\"DISABLED\"}"));

    assertThat(replaced).isTrue();
    ResourceRecord stored = resources().get(KIND, rule.id()).orElseThrow();
    assertThat(stored.version()).isEqualTo(2);
    assertThat(stored.document()).isEqualTo("{\"state\":\"DISABLED\"}");
    assertThat(resources().list(KIND, BUS, "", "", 10)).containsExactly(stored);
  }

  @Test
  void replaceWithAStaleVersionFailsAndChangesNothing() {
    ResourceRecord rule = rule(BUS, "r1");
    resources().create(rule);
    resources().replace(rule.next("{\"by\":\"first\"}"));

    boolean stale = resources().replace(rule.next("{\"by\":\"second\"}"));
    boolean ahead = resources().replace(rule.next("{}").next("{}").next("{\"ahead\":1}"));

    assertThat(stale).isFalse();
    assertThat(ahead).isFalse();
    ResourceRecord stored = resources().get(KIND, rule.id()).orElseThrow();
    assertThat(stored.version()).isEqualTo(2);
    assertThat(stored.document()).isEqualTo("{\"by\":\"first\"}");
  }

  @Test
  void replaceOfAMissingResourceFails() {
    ResourceRecord rule = rule(BUS, "r1");

    assertThat(resources().replace(rule.next("{}"))).isFalse();
    assertThat(resources().get(KIND, rule.id())).isEmpty();
  }

  @Test
  void deleteWithTheCurrentVersionRemovesTheResource() {
    ResourceRecord rule = rule(BUS, "r1");
    resources().create(rule);
    resources().replace(rule.next("{}"));

    boolean deleted = resources().delete(KIND, rule.id(), 2);

    assertThat(deleted).isTrue();
    assertThat(resources().get(KIND, rule.id())).isEmpty();
    assertThat(resources().list(KIND, BUS, "", "", 10)).isEmpty();
    assertThat(resources().delete(KIND, rule.id(), 2)).isFalse();
    assertThat(resources().create(rule)).isTrue();
  }

  @Test
  void deleteWithAStaleVersionFailsAndKeepsTheResource() {
    ResourceRecord rule = rule(BUS, "r1");
    resources().create(rule);
    resources().replace(rule.next("{\"v\":2}"));

    boolean deleted = resources().delete(KIND, rule.id(), 1);

    assertThat(deleted).isFalse();
    assertThat(resources().get(KIND, rule.id())).map(ResourceRecord::version).contains(2L);
  }

  @Test
  void ofRacingReplacesOfTheSameVersionExactlyOneWins() throws Exception {
    ResourceRecord rule = rule(BUS, "r1");
    resources().create(rule);
    int racers = 8;
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Boolean>> results = new ArrayList<>();

    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < racers; i++) {
        String document = "{\"writer\":" + i + "}";
        results.add(
            executor.submit(
                () -> {
                  start.await();
                  return resources().replace(rule.next(document));
                }));
      }
      start.countDown();
    }

    List<Integer> winners = new ArrayList<>();
    for (int i = 0; i < racers; i++) {
      if (results.get(i).get()) {
        winners.add(i);
      }
    }
    assertThat(winners).hasSize(1);
    ResourceRecord stored = resources().get(KIND, rule.id()).orElseThrow();
    assertThat(stored.version()).isEqualTo(2);
    assertThat(stored.document()).isEqualTo("{\"writer\":" + winners.getFirst() + "}");
  }

  private ResourceStore resources() {
    return store.resources();
  }

  private static ResourceRecord rule(String bus, String name) {
    String id = "arn:aws:events:us-east-1:000000000000:rule/" + bus.hashCode() + "/" + name;
    return new ResourceRecord(KIND, id, bus, name, 1, "{\"Name\":\"" + name + "\"}");
  }

  private static List<String> names(List<ResourceRecord> records) {
    return records.stream().map(ResourceRecord::name).toList();
  }
}
