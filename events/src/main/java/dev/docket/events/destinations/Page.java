package dev.docket.events.destinations;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docket.store.ResourceRecord;
import dev.docket.store.ResourceStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * One page of a filtered listing: the store lists by name, the filter (state, connection) is
 * applied here, and a page token is given only when another match exists after the page.
 */
record Page(List<ObjectNode> documents, Optional<String> nextToken) {

  private static final int BATCH = 100;

  static Page collect(
      ResourceStore store,
      String kind,
      String parent,
      String prefix,
      String afterName,
      int limit,
      Predicate<ObjectNode> filter) {
    List<ObjectNode> matches = new ArrayList<>();
    List<String> names = new ArrayList<>();
    String after = afterName;
    while (matches.size() <= limit) {
      List<ResourceRecord> batch = store.list(kind, parent, prefix, after, BATCH);
      for (ResourceRecord record : batch) {
        ObjectNode document = StoredDocuments.parse(record);
        if (filter.test(document)) {
          matches.add(document);
          names.add(record.name());
          if (matches.size() > limit) {
            break;
          }
        }
      }
      if (batch.size() < BATCH) {
        break;
      }
      after = batch.getLast().name();
    }
    if (matches.size() > limit) {
      return new Page(
          List.copyOf(matches.subList(0, limit)),
          Optional.of(StoredDocuments.nextToken(names.get(limit - 1))));
    }
    return new Page(List.copyOf(matches), Optional.empty());
  }
}
