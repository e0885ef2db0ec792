package dev.docket.store;

/**
 * Names one received message: its sequence number and the receipt token of that receive.
 *
 * @param sequence the message's sequence number
 * @param receiptToken the token the receive returned
 */
public record Receipt(long sequence, long receiptToken) {}
