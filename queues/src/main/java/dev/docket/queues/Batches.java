package dev.docket.queues;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docket.model.ServiceException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The request-level rules every SQS batch shares (at least one and at most ten entries, entry ids
 * of {@code [A-Za-z0-9_-]{1,80}}, all distinct) and the shape of a failed entry. Stateless.
 */
final class Batches {

  /** The most entries one batch may hold. */
  static final int MAX_ENTRIES = 10;

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,80}");

  private Batches() {}

  /**
   * Checks a batch as a whole; a failure fails the whole request.
   *
   * @param entries the entries as sent
   * @param entryShape the model's name of one entry, quoted in the empty-batch message
   */
  static void check(List<JsonNode> entries, String entryShape) {
    if (entries.isEmpty()) {
      throw new ServiceException(
          SqsError.EMPTY_BATCH_REQUEST,
          "There should be at least one " + entryShape + " in the request.");
    }
    if (entries.size() > MAX_ENTRIES) {
      throw new ServiceException(
          SqsError.TOO_MANY_ENTRIES_IN_BATCH_REQUEST,
          "Maximum number of entries per request are "
              + MAX_ENTRIES
              + ". You have sent "
              + entries.size()
              + ".");
    }
    Set<String> seen = new HashSet<>();
    for (JsonNode entry : entries) {
      String id = Inputs.text(entry, "Id").orElseThrow(() -> Failures.missingParameter("Id"));
      if (!ID.matcher(id).matches()) {
        throw new ServiceException(SqsError.INVALID_BATCH_ENTRY_ID);
      }
      if (!seen.add(id)) {
        throw new ServiceException(
            SqsError.BATCH_ENTRY_IDS_NOT_DISTINCT, "Id " + id + " repeated.");
      }
    }
  }

  /** A {@code BatchResultErrorEntry} for a failed entry. */
  static ObjectNode failed(String id, ServiceException failure) {
    ObjectNode entry = JsonNodeFactory.instance.objectNode();
    entry.put("Id", id);
    entry.put("SenderFault", failure.code().senderFault());
    entry.put("Code", failure.code().queryCode());
    entry.put("Message", failure.getMessage());
    return entry;
  }
}
