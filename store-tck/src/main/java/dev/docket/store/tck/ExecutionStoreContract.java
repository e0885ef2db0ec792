package dev.docket.store.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.docket.store.ExecutionRecord;
import dev.docket.store.ExecutionStore;
import dev.docket.store.ExecutionWrite;
import dev.docket.store.HistoryRecord;
import dev.docket.store.Lease;
import dev.docket.store.TaskToken;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * State-machine executions: create once with the first events, get, list a machine's executions
 * newest first (ties by ARN descending) with a status filter and key pagination, RUNNING ones for
 * resumption; fenced appends of events, columns and token changes, all or nothing; history pages
 * both ways; delete with history and tokens; retention of closed executions (oldest first, never a
 * RUNNING one); task tokens completed once, heartbeats, and activity claims that hand every task to
 * exactly one worker.
 */
public abstract class ExecutionStoreContract extends StoreContract {

  /** The state machine most cases run. */
  protected static final String MACHINE = "arn:aws:states:us-east-1:000000000000:stateMachine:m";

  /** Another state machine, whose executions a listing of {@link #MACHINE} never shows. */
  protected static final String OTHER_MACHINE =
      "arn:aws:states:us-east-1:000000000000:stateMachine:other";

  /** The activity most activity tasks belong to. */
  protected static final String ACTIVITY = "arn:aws:states:us-east-1:000000000000:activity:review";

  private static final String OTHER_ACTIVITY =
      "arn:aws:states:us-east-1:000000000000:activity:other";

  // create and get

  @Test
  void createdExecutionIsReturnedByGetWithItsFirstEventsAndNoTokens() {
    ExecutionRecord execution = running(MACHINE, "e1", at(1), 2);
    List<HistoryRecord> events =
        List.of(event(1, "ExecutionStarted"), event(2, "PassStateEntered"));

    boolean created = executions().create(execution, events);

    assertThat(created).isTrue();
    assertThat(executions().get(execution.arn())).contains(execution);
    assertThat(executions().history(execution.arn(), 0, 100)).isEqualTo(events);
    assertThat(executions().tokensOf(execution.arn())).isEmpty();
    assertThat(executions().get(arn(MACHINE, "missing"))).isEmpty();
  }

  @Test
  void everyFieldOfAFinishedExecutionIsStoredAsGiven() {
    ExecutionRecord execution =
        new ExecutionRecord(
            arn(MACHINE, "done"),
            MACHINE,
            "done",
            "SUCCEEDED",
            at(1).plusMillis(125),
            Optional.of(at(2).plusMillis(7)),
            1,
            "{\"input\":\"é\",\"output\":{\"n\":1}}");
    HistoryRecord started =
        new HistoryRecord(1, 0, "0#0", "ExecutionStarted", at(1).plusMillis(125), "{\"k\":\"ü\"}");

    executions().create(execution, List.of(started));

    assertThat(executions().get(execution.arn())).contains(execution);
    assertThat(executions().history(execution.arn(), 0, 10)).containsExactly(started);
  }

  @Test
  void secondCreateOfTheSameArnFailsAndChangesNothing() {
    ExecutionRecord first = running(MACHINE, "e1", at(1), 1);
    executions().create(first, List.of(event(1, "ExecutionStarted")));
    ExecutionRecord second =
        new ExecutionRecord(
            first.arn(), MACHINE, "e1", "FAILED", at(9), Optional.of(at(9)), 2, "{\"second\":1}");

    boolean again =
        executions().create(second, List.of(event(1, "Other"), event(2, "ExecutionFailed")));

    assertThat(again).isFalse();
    assertThat(executions().get(first.arn())).contains(first);
    assertThat(executions().history(first.arn(), 0, 100))
        .containsExactly(event(1, "ExecutionStarted"));
  }

  @Test
  void aLeaseFencedAppendCommitsOnlyWhileItsLeaseIsHeldUnderItsToken() {
    ExecutionRecord execution = create(running(MACHINE, "fenced", at(1), 1));
    String name = "execution:" + execution.arn();
    Duration ttl = Duration.ofSeconds(10);
    Lease first = store.leases().acquire(name, "node-a", ttl, at(1)).orElseThrow();

    assertThat(executions().append(write(execution.arn(), 1, 1), first)).isTrue();

    // another node takes the execution over: the first's next write is refused though nobody
    // appended since, and nothing of it is written
    Lease second = store.leases().acquire(name, "node-b", ttl, at(1).plus(ttl)).orElseThrow();
    assertThat(executions().append(write(execution.arn(), 2, 1), first)).isFalse();
    assertThat(executions().get(execution.arn()).orElseThrow().lastEventId()).isEqualTo(2);
    assertThat(executions().history(execution.arn(), 0, 10)).hasSize(2);

    assertThat(executions().append(write(execution.arn(), 2, 2), second)).isTrue();
    // the last-event-id fence still holds for the lease's owner
    assertThat(executions().append(write(execution.arn(), 2, 1), second)).isFalse();
    assertThat(store.leases().release(name, "node-b", second.token())).isTrue();
    assertThat(executions().append(write(execution.arn(), 4, 1), second)).isFalse();
    assertThat(executions().get(execution.arn()).orElseThrow().lastEventId()).isEqualTo(4);
  }

  @Test
  void createRefusesEventsNotNumberedFromOneOrALastEventIdThatIsNotTheirCount() {
    ExecutionRecord execution = running(MACHINE, "e1", at(1), 1);

    assertThatThrownBy(() -> executions().create(execution, List.of(event(2, "ExecutionStarted"))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                executions()
                    .create(execution, List.of(event(1, "ExecutionStarted"), event(3, "Skipped"))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> executions().create(execution, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(executions().get(execution.arn())).isEmpty();
    assertThat(executions().history(execution.arn(), 0, 10)).isEmpty();
  }

  // list

  @Test
  void listReturnsOneMachinesExecutionsNewestFirst() {
    ExecutionRecord first = create(running(MACHINE, "first", at(1), 1));
    ExecutionRecord third = create(running(MACHINE, "third", at(3), 1));
    ExecutionRecord second = create(finished(MACHINE, "second", at(2), "SUCCEEDED"));
    create(running(OTHER_MACHINE, "elsewhere", at(5), 1));

    List<ExecutionRecord> listed = executions().list(MACHINE, Optional.empty(), null, 100);

    assertThat(listed).containsExactly(third, second, first);
    assertThat(executions().list(MACHINE + "-none", Optional.empty(), null, 100)).isEmpty();
    assertThat(executions().list(MACHINE, Optional.empty(), null, 0)).isEmpty();
  }

  @Test
  void executionsStartedAtTheSameInstantAreListedByArnDescending() {
    for (String name : List.of("b", "d", "a", "c")) {
      create(running(MACHINE, name, at(1), 1));
    }
    create(running(MACHINE, "older", at(0), 1));
    create(running(MACHINE, "newer", at(2), 1));

    assertThat(names(executions().list(MACHINE, Optional.empty(), null, 100)))
        .containsExactly("newer", "d", "c", "b", "a", "older");
  }

  @Test
  void listFiltersByStatus() {
    create(running(MACHINE, "r1", at(1), 1));
    create(finished(MACHINE, "s1", at(2), "SUCCEEDED"));
    create(running(MACHINE, "r2", at(3), 1));
    create(finished(MACHINE, "f1", at(4), "FAILED"));
    create(finished(MACHINE, "s2", at(5), "SUCCEEDED"));
    create(finished(OTHER_MACHINE, "s3", at(6), "SUCCEEDED"));

    assertThat(names(executions().list(MACHINE, Optional.of("SUCCEEDED"), null, 100)))
        .containsExactly("s2", "s1");
    assertThat(names(executions().list(MACHINE, Optional.of("RUNNING"), null, 100)))
        .containsExactly("r2", "r1");
    assertThat(names(executions().list(MACHINE, Optional.of("FAILED"), null, 100)))
        .containsExactly("f1");
    assertThat(executions().list(MACHINE, Optional.of("ABORTED"), null, 100)).isEmpty();
  }

  @Test
  void listPagesStrictlyAfterThePreviousPagesLastExecutionAcrossEqualStartDates() {
    for (String name : List.of("a", "b", "c", "d")) {
      create(running(MACHINE, name, at(5), 1));
    }
    create(running(MACHINE, "new", at(9), 1));
    create(running(MACHINE, "old", at(1), 1));
    create(running(MACHINE, "oldest", at(0), 1));

    List<List<String>> pages = new ArrayList<>();
    String after = null;
    for (int calls = 0; calls < 10; calls++) {
      List<ExecutionRecord> page = executions().list(MACHINE, Optional.empty(), after, 2);
      if (page.isEmpty()) {
        break;
      }
      pages.add(names(page));
      after = page.getLast().arn();
    }

    assertThat(pages)
        .containsExactly(
            List.of("new", "d"), List.of("c", "b"), List.of("a", "old"), List.of("oldest"));
  }

  @Test
  void pageAfterADeletedExecutionIsEmpty() {
    create(running(MACHINE, "a", at(1), 1));
    ExecutionRecord b = create(running(MACHINE, "b", at(2), 1));
    executions().delete(b.arn());

    assertThat(executions().list(MACHINE, Optional.empty(), b.arn(), 10)).isEmpty();
    assertThat(names(executions().list(MACHINE, Optional.empty(), null, 10))).containsExactly("a");
  }

  @Test
  void listPagesWithAStatusFilter() {
    create(running(MACHINE, "r1", at(1), 1));
    create(finished(MACHINE, "s1", at(2), "SUCCEEDED"));
    create(running(MACHINE, "r2", at(3), 1));
    create(finished(MACHINE, "s2", at(3), "SUCCEEDED"));
    create(running(MACHINE, "r3", at(3), 1));
    create(running(MACHINE, "r4", at(4), 1));
    Optional<String> runningOnly = Optional.of("RUNNING");

    List<ExecutionRecord> first = executions().list(MACHINE, runningOnly, null, 2);
    List<ExecutionRecord> second =
        executions().list(MACHINE, runningOnly, first.getLast().arn(), 2);
    List<ExecutionRecord> third =
        executions().list(MACHINE, runningOnly, second.getLast().arn(), 2);

    assertThat(names(first)).containsExactly("r4", "r3");
    assertThat(names(second)).containsExactly("r2", "r1");
    assertThat(third).isEmpty();
  }

  // running

  @Test
  void runningListsRunningExecutionsOfEveryMachineInArnOrderPageByPage() {
    ExecutionRecord b = create(running(MACHINE, "b", at(1), 1));
    ExecutionRecord a = create(running(MACHINE, "a", at(2), 1));
    create(finished(MACHINE, "c", at(3), "SUCCEEDED"));
    ExecutionRecord other = create(running(OTHER_MACHINE, "x", at(0), 1));
    ExecutionRecord d = create(running(MACHINE, "d", at(4), 1));
    List<String> expected = Stream.of(a, b, d, other).map(ExecutionRecord::arn).sorted().toList();

    List<ExecutionRecord> first = executions().running("", 3);
    List<ExecutionRecord> second = executions().running(first.getLast().arn(), 3);

    assertThat(first).extracting(ExecutionRecord::arn).isEqualTo(expected.subList(0, 3));
    assertThat(second).extracting(ExecutionRecord::arn).isEqualTo(expected.subList(3, 4));
    assertThat(first).contains(a, b);
    assertThat(executions().running(second.getLast().arn(), 3)).isEmpty();
    assertThat(executions().running("", 0)).isEmpty();
  }

  @Test
  void executionIsNoLongerRunningOnceAWriteEndsIt() {
    ExecutionRecord execution = create(running(MACHINE, "e1", at(1), 1));

    executions()
        .append(
            new ExecutionWrite(
                execution.arn(),
                1,
                List.of(event(2, "ExecutionSucceeded")),
                Optional.of("SUCCEEDED"),
                Optional.of(at(3)),
                Optional.empty(),
                List.of(),
                List.of()));

    assertThat(executions().running("", 10)).isEmpty();
    assertThat(executions().list(MACHINE, Optional.of("RUNNING"), null, 10)).isEmpty();
    assertThat(names(executions().list(MACHINE, Optional.of("SUCCEEDED"), null, 10)))
        .containsExactly("e1");
  }

  // append

  @Test
  void appendWithTheExpectedLastEventIdAddsEventsAndMovesTheFence() {
    ExecutionRecord execution = create(running(MACHINE, "e1", at(1), 1));

    boolean first = executions().append(write(execution.arn(), 1, 3));
    boolean second = executions().append(write(execution.arn(), 4, 2));

    assertThat(first).isTrue();
    assertThat(second).isTrue();
    assertThat(executions().history(execution.arn(), 0, 100))
        .extracting(HistoryRecord::id)
        .containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
    assertThat(executions().history(execution.arn(), 0, 100)).contains(event(4, "Event4"));
    ExecutionRecord stored = executions().get(execution.arn()).orElseThrow();
    assertThat(stored.lastEventId()).isEqualTo(6);
    assertThat(stored.status()).isEqualTo("RUNNING");
    assertThat(stored.stopDate()).isEmpty();
    assertThat(stored.document()).isEqualTo(execution.document());
    assertThat(executions().append(write(execution.arn(), 6, 0))).isTrue();
    assertThat(executions().get(execution.arn())).map(ExecutionRecord::lastEventId).contains(6L);
  }

  @Test
  void appendKeepsTheColumnsItDoesNotChange() {
    ExecutionRecord execution = create(finished(MACHINE, "e1", at(1), "FAILED"));

    boolean appended = executions().append(write(execution.arn(), 1, 2));

    assertThat(appended).isTrue();
    assertThat(executions().get(execution.arn()))
        .contains(
            new ExecutionRecord(
                execution.arn(),
                MACHINE,
                "e1",
                "FAILED",
                at(1),
                Optional.of(at(2)),
                3,
                execution.document()));
  }

  @Test
  void appendAppliesEventsStatusStopDateDocumentAndTokensTogether() {
    ExecutionRecord execution = create(running(MACHINE, "e1", at(1), 1));
    TaskToken old = callbackToken("old", execution.arn(), at(1));
    executions().append(tokenWrite(execution.arn(), 1, List.of(old), List.of()));
    TaskToken created = activityToken("new", execution.arn(), ACTIVITY, at(3));

    boolean applied =
        executions()
            .append(
                new ExecutionWrite(
                    execution.arn(),
                    2,
                    List.of(event(3, "TaskSucceeded"), event(4, "ExecutionSucceeded")),
                    Optional.of("SUCCEEDED"),
                    Optional.of(at(4).plusMillis(5)),
                    Optional.of("{\"output\":42}"),
                    List.of(created),
                    List.of("old", "never-existed")));

    assertThat(applied).isTrue();
    assertThat(executions().get(execution.arn()))
        .contains(
            new ExecutionRecord(
                execution.arn(),
                MACHINE,
                "e1",
                "SUCCEEDED",
                at(1),
                Optional.of(at(4).plusMillis(5)),
                4,
                "{\"output\":42}"));
    assertThat(executions().history(execution.arn(), 2, 10))
        .containsExactly(event(3, "TaskSucceeded"), event(4, "ExecutionSucceeded"));
    assertThat(executions().token("old")).isEmpty();
    assertThat(executions().token("new")).contains(created);
    assertThat(executions().tokensOf(execution.arn())).containsExactly(created);
  }

  @Test
  void appendWithAStaleOrFutureExpectedIdIsRefusedAndWritesNothing() {
    ExecutionRecord execution = create(running(MACHINE, "e1", at(1), 1));
    TaskToken kept = callbackToken("kept", execution.arn(), at(1));
    executions().append(tokenWrite(execution.arn(), 1, List.of(kept), List.of()));
    executions().append(write(execution.arn(), 2, 2));
    List<HistoryRecord> history = executions().history(execution.arn(), 0, 100);
    ExecutionRecord before = executions().get(execution.arn()).orElseThrow();

    boolean stale = executions().append(everythingWrite(execution.arn(), 2));
    boolean ahead = executions().append(everythingWrite(execution.arn(), 5));

    assertThat(stale).isFalse();
    assertThat(ahead).isFalse();
    assertThat(before.lastEventId()).isEqualTo(4);
    assertThat(executions().get(execution.arn())).contains(before);
    assertThat(executions().history(execution.arn(), 0, 100)).isEqualTo(history);
    assertThat(executions().token("kept")).contains(kept);
    assertThat(executions().token("sneaky")).isEmpty();
    assertThat(executions().running("", 10)).containsExactly(before);
  }

  @Test
  void appendToAMissingExecutionIsRefusedAndWritesNothing() {
    String missing = arn(MACHINE, "missing");

    boolean appended = executions().append(everythingWrite(missing, 0));

    assertThat(appended).isFalse();
    assertThat(executions().get(missing)).isEmpty();
    assertThat(executions().history(missing, 0, 10)).isEmpty();
    assertThat(executions().token("sneaky")).isEmpty();
    assertThat(executions().tokensOf(missing)).isEmpty();
  }

  @Test
  void ofRacingAppendsAfterTheSameEventExactlyOneWins() throws Exception {
    ExecutionRecord execution = create(running(MACHINE, "e1", at(1), 1));
    int racers = 8;
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Boolean>> results = new ArrayList<>();

    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < racers; i++) {
        String type = "Racer" + i;
        results.add(
            executor.submit(
                () -> {
                  start.await();
                  return executions()
                      .append(
                          new ExecutionWrite(
                              execution.arn(),
                              1,
                              List.of(event(2, type), event(3, type)),
                              Optional.empty(),
                              Optional.empty(),
                              Optional.of("{\"by\":\"" + type + "\"}"),
                              List.of(),
                              List.of()));
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
    String winner = "Racer" + winners.getFirst();
    assertThat(executions().history(execution.arn(), 1, 100))
        .containsExactly(event(2, winner), event(3, winner));
    ExecutionRecord stored = executions().get(execution.arn()).orElseThrow();
    assertThat(stored.lastEventId()).isEqualTo(3);
    assertThat(stored.document()).isEqualTo("{\"by\":\"" + winner + "\"}");
  }

  // history

  @Test
  void historyReturnsEventsAfterAnIdAscendingUpToTheLimit() {
    ExecutionRecord execution = create(running(MACHINE, "e1", at(1), 1));
    executions().append(write(execution.arn(), 1, 9));

    assertThat(ids(executions().history(execution.arn(), 0, 100)))
        .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
    assertThat(ids(executions().history(execution.arn(), 3, 4))).containsExactly(4L, 5L, 6L, 7L);
    assertThat(ids(executions().history(execution.arn(), 8, 4))).containsExactly(9L, 10L);
    assertThat(executions().history(execution.arn(), 10, 5)).isEmpty();
    assertThat(executions().history(execution.arn(), 0, 0)).isEmpty();
  }

  @Test
  void historyReversedReturnsEventsBeforeAnIdDescendingUpToTheLimit() {
    ExecutionRecord execution = create(running(MACHINE, "e1", at(1), 1));
    executions().append(write(execution.arn(), 1, 9));

    assertThat(ids(executions().historyReversed(execution.arn(), Long.MAX_VALUE, 3)))
        .containsExactly(10L, 9L, 8L);
    assertThat(ids(executions().historyReversed(execution.arn(), 8, 3)))
        .containsExactly(7L, 6L, 5L);
    assertThat(ids(executions().historyReversed(execution.arn(), 3, 10))).containsExactly(2L, 1L);
    assertThat(executions().historyReversed(execution.arn(), 1, 10)).isEmpty();
    assertThat(executions().historyReversed(execution.arn(), 11, 0)).isEmpty();
    assertThat(executions().historyReversed(execution.arn(), 11, 1))
        .containsExactly(event(10, "Event10"));
  }

  @Test
  void eachExecutionHasItsOwnHistory() {
    ExecutionRecord one = create(running(MACHINE, "one", at(1), 1));
    ExecutionRecord two = create(running(MACHINE, "two", at(1), 1));
    executions().append(write(one.arn(), 1, 2));
    executions().append(write(two.arn(), 1, 1));

    assertThat(ids(executions().history(one.arn(), 0, 100))).containsExactly(1L, 2L, 3L);
    assertThat(ids(executions().history(two.arn(), 0, 100))).containsExactly(1L, 2L);
    assertThat(ids(executions().historyReversed(two.arn(), Long.MAX_VALUE, 100)))
        .containsExactly(2L, 1L);
    assertThat(executions().history(arn(MACHINE, "none"), 0, 100)).isEmpty();
  }

  // delete

  @Test
  void deleteRemovesTheExecutionWithItsHistoryAndTokens() {
    ExecutionRecord gone = create(running(MACHINE, "gone", at(1), 1));
    ExecutionRecord kept = create(running(MACHINE, "kept", at(2), 1));
    executions()
        .append(
            tokenWrite(
                gone.arn(),
                1,
                List.of(
                    callbackToken("g1", gone.arn(), at(1)),
                    activityToken("g2", gone.arn(), ACTIVITY, at(1))),
                List.of()));
    TaskToken keptToken = activityToken("k1", kept.arn(), ACTIVITY, at(2));
    executions().append(tokenWrite(kept.arn(), 1, List.of(keptToken), List.of()));

    boolean deleted = executions().delete(gone.arn());

    assertThat(deleted).isTrue();
    assertThat(executions().get(gone.arn())).isEmpty();
    assertThat(executions().history(gone.arn(), 0, 100)).isEmpty();
    assertThat(executions().historyReversed(gone.arn(), Long.MAX_VALUE, 100)).isEmpty();
    assertThat(executions().tokensOf(gone.arn())).isEmpty();
    assertThat(executions().token("g1")).isEmpty();
    assertThat(executions().token("g2")).isEmpty();
    assertThat(executions().running("", 10))
        .extracting(ExecutionRecord::arn)
        .containsExactly(kept.arn());
    assertThat(names(executions().list(MACHINE, Optional.empty(), null, 10)))
        .containsExactly("kept");
    assertThat(executions().claimActivityTask(ACTIVITY, "w", at(3)))
        .map(TaskToken::token)
        .contains("k1");
    assertThat(ids(executions().history(kept.arn(), 0, 100))).containsExactly(1L, 2L);
    assertThat(executions().delete(gone.arn())).isFalse();
  }

  @Test
  void deletedExecutionCanBeCreatedAgainWithAFreshHistory() {
    ExecutionRecord execution = create(running(MACHINE, "e1", at(1), 1));
    executions().append(write(execution.arn(), 1, 3));
    executions().delete(execution.arn());

    boolean created = executions().create(execution, List.of(event(1, "Again")));

    assertThat(created).isTrue();
    assertThat(executions().get(execution.arn())).contains(execution);
    assertThat(executions().history(execution.arn(), 0, 100)).containsExactly(event(1, "Again"));
    assertThat(executions().delete(arn(MACHINE, "never"))).isFalse();
  }

  // retention

  @Test
  void expireDeletesClosedExecutionsStoppedBeforeTheInstantWithTheirHistoryAndTokens() {
    ExecutionRecord failed = create(running(MACHINE, "failed", at(1), 1));
    executions()
        .append(
            tokenWrite(
                failed.arn(),
                1,
                List.of(
                    callbackToken("f1", failed.arn(), at(1)),
                    activityToken("f2", failed.arn(), ACTIVITY, at(1))),
                List.of()));
    executions().append(closeWrite(failed.arn(), 2, "FAILED", at(4)));
    create(closed(MACHINE, "succeeded", at(1), at(3), "SUCCEEDED"));
    create(closed(OTHER_MACHINE, "aborted", at(2), at(4), "ABORTED"));
    create(closed(MACHINE, "timedOut", at(1), at(2), "TIMED_OUT"));
    ExecutionRecord atTheInstant = create(closed(MACHINE, "atTheInstant", at(1), at(5), "FAILED"));
    ExecutionRecord later = create(closed(MACHINE, "later", at(1), at(6), "SUCCEEDED"));
    ExecutionRecord running = create(running(MACHINE, "running", at(0), 2));
    TaskToken waiting = activityToken("r1", running.arn(), ACTIVITY, at(1));
    executions().append(tokenWrite(running.arn(), 2, List.of(waiting), List.of()));

    int expired = executions().expire(at(5), 100);

    assertThat(expired).isEqualTo(4);
    for (String name : List.of("failed", "succeeded", "timedOut")) {
      assertThat(executions().get(arn(MACHINE, name))).isEmpty();
      assertThat(executions().history(arn(MACHINE, name), 0, 100)).isEmpty();
      assertThat(executions().historyReversed(arn(MACHINE, name), Long.MAX_VALUE, 100)).isEmpty();
    }
    assertThat(executions().get(arn(OTHER_MACHINE, "aborted"))).isEmpty();
    assertThat(executions().tokensOf(failed.arn())).isEmpty();
    assertThat(executions().token("f1")).isEmpty();
    assertThat(executions().token("f2")).isEmpty();
    assertThat(names(executions().list(MACHINE, Optional.empty(), null, 10)))
        .containsExactly("later", "atTheInstant", "running");
    assertThat(executions().list(OTHER_MACHINE, Optional.empty(), null, 10)).isEmpty();
    assertThat(executions().get(atTheInstant.arn())).contains(atTheInstant);
    assertThat(executions().get(later.arn())).contains(later);
    assertThat(ids(executions().history(later.arn(), 0, 100))).containsExactly(1L);
    assertThat(ids(executions().history(running.arn(), 0, 100))).containsExactly(1L, 2L, 3L);
    assertThat(executions().claimActivityTask(ACTIVITY, "w", at(7)))
        .map(TaskToken::token)
        .contains("r1");
    assertThat(executions().expire(at(5), 100)).isZero();
  }

  @Test
  void expireNeverDeletesARunningExecutionHoweverOld() {
    ExecutionRecord running = create(running(MACHINE, "running", at(1), 1));
    TaskToken callback = callbackToken("cb", running.arn(), at(1));
    executions().append(tokenWrite(running.arn(), 1, List.of(callback), List.of()));
    // closed, then reopened (a redrive): RUNNING again, its old stop date kept
    ExecutionRecord redriven = create(closed(MACHINE, "redriven", at(1), at(2), "FAILED"));
    executions()
        .append(
            new ExecutionWrite(
                redriven.arn(),
                1,
                List.of(event(2, "ExecutionRedriven")),
                Optional.of("RUNNING"),
                Optional.empty(),
                Optional.empty(),
                List.of(),
                List.of()));

    int expired = executions().expire(at(1_000_000), 100);

    assertThat(expired).isZero();
    assertThat(executions().get(running.arn())).isPresent();
    assertThat(executions().get(redriven.arn()).map(ExecutionRecord::status)).contains("RUNNING");
    assertThat(ids(executions().history(redriven.arn(), 0, 100))).containsExactly(1L, 2L);
    assertThat(executions().tokensOf(running.arn())).containsExactly(callback);
    assertThat(executions().running("", 10)).hasSize(2);
  }

  @Test
  void expireDeletesAtMostTheLimitOldestStopDateFirstThenByArn() {
    for (int stop : List.of(5, 3, 1, 4, 2)) {
      create(closed(MACHINE, "s" + stop, at(0), at(stop), "SUCCEEDED"));
    }
    create(closed(MACHINE, "s2b", at(0), at(2), "FAILED"));

    int first = executions().expire(at(100), 2);

    assertThat(first).isEqualTo(2);
    assertThat(names(executions().list(MACHINE, Optional.empty(), null, 10)))
        .containsExactlyInAnyOrder("s2b", "s3", "s4", "s5");
    assertThat(executions().expire(at(100), 2)).isEqualTo(2);
    assertThat(names(executions().list(MACHINE, Optional.empty(), null, 10)))
        .containsExactlyInAnyOrder("s4", "s5");
    assertThat(executions().expire(at(100), 0)).isZero();
    assertThat(executions().expire(at(100), 3)).isEqualTo(2);
    assertThat(executions().expire(at(100), 3)).isZero();
    assertThatThrownBy(() -> executions().expire(at(100), -1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anExpiredExecutionsNameCanBeUsedAgain() {
    ExecutionRecord old = create(closed(MACHINE, "e1", at(1), at(2), "SUCCEEDED"));
    executions().expire(at(3), 10);

    boolean created =
        executions().create(running(MACHINE, "e1", at(4), 1), List.of(event(1, "Again")));

    assertThat(created).isTrue();
    assertThat(executions().get(old.arn()).map(ExecutionRecord::status)).contains("RUNNING");
    assertThat(executions().history(old.arn(), 0, 100)).containsExactly(event(1, "Again"));
  }

  // tokens

  @Test
  void tokensCreatedByAnAppendAreReturnedWithEveryField() {
    ExecutionRecord execution = create(running(MACHINE, "e1", at(1), 1));
    TaskToken callback = callbackToken("cb", execution.arn(), at(2).plusMillis(3));
    TaskToken activity =
        new TaskToken(
            "act",
            execution.arn(),
            "0/1.4#2",
            Optional.of(ACTIVITY),
            "{\"in\":\"é\"}",
            at(2),
            Optional.empty(),
            Optional.empty(),
            at(2));

    executions().append(tokenWrite(execution.arn(), 1, List.of(callback, activity), List.of()));

    assertThat(executions().token("cb")).contains(callback);
    assertThat(executions().token("act")).contains(activity);
    assertThat(executions().token("missing")).isEmpty();
    assertThat(executions().tokensOf(execution.arn()))
        .containsExactlyInAnyOrder(callback, activity);
  }

  @Test
  void tokensOfListsOneExecutionsTokensWhateverTheirStateOldestFirst() {
    ExecutionRecord one = create(running(MACHINE, "one", at(1), 1));
    ExecutionRecord two = create(running(MACHINE, "two", at(1), 1));
    executions()
        .append(
            tokenWrite(
                one.arn(),
                1,
                List.of(
                    callbackToken("answered", one.arn(), at(3)),
                    callbackToken("waiting", one.arn(), at(1)),
                    activityToken("claimed", one.arn(), ACTIVITY, at(2))),
                List.of()));
    executions()
        .append(
            tokenWrite(
                two.arn(), 1, List.of(callbackToken("of-two", two.arn(), at(1))), List.of()));
    executions().claimActivityTask(ACTIVITY, "w", at(4));
    executions().complete("answered", "{\"output\":1}");

    List<TaskToken> tokens = executions().tokensOf(one.arn());

    assertThat(tokens)
        .extracting(TaskToken::token)
        .containsExactly("waiting", "claimed", "answered");
    assertThat(tokens)
        .filteredOn(token -> token.token().equals("claimed"))
        .singleElement()
        .satisfies(token -> assertThat(token.claimedBy()).contains("w"));
    assertThat(tokens)
        .filteredOn(token -> token.token().equals("answered"))
        .singleElement()
        .satisfies(token -> assertThat(token.outcome()).contains("{\"output\":1}"));
    assertThat(executions().tokensOf(two.arn()))
        .extracting(TaskToken::token)
        .containsExactly("of-two");
  }

  @Test
  void completeRecordsAnOutcomeOnlyOnce() {
    ExecutionRecord execution = create(running(MACHINE, "e1", at(1), 1));
    TaskToken token = callbackToken("t", execution.arn(), at(1));
    executions().append(tokenWrite(execution.arn(), 1, List.of(token), List.of()));

    boolean first = executions().complete("t", "{\"output\":\"first\"}");
    boolean second = executions().complete("t", "{\"error\":\"E\",\"cause\":\"second\"}");

    assertThat(first).isTrue();
    assertThat(second).isFalse();
    assertThat(executions().token("t"))
        .contains(
            new TaskToken(
                "t",
                execution.arn(),
                token.key(),
                Optional.empty(),
                "",
                at(1),
                Optional.empty(),
                Optional.of("{\"output\":\"first\"}"),
                at(1)));
    assertThat(executions().complete("missing", "{\"output\":1}")).isFalse();
    assertThat(executions().token("missing")).isEmpty();
  }

  @Test
  void heartbeatRefreshesAnOpenTokenAndIsRefusedOnceItHasAnOutcome() {
    ExecutionRecord execution = create(running(MACHINE, "e1", at(1), 1));
    executions()
        .append(
            tokenWrite(
                execution.arn(),
                1,
                List.of(callbackToken("t", execution.arn(), at(1))),
                List.of()));

    boolean open = executions().heartbeat("t", at(50).plusMillis(1));
    executions().complete("t", "{\"output\":{}}");
    boolean afterComplete = executions().heartbeat("t", at(60));

    assertThat(open).isTrue();
    assertThat(afterComplete).isFalse();
    assertThat(executions().token("t")).map(TaskToken::heartbeatAt).contains(at(50).plusMillis(1));
    assertThat(executions().heartbeat("missing", at(60))).isFalse();
  }

  @Test
  void deletedTokenCanNoLongerBeCompletedOrHeartbeaten() {
    ExecutionRecord execution = create(running(MACHINE, "e1", at(1), 1));
    executions()
        .append(
            tokenWrite(
                execution.arn(),
                1,
                List.of(callbackToken("t", execution.arn(), at(1))),
                List.of()));
    executions().complete("t", "{\"output\":{}}");

    executions().append(tokenWrite(execution.arn(), 2, List.of(), List.of("t")));

    assertThat(executions().token("t")).isEmpty();
    assertThat(executions().tokensOf(execution.arn())).isEmpty();
    assertThat(executions().complete("t", "{\"output\":{}}")).isFalse();
    assertThat(executions().heartbeat("t", at(5))).isFalse();
  }

  // activity claims

  @Test
  void claimHandsOutTheOldestWaitingTaskOfThatActivityOnlyOnce() {
    ExecutionRecord execution = create(running(MACHINE, "e1", at(1), 1));
    executions()
        .append(
            tokenWrite(
                execution.arn(),
                1,
                List.of(
                    activityToken("late", execution.arn(), ACTIVITY, at(3)),
                    activityToken("early", execution.arn(), ACTIVITY, at(1)),
                    activityToken("middle", execution.arn(), ACTIVITY, at(2)),
                    activityToken("elsewhere", execution.arn(), OTHER_ACTIVITY, at(0)),
                    callbackToken("callback", execution.arn(), at(0))),
                List.of()));

    Optional<TaskToken> first = executions().claimActivityTask(ACTIVITY, "w1", at(10));
    Optional<TaskToken> second = executions().claimActivityTask(ACTIVITY, "w2", at(11));
    Optional<TaskToken> third = executions().claimActivityTask(ACTIVITY, "w1", at(12));
    Optional<TaskToken> none = executions().claimActivityTask(ACTIVITY, "w3", at(13));

    assertThat(first).map(TaskToken::token).contains("early");
    assertThat(second).map(TaskToken::token).contains("middle");
    assertThat(third).map(TaskToken::token).contains("late");
    assertThat(none).isEmpty();
    assertThat(executions().token("middle"))
        .contains(
            new TaskToken(
                "middle",
                execution.arn(),
                "0#middle",
                Optional.of(ACTIVITY),
                "{\"task\":\"middle\"}",
                at(2),
                Optional.of("w2"),
                Optional.empty(),
                at(11)));
    assertThat(second).isEqualTo(executions().token("middle"));
    assertThat(executions().token("callback")).map(TaskToken::claimedBy).contains(Optional.empty());
    assertThat(executions().claimActivityTask(OTHER_ACTIVITY, "w4", at(14)))
        .map(TaskToken::token)
        .contains("elsewhere");
  }

  @Test
  void claimOfTasksCreatedAtTheSameInstantFollowsTheTokenOrder() {
    ExecutionRecord execution = create(running(MACHINE, "e1", at(1), 1));
    executions()
        .append(
            tokenWrite(
                execution.arn(),
                1,
                List.of(
                    activityToken("b", execution.arn(), ACTIVITY, at(1)),
                    activityToken("c", execution.arn(), ACTIVITY, at(1)),
                    activityToken("a", execution.arn(), ACTIVITY, at(1))),
                List.of()));

    List<String> claimed = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      claimed.add(executions().claimActivityTask(ACTIVITY, "w", at(2)).orElseThrow().token());
    }

    assertThat(claimed).containsExactly("a", "b", "c");
  }

  @Test
  void claimFindsNothingWhenOnlyCallbacksOrAnsweredTasksWait() {
    ExecutionRecord execution = create(running(MACHINE, "e1", at(1), 1));
    executions()
        .append(
            tokenWrite(
                execution.arn(),
                1,
                List.of(
                    callbackToken("callback", execution.arn(), at(1)),
                    activityToken("answered", execution.arn(), ACTIVITY, at(1))),
                List.of()));
    executions().complete("answered", "{\"output\":1}");

    assertThat(executions().claimActivityTask(ACTIVITY, "w", at(2))).isEmpty();
    assertThat(executions().claimActivityTask(ACTIVITY + "-none", "w", at(2))).isEmpty();
    assertThat(executions().token("answered")).map(TaskToken::claimedBy).contains(Optional.empty());
  }

  @Test
  void concurrentClaimersNeverGetTheSameTask() throws Exception {
    ExecutionRecord execution = create(running(MACHINE, "e1", at(1), 1));
    int tasks = 60;
    List<TaskToken> tokens = new ArrayList<>();
    for (int i = 0; i < tasks; i++) {
      tokens.add(activityToken("task-" + i, execution.arn(), ACTIVITY, at(i % 7)));
    }
    executions().append(tokenWrite(execution.arn(), 1, tokens, List.of()));
    int workers = 8;
    CountDownLatch start = new CountDownLatch(1);
    List<Future<List<TaskToken>>> results = new ArrayList<>();

    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int w = 0; w < workers; w++) {
        String worker = "worker-" + w;
        results.add(
            executor.submit(
                () -> {
                  start.await();
                  List<TaskToken> claimed = new ArrayList<>();
                  for (Optional<TaskToken> next =
                          executions().claimActivityTask(ACTIVITY, worker, at(100));
                      next.isPresent();
                      next = executions().claimActivityTask(ACTIVITY, worker, at(100))) {
                    claimed.add(next.get());
                  }
                  return claimed;
                }));
      }
      start.countDown();
    }

    List<String> all = new ArrayList<>();
    for (int w = 0; w < workers; w++) {
      String worker = "worker-" + w;
      for (TaskToken claimed : results.get(w).get()) {
        all.add(claimed.token());
        assertThat(claimed.claimedBy()).contains(worker);
        assertThat(executions().token(claimed.token()).orElseThrow().claimedBy()).contains(worker);
      }
    }
    assertThat(all)
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(tokens.stream().map(TaskToken::token).toList());
  }

  // helpers

  /** The execution store of the store under test. */
  protected ExecutionStore executions() {
    return store.executions();
  }

  /** The ARN of an execution of a state machine. */
  protected static String arn(String machine, String name) {
    return machine.replace(":stateMachine:", ":execution:") + ":" + name;
  }

  /** A RUNNING execution whose last event is {@code lastEventId}. */
  protected static ExecutionRecord running(
      String machine, String name, Instant startDate, long lastEventId) {
    return new ExecutionRecord(
        arn(machine, name),
        machine,
        name,
        "RUNNING",
        startDate,
        Optional.empty(),
        lastEventId,
        "{\"name\":\"" + name + "\"}");
  }

  /** An ended execution with one event, stopped a second after it started. */
  protected static ExecutionRecord finished(
      String machine, String name, Instant startDate, String status) {
    return new ExecutionRecord(
        arn(machine, name),
        machine,
        name,
        status,
        startDate,
        Optional.of(startDate.plusSeconds(1)),
        1,
        "{\"name\":\"" + name + "\"}");
  }

  /** An execution with one event that ended with {@code status} at {@code stopDate}. */
  protected static ExecutionRecord closed(
      String machine, String name, Instant startDate, Instant stopDate, String status) {
    return new ExecutionRecord(
        arn(machine, name),
        machine,
        name,
        status,
        startDate,
        Optional.of(stopDate),
        1,
        "{\"name\":\"" + name + "\"}");
  }

  /** A write of one event after {@code expected} that ends the execution. */
  protected static ExecutionWrite closeWrite(
      String arn, long expected, String status, Instant stopDate) {
    return new ExecutionWrite(
        arn,
        expected,
        List.of(event(expected + 1, "Execution" + status)),
        Optional.of(status),
        Optional.of(stopDate),
        Optional.empty(),
        List.of(),
        List.of());
  }

  /** Creates an execution with events 1 to its last event id; returns it. */
  protected ExecutionRecord create(ExecutionRecord execution) {
    List<HistoryRecord> events = new ArrayList<>();
    for (long id = 1; id <= execution.lastEventId(); id++) {
      events.add(event(id, id == 1 ? "ExecutionStarted" : "Event" + id));
    }
    assertThat(executions().create(execution, events)).isTrue();
    return execution;
  }

  /** An event with every field derived from its id and type. */
  protected static HistoryRecord event(long id, String type) {
    return new HistoryRecord(
        id, id - 1, "0#" + (id - 1), type, at(id).plusMillis(id), "{\"event\":" + id + "}");
  }

  /** A write of {@code count} events after {@code expected}, changing nothing else. */
  protected static ExecutionWrite write(String arn, long expected, int count) {
    List<HistoryRecord> events = new ArrayList<>();
    for (long id = expected + 1; id <= expected + count; id++) {
      events.add(event(id, "Event" + id));
    }
    return new ExecutionWrite(
        arn,
        expected,
        events,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        List.of(),
        List.of());
  }

  /** A write of one event after {@code expected} that creates and deletes tokens. */
  protected static ExecutionWrite tokenWrite(
      String arn, long expected, List<TaskToken> created, List<String> deleted) {
    return new ExecutionWrite(
        arn,
        expected,
        List.of(event(expected + 1, "TaskScheduled")),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        created,
        deleted);
  }

  /** A write after {@code expected} that would change everything: events, columns, tokens. */
  private static ExecutionWrite everythingWrite(String arn, long expected) {
    return new ExecutionWrite(
        arn,
        expected,
        List.of(event(expected + 1, "Sneaky"), event(expected + 2, "ExecutionAborted")),
        Optional.of("ABORTED"),
        Optional.of(at(99)),
        Optional.of("{\"sneaky\":true}"),
        List.of(activityToken("sneaky", arn, ACTIVITY, at(99))),
        List.of("kept"));
  }

  /** A callback token ({@code .waitForTaskToken}): no activity, no input. */
  protected static TaskToken callbackToken(String token, String executionArn, Instant createdAt) {
    return new TaskToken(
        token,
        executionArn,
        "0#" + token,
        Optional.empty(),
        "",
        createdAt,
        Optional.empty(),
        Optional.empty(),
        createdAt);
  }

  /** A waiting activity task. */
  protected static TaskToken activityToken(
      String token, String executionArn, String activity, Instant createdAt) {
    return new TaskToken(
        token,
        executionArn,
        "0#" + token,
        Optional.of(activity),
        "{\"task\":\"" + token + "\"}",
        createdAt,
        Optional.empty(),
        Optional.empty(),
        createdAt);
  }

  private static List<String> names(List<ExecutionRecord> executions) {
    return executions.stream().map(ExecutionRecord::name).toList();
  }

  private static List<Long> ids(List<HistoryRecord> events) {
    return events.stream().map(HistoryRecord::id).toList();
  }
}
