package dev.docket.queues;

import dev.docket.model.ServiceException;
import dev.docket.store.Receipt;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.zip.CRC32C;

/**
 * What a receipt handle carries: the queue, the message's sequence number, the receipt token of the
 * receive that returned it and when that receive happened (SQS caps a message's total visibility
 * timeout at 12 hours from it). On the wire it is opaque: URL-safe base64 of a version byte, the
 * four numbers and a CRC-32C check value, so that a mistyped or truncated handle is recognised as
 * invalid rather than naming another message. Immutable.
 *
 * @param queueId the store id of the queue the message was received from
 * @param sequence the message's sequence number
 * @param receiptToken the token of that receive
 * @param receivedAt when that receive happened, in epoch seconds
 */
public record ReceiptHandle(long queueId, long sequence, long receiptToken, long receivedAt) {

  private static final byte VERSION = 1;
  private static final int LENGTH = 1 + 4 * Long.BYTES + Integer.BYTES;

  /** The opaque text given to the client. */
  public String encode() {
    ByteBuffer buffer = ByteBuffer.allocate(LENGTH);
    buffer
        .put(VERSION)
        .putLong(queueId)
        .putLong(sequence)
        .putLong(receiptToken)
        .putLong(receivedAt);
    buffer.putInt(check(buffer.array()));
    return Base64.getUrlEncoder().withoutPadding().encodeToString(buffer.array());
  }

  /** The store's view: sequence and token. */
  public Receipt receipt() {
    return new Receipt(sequence, receiptToken);
  }

  /**
   * Reads a handle given by a client.
   *
   * @throws ServiceException {@code ReceiptHandleIsInvalid} quoting the handle when it is not one
   *     this server issued
   */
  public static ReceiptHandle decode(String handle) {
    byte[] bytes;
    try {
      bytes = Base64.getUrlDecoder().decode(handle.trim());
    } catch (IllegalArgumentException e) {
      throw invalid(handle);
    }
    if (bytes.length != LENGTH || bytes[0] != VERSION) {
      throw invalid(handle);
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    buffer.get();
    long queueId = buffer.getLong();
    long sequence = buffer.getLong();
    long token = buffer.getLong();
    long receivedAt = buffer.getLong();
    if (buffer.getInt() != check(bytes)) {
      throw invalid(handle);
    }
    return new ReceiptHandle(queueId, sequence, token, receivedAt);
  }

  /** The exception for a handle that does not decode or belongs to another queue. */
  static ServiceException invalid(String handle) {
    return new ServiceException(
        SqsError.RECEIPT_HANDLE_IS_INVALID,
        "The input receipt handle \"" + handle + "\" is not a valid receipt handle.");
  }

  private static int check(byte[] bytes) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, LENGTH - Integer.BYTES);
    return (int) crc.getValue();
  }
}
