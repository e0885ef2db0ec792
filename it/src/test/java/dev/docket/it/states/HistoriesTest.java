package dev.docket.it.states;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.MapIterationEventDetails;
import software.amazon.awssdk.services.sfn.model.StateEnteredEventDetails;
import software.amazon.awssdk.services.sfn.model.StateExitedEventDetails;

/** The crash test's history checks find what they must, on histories written by hand. */
class HistoriesTest {

  @Test
  void aCleanHistoryWithBranchesIterationsAndARetryHasNoViolations() {
    History h = new History();
    long started = h.add(0, "ExecutionStarted");
    long fan = h.entered(started, "Parallel", "Fan");
    long fanStarted = h.add(fan, "ParallelStateStarted");
    long work = h.entered(fanStarted, "Task", "Work");
    long items = h.entered(fanStarted, "Map", "Items");
    long scheduled = h.add(work, "TaskScheduled");
    long mapStarted = h.add(items, "MapStateStarted");
    long first = h.iteration(mapStarted, 0);
    long second = h.iteration(mapStarted, 1);
    long wait0 = h.entered(first, "Wait", "ItemWait");
    long wait1 = h.entered(second, "Wait", "ItemWait");
    long failed = h.add(scheduled, "TaskFailed");
    long retried = h.add(failed, "TaskScheduled");
    long succeeded = h.add(retried, "TaskSucceeded");
    h.exited(succeeded, "Task", "Work");
    long exit0 = h.exited(wait0, "Wait", "ItemWait");
    long exit1 = h.exited(wait1, "Wait", "ItemWait");
    h.add(exit0, "MapIterationSucceeded");
    h.add(exit1, "MapIterationSucceeded");
    long mapDone = h.add(mapStarted, "MapStateSucceeded");
    h.exited(mapDone, "Map", "Items");
    long fanDone = h.add(fanStarted, "ParallelStateSucceeded");
    long fanExit = h.exited(fanDone, "Parallel", "Fan");
    h.add(fanExit, "ExecutionSucceeded");

    assertThat(Histories.violations(h.events)).isEmpty();
    assertThat(Histories.strands(h.events))
        .containsEntry(wait0, "/Fan{Items}/Items[0]")
        .containsEntry(wait1, "/Fan{Items}/Items[1]")
        .containsEntry(succeeded, "/Fan{Work}")
        .containsEntry(fanDone, "");
  }

  @Test
  void anIterationRunTwiceEntersItsStatesTwice() {
    History h = new History();
    long started = h.add(0, "ExecutionStarted");
    long map = h.entered(started, "Map", "Items");
    long mapStarted = h.add(map, "MapStateStarted");
    h.entered(h.iteration(mapStarted, 0), "Wait", "ItemWait");
    h.entered(h.iteration(mapStarted, 1), "Wait", "ItemWait");
    long again = h.entered(h.iteration(mapStarted, 0), "Wait", "ItemWait");
    h.add(again, "ExecutionFailed");

    assertThat(Histories.violations(h.events))
        .anyMatch(v -> v.startsWith("state ItemWait entered twice in strand '/Items[0]'"))
        .anyMatch(v -> v.startsWith("iteration started twice in strand '/Items[0]'"))
        .noneMatch(v -> v.contains("'/Items[1]'"));
  }

  @Test
  void aParallelStartedTwiceInOneEntryEntersItsBranchesTwice() {
    History h = new History();
    long started = h.add(0, "ExecutionStarted");
    long fan = h.entered(started, "Parallel", "Fan");
    long once = h.add(fan, "ParallelStateStarted");
    h.entered(once, "Pass", "A");
    long twice = h.add(once, "ParallelStateStarted");
    long a = h.entered(twice, "Pass", "A");
    h.add(a, "ExecutionFailed");

    assertThat(Histories.violations(h.events))
        .anyMatch(v -> v.startsWith("state A entered twice in strand '/Fan{A}'"));
  }

  @Test
  void aTaskScheduledAgainWithoutAnOutcomeOrAfterSuccessIsAViolation() {
    History h = new History();
    long started = h.add(0, "ExecutionStarted");
    long work = h.entered(started, "Task", "Work");
    long scheduled = h.add(work, "ActivityScheduled");
    long started1 = h.add(scheduled, "ActivityStarted");
    long again = h.add(started1, "ActivityScheduled");
    long succeeded = h.add(again, "ActivitySucceeded");
    long third = h.add(succeeded, "ActivityScheduled");
    h.add(third, "ExecutionFailed");

    assertThat(Histories.violations(h.events))
        .anyMatch(v -> v.startsWith("ActivityScheduled at 5 while the one at 3 has no outcome"))
        .anyMatch(v -> v.startsWith("ActivityScheduled at 7 after the task succeeded"));
  }

  @Test
  void idsMustBeOneToNAndTheEndEventLast() {
    History h = new History();
    long started = h.add(0, "ExecutionStarted");
    h.add(started, "ExecutionSucceeded");
    h.add(started, "PassStateEntered");
    assertThat(Histories.violations(h.events))
        .containsExactly("ExecutionSucceeded at 2 is not the last event");

    List<HistoryEvent> gap = new ArrayList<>(h.events.subList(0, 1));
    gap.add(h.events.get(1).toBuilder().id(3L).build());
    assertThat(Histories.violations(gap)).containsExactly("event #2 has id 3 (ids must be 1..n)");
  }

  /** A history written event by event; each method returns the new event's id. */
  private static final class History {
    final List<HistoryEvent> events = new ArrayList<>();

    long add(long previous, String type) {
      return add(HistoryEvent.builder().type(type).previousEventId(previous));
    }

    long entered(long previous, String kind, String name) {
      return add(
          HistoryEvent.builder()
              .type(kind + "StateEntered")
              .previousEventId(previous)
              .stateEnteredEventDetails(StateEnteredEventDetails.builder().name(name).build()));
    }

    long exited(long previous, String kind, String name) {
      return add(
          HistoryEvent.builder()
              .type(kind + "StateExited")
              .previousEventId(previous)
              .stateExitedEventDetails(StateExitedEventDetails.builder().name(name).build()));
    }

    long iteration(long previous, int index) {
      return add(
          HistoryEvent.builder()
              .type("MapIterationStarted")
              .previousEventId(previous)
              .mapIterationStartedEventDetails(
                  MapIterationEventDetails.builder().name("Items").index(index).build()));
    }

    private long add(HistoryEvent.Builder builder) {
      long id = events.size() + 1;
      events.add(builder.id(id).timestamp(Instant.EPOCH.plusSeconds(id)).build());
      return id;
    }
  }
}
