package dev.docket.store;

/**
 * The outcome of appending one message.
 *
 * @param sequence the store-assigned, strictly increasing sequence number of the stored message (of
 *     the earlier message when {@code duplicate})
 * @param messageId the message id (the earlier message's when {@code duplicate})
 * @param duplicate whether the message was a FIFO duplicate within its deduplication window and so
 *     was not stored again
 */
public record SendResult(long sequence, String messageId, boolean duplicate) {}
