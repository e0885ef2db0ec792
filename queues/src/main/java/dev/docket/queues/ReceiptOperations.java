package dev.docket.queues;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docket.model.ServiceException;
import dev.docket.store.QueueRecord;
import dev.docket.store.QueueStore;
import dev.docket.store.QueueStore.VisibilityChange;
import dev.docket.store.Receipt;
import dev.docket.store.ReceiptOutcome;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The operations that present a receipt handle: DeleteMessage(Batch) and
 * ChangeMessageVisibility(Batch). A batch's valid entries go to the store in one call. Thread-safe.
 */
final class ReceiptOperations {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String RECEIPT_HANDLE = "ReceiptHandle";
  private static final String VISIBILITY_TIMEOUT = "VisibilityTimeout";
  private static final int MAX_VISIBILITY_SECONDS = 43_200;

  private final QueueStore store;
  private final QueueDirectory directory;
  private final Clock clock;
  private final LongPolls longPolls;

  ReceiptOperations(QueueStore store, QueueDirectory directory, Clock clock, LongPolls longPolls) {
    this.store = store;
    this.directory = directory;
    this.clock = clock;
    this.longPolls = longPolls;
  }

  ObjectNode deleteMessage(ObjectNode input) {
    QueueRecord queue = directory.resolve(input);
    Receipt receipt = receipt(queue, Inputs.requiredText(input, RECEIPT_HANDLE));
    // SQS answers success for a message already deleted or received again since; a FIFO queue
    // refuses a receipt whose visibility timeout has ended (the message may be delivered again).
    if (expired(queue, List.of(receipt)).getFirst()) {
      throw expiredReceipt();
    }
    return NODES.objectNode();
  }

  ObjectNode deleteMessageBatch(ObjectNode input) {
    QueueRecord queue = directory.resolve(input);
    List<JsonNode> entries = Inputs.list(input, "Entries");
    Batches.check(entries, "DeleteMessageBatchRequestEntry");
    ObjectNode output = NODES.objectNode();
    ArrayNode successful = output.putArray("Successful");
    ArrayNode failed = output.putArray("Failed");
    List<Receipt> receipts = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (JsonNode entry : entries) {
      String id = entry.get("Id").asText();
      try {
        receipts.add(receipt(queue, Inputs.requiredText(entry, RECEIPT_HANDLE)));
        ids.add(id);
      } catch (ServiceException e) {
        failed.add(Batches.failed(id, e));
      }
    }
    if (!receipts.isEmpty()) {
      List<Boolean> expired = expired(queue, receipts);
      for (int i = 0; i < ids.size(); i++) {
        if (expired.get(i)) {
          failed.add(Batches.failed(ids.get(i), expiredReceipt()));
        } else {
          successful.add(NODES.objectNode().put("Id", ids.get(i)));
        }
      }
    }
    return output;
  }

  /** Deletes by receipt; per receipt, whether a FIFO queue refused it as expired. */
  private List<Boolean> expired(QueueRecord queue, List<Receipt> receipts) {
    if (!queue.fifo()) {
      store.delete(queue.id(), receipts);
      return receipts.stream().map(r -> false).toList();
    }
    return store.deleteInFlight(queue.id(), receipts, clock.instant()).stream()
        .map(outcome -> outcome == ReceiptOutcome.NOT_IN_FLIGHT)
        .toList();
  }

  private static ServiceException expiredReceipt() {
    return Failures.invalidParameter("The receipt handle has expired.");
  }

  ObjectNode changeMessageVisibility(ObjectNode input) {
    QueueRecord queue = directory.resolve(input);
    String handle = Inputs.requiredText(input, RECEIPT_HANDLE);
    int timeout = visibilityTimeout(input);
    Instant now = clock.instant();
    Receipt receipt = receipt(queue, handle, now, timeout);
    ReceiptOutcome outcome =
        store
            .changeVisibility(
                queue.id(), List.of(new VisibilityChange(receipt, now.plusSeconds(timeout))), now)
            .getFirst();
    check(outcome, handle);
    if (timeout == 0) {
      longPolls.signal(queue.id());
    }
    return NODES.objectNode();
  }

  ObjectNode changeMessageVisibilityBatch(ObjectNode input) {
    QueueRecord queue = directory.resolve(input);
    List<JsonNode> entries = Inputs.list(input, "Entries");
    Batches.check(entries, "ChangeMessageVisibilityBatchRequestEntry");
    Instant now = clock.instant();
    ObjectNode output = NODES.objectNode();
    ArrayNode successful = output.putArray("Successful");
    ArrayNode failed = output.putArray("Failed");
    List<String> ids = new ArrayList<>();
    List<String> handles = new ArrayList<>();
    List<VisibilityChange> changes = new ArrayList<>();
    for (JsonNode entry : entries) {
      String id = entry.get("Id").asText();
      try {
        String handle = Inputs.requiredText(entry, RECEIPT_HANDLE);
        int timeout = visibilityTimeout(entry);
        changes.add(
            new VisibilityChange(receipt(queue, handle, now, timeout), now.plusSeconds(timeout)));
        ids.add(id);
        handles.add(handle);
      } catch (ServiceException e) {
        failed.add(Batches.failed(id, e));
      }
    }
    if (!changes.isEmpty()) {
      List<ReceiptOutcome> outcomes = store.changeVisibility(queue.id(), changes, now);
      for (int i = 0; i < outcomes.size(); i++) {
        try {
          check(outcomes.get(i), handles.get(i));
          successful.add(NODES.objectNode().put("Id", ids.get(i)));
        } catch (ServiceException e) {
          failed.add(Batches.failed(ids.get(i), e));
        }
      }
      longPolls.signal(queue.id());
    }
    return output;
  }

  private static int visibilityTimeout(JsonNode input) {
    return Inputs.integer(
            input,
            VISIBILITY_TIMEOUT,
            0,
            43_200,
            "VisibilityTimeout must be an integer between 0 and 43200")
        .orElseThrow(() -> Failures.missingParameter(VISIBILITY_TIMEOUT));
  }

  private static Receipt receipt(QueueRecord queue, String handle) {
    ReceiptHandle decoded = ReceiptHandle.decode(handle);
    if (decoded.queueId() != queue.id()) {
      throw ReceiptHandle.invalid(handle);
    }
    return decoded.receipt();
  }

  /** The receipt for a visibility change, which may not end more than 12 hours after receipt. */
  private static Receipt receipt(QueueRecord queue, String handle, Instant now, int timeout) {
    Receipt receipt = receipt(queue, handle);
    long receivedAt = ReceiptHandle.decode(handle).receivedAt();
    if (now.getEpochSecond() + timeout > receivedAt + MAX_VISIBILITY_SECONDS) {
      throw Failures.invalidParameter(
          VISIBILITY_TIMEOUT,
          timeout,
          "Total VisibilityTimeout for the message is beyond the limit ["
              + MAX_VISIBILITY_SECONDS
              + " seconds]");
    }
    return receipt;
  }

  /**
   * AWS answers success for a handle whose visibility expired or that a later receive superseded
   * (the message is not hidden again then: the store changes only the current, in-flight receipt);
   * only a message that is gone is an error.
   */
  private static void check(ReceiptOutcome outcome, String handle) {
    switch (outcome) {
      case DONE, NOT_IN_FLIGHT, STALE_RECEIPT -> {}
      case NOT_FOUND ->
          throw Failures.invalidParameter(
              RECEIPT_HANDLE,
              handle,
              "Message does not exist or is not available for visibility timeout change");
    }
  }
}
