package dev.docket.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class RuleBookTest {

  private final InMemoryResources store = new InMemoryResources();
  private final RuleBook book = new RuleBook(store);

  @Test
  void rulesOfABusAreReadOnceAndServedFromTheSnapshot() {
    Rule rule = DocumentsTest.rule(List.of());
    store.create(Documents.newRecord(rule));

    List<Rule> first = book.rules(rule.busArn());
    List<Rule> second = book.rules(rule.busArn());

    assertThat(first).containsExactly(rule);
    assertThat(second).isSameAs(first);
    assertThat(store.lists).hasValue(1);
  }

  @Test
  void aChangeDropsTheSnapshotAndTellsTheListenersTheBus() {
    Rule rule = DocumentsTest.rule(List.of());
    List<String> told = new CopyOnWriteArrayList<>();
    book.addListener(told::add);
    assertThat(book.rules(rule.busArn())).isEmpty();

    store.create(Documents.newRecord(rule));
    book.changed(rule.busArn());

    assertThat(told).containsExactly(rule.busArn());
    assertThat(book.rules(rule.busArn())).containsExactly(rule);
  }

  @Test
  void aFailingListenerDoesNotKeepOthersFromBeingTold() {
    List<String> told = new CopyOnWriteArrayList<>();
    book.addListener(
        bus -> {
          throw new IllegalStateException("boom");
        });
    book.addListener(told::add);

    book.changed("bus");

    assertThat(told).containsExactly("bus");
  }

  @Test
  void rulesAreListedAcrossStorePages() {
    Rule template = DocumentsTest.rule(List.of());
    for (int i = 0; i < 250; i++) {
      String name = "r%03d".formatted(i);
      store.create(
          Documents.newRecord(
              new Rule(
                  name,
                  template.arn() + i,
                  template.busName(),
                  template.busArn(),
                  template.eventPattern(),
                  template.scheduleExpression(),
                  template.state(),
                  template.description(),
                  template.roleArn(),
                  template.managedBy(),
                  template.createdBy(),
                  template.createdAt(),
                  template.tags(),
                  template.targets())));
    }

    assertThat(book.rules(template.busArn())).hasSize(250);
  }
}
