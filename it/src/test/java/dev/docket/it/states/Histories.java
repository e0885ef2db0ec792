package dev.docket.it.states;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.GetExecutionHistoryResponse;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;

/**
 * Reads execution histories through GetExecutionHistory (every page) and checks what a replay after
 * a crash must never do to them: enter a state twice in the same strand, schedule a task again
 * while the previous attempt has no outcome (or after it succeeded), or leave a gap in the event
 * ids.
 *
 * <p>The strand of an event is found through {@code previousEventId}: the first event of a Parallel
 * branch or Map iteration points at its container's {@code ParallelStateStarted} / {@code
 * MapStateStarted}, every later event of the strand at the strand's previous event. A strand is
 * named by the path of its containers: the container state's name and either the iteration's index
 * ({@code MapIterationStarted}) or the branch's first state (so the branches of one Parallel must
 * start with distinct state names, as the tests' machines do). Keying strands by container name
 * rather than by event id makes a re-run container (a second {@code ParallelStateStarted} for one
 * entry) show up as states entered twice. Machines checked this way must not loop or retry
 * containers. Stateless.
 */
final class Histories {

  /** Page size of the reads: small, so that every history takes several pages. */
  static final int PAGE = 25;

  private static final Set<String> CONTAINER_STARTS =
      Set.of("ParallelStateStarted", "MapStateStarted");
  // events that follow a container's start event in the container's own strand
  private static final Set<String> CONTAINER_ENDS =
      Set.of(
          "ParallelStateSucceeded",
          "ParallelStateFailed",
          "ParallelStateAborted",
          "MapStateSucceeded",
          "MapStateFailed",
          "MapStateAborted",
          "MapRunStarted",
          "MapRunSucceeded",
          "MapRunFailed",
          "MapRunAborted");
  private static final List<String> TASK_PREFIXES = List.of("Task", "Activity", "LambdaFunction");
  private static final Set<String> EXECUTION_ENDS =
      Set.of("ExecutionSucceeded", "ExecutionFailed", "ExecutionAborted", "ExecutionTimedOut");

  private Histories() {}

  /** The whole history, oldest first, read {@link #PAGE} events at a time. */
  static List<HistoryEvent> read(SfnClient sfn, String executionArn) {
    List<HistoryEvent> events = new ArrayList<>();
    String token = null;
    do {
      String next = token;
      GetExecutionHistoryResponse page =
          sfn.getExecutionHistory(
              r -> r.executionArn(executionArn).maxResults(PAGE).nextToken(next));
      events.addAll(page.events());
      token = page.nextToken();
    } while (token != null);
    return events;
  }

  /** The first event of {@code type} for state {@code name} (entered or exited events only). */
  static Optional<HistoryEvent> stateEvent(List<HistoryEvent> history, String type, String name) {
    return history.stream()
        .filter(e -> e.typeAsString().equals(type) && name.equals(stateName(e)))
        .findFirst();
  }

  /** The name in a StateEntered / StateExited event, else null. */
  static String stateName(HistoryEvent event) {
    if (event.stateEnteredEventDetails() != null) {
      return event.stateEnteredEventDetails().name();
    }
    if (event.stateExitedEventDetails() != null) {
      return event.stateExitedEventDetails().name();
    }
    return null;
  }

  /** Every event with the path of its strand, as the class comment defines it. */
  static Map<Long, String> strands(List<HistoryEvent> history) {
    Map<Long, HistoryEvent> byId = new HashMap<>();
    Map<Long, String> strand = new HashMap<>();
    // the state whose events an event belongs to (the container's name for its start event)
    Map<Long, String> state = new HashMap<>();
    for (HistoryEvent event : history) {
      byId.put(event.id(), event);
      long previousId = event.previousEventId() == null ? 0 : event.previousEventId();
      HistoryEvent previous = byId.get(previousId);
      String path;
      String owner;
      if (previous == null) {
        path = "";
        owner = "";
      } else if (CONTAINER_STARTS.contains(previous.typeAsString())
          && !CONTAINER_ENDS.contains(event.typeAsString())
          && !CONTAINER_STARTS.contains(event.typeAsString())) {
        String container = state.get(previous.id());
        String child;
        if (event.mapIterationStartedEventDetails() != null) {
          child = "[" + event.mapIterationStartedEventDetails().index() + "]";
        } else if (event.stateEnteredEventDetails() != null) {
          child = "{" + event.stateEnteredEventDetails().name() + "}";
        } else {
          child = "<" + event.typeAsString() + ">";
        }
        path = strand.get(previous.id()) + "/" + container + child;
        owner = "";
      } else {
        path = strand.get(previous.id());
        owner = state.get(previous.id());
      }
      String name = stateName(event);
      if (name != null && event.typeAsString().endsWith("StateEntered")) {
        owner = name;
      }
      strand.put(event.id(), path);
      state.put(event.id(), owner);
    }
    return strand;
  }

  /**
   * What is wrong with a finished execution's history, one line each (empty if nothing): ids not
   * 1..n, dangling previous ids, a state entered or exited twice in one strand, a task scheduled
   * twice without a failed outcome in between, a task outcome without a schedule, a missing or
   * misplaced end event.
   */
  static List<String> violations(List<HistoryEvent> history) {
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < history.size(); i++) {
      HistoryEvent event = history.get(i);
      if (event.id() != i + 1) {
        problems.add("event #" + (i + 1) + " has id " + event.id() + " (ids must be 1..n)");
        return problems;
      }
      long previous = event.previousEventId() == null ? 0 : event.previousEventId();
      if (previous < 0 || previous >= event.id()) {
        problems.add("event " + event.id() + " has previousEventId " + previous);
      }
    }
    if (history.isEmpty()) {
      problems.add("empty history");
      return problems;
    }
    Map<Long, String> strands = strands(history);
    Map<String, Long> entered = new HashMap<>();
    Map<String, Long> exited = new HashMap<>();
    Map<String, Long> iterations = new HashMap<>();
    Map<String, TaskState> tasks = new HashMap<>();
    int ends = 0;
    for (HistoryEvent event : history) {
      String type = event.typeAsString();
      String strand = strands.get(event.id());
      String where = " in strand '" + strand + "'";
      if (type.endsWith("StateEntered")) {
        String key = strand + " " + stateName(event);
        Long first = entered.putIfAbsent(key, event.id());
        if (first != null) {
          problems.add(
              "state "
                  + stateName(event)
                  + " entered twice"
                  + where
                  + ": events "
                  + first
                  + " and "
                  + event.id());
        }
        TaskState task = tasks.get(strand);
        if (task != null && task.open != 0) {
          problems.add(
              "state "
                  + stateName(event)
                  + " entered at "
                  + event.id()
                  + " while task scheduled at "
                  + task.open
                  + " has no outcome"
                  + where);
        }
        tasks.put(strand, new TaskState());
      } else if (type.endsWith("StateExited")) {
        Long first = exited.putIfAbsent(strand + " " + stateName(event), event.id());
        if (first != null) {
          problems.add(
              "state "
                  + stateName(event)
                  + " exited twice"
                  + where
                  + ": events "
                  + first
                  + " and "
                  + event.id());
        }
      } else if (type.equals("MapIterationStarted")) {
        Long first = iterations.putIfAbsent(strand, event.id());
        if (first != null) {
          problems.add(
              "iteration started twice" + where + ": events " + first + " and " + event.id());
        }
      } else if (EXECUTION_ENDS.contains(type)) {
        ends++;
        if (event.id() != history.size()) {
          problems.add(type + " at " + event.id() + " is not the last event");
        }
      } else {
        taskEvent(event, type, where, tasks.computeIfAbsent(strand, s -> new TaskState()))
            .ifPresent(problems::add);
      }
    }
    if (ends != 1) {
      problems.add(ends + " execution end events");
    }
    return problems;
  }

  /** A strand's task bookkeeping within its current state. */
  private static final class TaskState {
    long open;
    boolean started;
    boolean submitted;
    boolean succeeded;
  }

  private static Optional<String> taskEvent(
      HistoryEvent event, String type, String where, TaskState task) {
    String prefix = TASK_PREFIXES.stream().filter(type::startsWith).findFirst().orElse(null);
    if (prefix == null) {
      return Optional.empty();
    }
    String what = type.substring(prefix.length());
    long id = event.id();
    switch (what) {
      case "Scheduled" -> {
        if (task.open != 0) {
          return Optional.of(
              type + " at " + id + " while the one at " + task.open + " has no outcome" + where);
        }
        if (task.succeeded) {
          return Optional.of(type + " at " + id + " after the task succeeded" + where);
        }
        task.open = id;
        task.started = false;
        task.submitted = false;
      }
      case "Started", "Submitted" -> {
        if (task.open == 0) {
          return Optional.of(type + " at " + id + " without a scheduled task" + where);
        }
        boolean again = what.equals("Started") ? task.started : task.submitted;
        if (again) {
          return Optional.of(type + " at " + id + " twice for the task at " + task.open + where);
        }
        if (what.equals("Started")) {
          task.started = true;
        } else {
          task.submitted = true;
        }
      }
      case "Succeeded", "Failed", "TimedOut", "ScheduleFailed", "StartFailed", "SubmitFailed" -> {
        if (task.open == 0) {
          return Optional.of(type + " at " + id + " without a scheduled task" + where);
        }
        task.open = 0;
        task.succeeded = what.equals("Succeeded");
      }
      default -> {
        // other task events (none today) carry no lifecycle
      }
    }
    return Optional.empty();
  }
}
