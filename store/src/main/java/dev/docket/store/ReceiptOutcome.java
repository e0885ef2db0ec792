package dev.docket.store;

/** What a delete or visibility change found. */
public enum ReceiptOutcome {
  /** The message was deleted or its visibility changed. */
  DONE,
  /**
   * The message exists but was received again since (another receipt token); for a delete SQS
   * reports success and leaves the message, for a visibility change it is an error.
   */
  STALE_RECEIPT,
  /** The message exists with this token but is not in flight (its visibility timeout expired). */
  NOT_IN_FLIGHT,
  /** No such message in the queue (deleted, moved, expired, or never there). */
  NOT_FOUND
}
