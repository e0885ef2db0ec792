package dev.docket.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * State-machine executions, their append-only histories and their task tokens.
 *
 * <p>Every write to an execution is fenced on its last event id ({@link ExecutionWrite}): a writer
 * that has fallen behind (another thread or node appended since it read) is refused and must
 * reload. Histories are append-only; an event is never changed. Nothing here assumes one process:
 * ids are assigned by the caller, pagination is by key. Thread-safe; writes durable on return.
 */
public interface ExecutionStore {

  /**
   * Creates an execution with its first history events (ids from 1), in one commit. It has no task
   * tokens yet: those come with a later {@link #append}.
   *
   * @return false, changing nothing, if an execution with that ARN exists
   * @throws IllegalArgumentException if the events' ids do not run from 1 consecutively or the
   *     execution's {@code lastEventId} is not the number of events
   */
  boolean create(ExecutionRecord execution, List<HistoryRecord> events);

  /** The execution with that ARN. */
  Optional<ExecutionRecord> get(String arn);

  /**
   * Executions of a state machine, newest first (by start date, then ARN descending), optionally
   * only those with a status, starting after the execution {@code afterArn} of a previous page.
   *
   * @param afterArn the last execution of the previous page, or {@code null} for the first page;
   *     once that execution is deleted (with its state machine) the page is empty
   */
  List<ExecutionRecord> list(
      String stateMachineArn, Optional<String> status, String afterArn, int limit);

  /** RUNNING executions in ARN order after {@code afterArn} ({@code ""} first): for resumption. */
  List<ExecutionRecord> running(String afterArn, int limit);

  /**
   * Applies a fenced write.
   *
   * @return false, changing nothing, if the execution is absent or its last event id is not the
   *     write's expected one
   */
  boolean append(ExecutionWrite write);

  /**
   * Appends as {@link #append(ExecutionWrite)} does, and only while {@code fence} still holds: the
   * lease {@code fence.name()} is stored with the fence's owner and token (design note 0006). A
   * node paused past its lease on the execution, which another node has since taken, has its late
   * write refused here even when nobody has appended since.
   *
   * @return false (nothing written) if the execution moved on or the lease is gone or another's
   */
  boolean append(ExecutionWrite write, Lease fence);

  /** Up to {@code limit} history events with an id greater than {@code afterId}, ascending. */
  List<HistoryRecord> history(String arn, long afterId, int limit);

  /** Up to {@code limit} history events with an id smaller than {@code beforeId}, descending. */
  List<HistoryRecord> historyReversed(String arn, long beforeId, int limit);

  /**
   * Deletes an execution with its history and tokens (its state machine is gone).
   *
   * @return whether it existed
   */
  boolean delete(String arn);

  /**
   * Deletes up to {@code limit} closed executions (any status but RUNNING) whose stop date is
   * before {@code closedBefore}, oldest stop date first (then by ARN), each with its history and
   * task tokens: closed-execution retention (AWS keeps a closed Standard execution 90 days). An
   * execution that is RUNNING when its deletion commits (a redrive may have reopened it since it
   * was found) is kept. The executions go in one transaction or a few (a store may split a batch
   * whose histories are large, so that other writers do not wait behind one long delete); each
   * execution goes whole or not at all.
   *
   * @return how many executions were deleted; fewer than {@code limit} means none was left to
   *     delete when the scan ran
   * @throws IllegalArgumentException if {@code limit} is negative
   */
  int expire(Instant closedBefore, int limit);

  /** The token, if it exists (it is deleted once its execution recorded its outcome). */
  Optional<TaskToken> token(String token);

  /**
   * Records a token's outcome (SendTaskSuccess / SendTaskFailure).
   *
   * @return false, changing nothing, if the token is absent or already has an outcome
   */
  boolean complete(String token, String outcome);

  /**
   * Records a heartbeat.
   *
   * @return false if the token is absent or already has an outcome
   */
  boolean heartbeat(String token, Instant at);

  /**
   * Claims the oldest unclaimed activity task of an activity for a worker (oldest by {@code
   * createdAt}, then by token). A claim counts as the token's first heartbeat: its heartbeat
   * timeout runs from the moment a worker has it. Tokens that already have an outcome are not
   * handed out.
   *
   * @return the claimed token, with {@code claimedBy} set and {@code heartbeatAt} {@code at}, or
   *     empty if none is waiting
   */
  Optional<TaskToken> claimActivityTask(String activityArn, String worker, Instant at);

  /**
   * Every token of an execution, unclaimed, claimed or with an outcome not yet recorded in its
   * history (to re-arm waits on replay), oldest first (by {@code createdAt}, then token).
   */
  List<TaskToken> tokensOf(String executionArn);
}
