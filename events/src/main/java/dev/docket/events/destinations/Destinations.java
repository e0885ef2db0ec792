package dev.docket.events.destinations;

import static dev.docket.events.destinations.StoredDocuments.API_DESTINATION;
import static dev.docket.events.destinations.StoredDocuments.CONNECTION;
import static dev.docket.events.destinations.StoredDocuments.JSON;
import static dev.docket.events.destinations.StoredDocuments.text;
import static dev.docket.events.destinations.StoredDocuments.timestamp;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docket.events.EventsError;
import dev.docket.model.RequestContext;
import dev.docket.model.ServiceException;
import dev.docket.store.ResourceRecord;
import dev.docket.store.ResourceStore;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * The API-destination operations. A destination is one document (kind {@value
 * StoredDocuments#API_DESTINATION}, id its ARN, parent {@code account/region}); its state is not
 * stored but derived from its connection's, as AWS does: {@code ACTIVE} while the connection is
 * {@code AUTHORIZED}, {@code INACTIVE} otherwise (an OAuth connection still {@code AUTHORIZING}, a
 * deauthorized or deleted one). Thread-safe: writes use the store's optimistic versions.
 */
final class Destinations {

  /** AWS's default {@code InvocationRateLimitPerSecond}. */
  static final int DEFAULT_RATE_LIMIT = 300;

  private static final List<String> SUMMARY =
      List.of(
          "ApiDestinationArn",
          "Name",
          "ApiDestinationState",
          "ConnectionArn",
          "InvocationEndpoint",
          "HttpMethod",
          "InvocationRateLimitPerSecond");

  /** The members CreateApiDestination and UpdateApiDestination copy into the document. */
  private static final List<String> SETTABLE =
      List.of(
          "Description",
          "ConnectionArn",
          "InvocationEndpoint",
          "HttpMethod",
          "InvocationRateLimitPerSecond");

  private final ResourceStore store;
  private final Clock clock;

  Destinations(ResourceStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  ObjectNode create(ObjectNode input, RequestContext context) {
    String name = input.get("Name").asText();
    StoredDocuments.checkName(name);
    String parent = StoredDocuments.parent(context.accountId(), context.region());
    if (StoredDocuments.byName(store, API_DESTINATION, parent, name).isPresent()) {
      throw alreadyExists(name);
    }
    requireConnection(input.get("ConnectionArn").asText());
    long now = StoredDocuments.millis(clock.instant());
    ObjectNode document = JSON.createObjectNode();
    document.put("Name", name);
    document.put(
        "ApiDestinationArn",
        StoredDocuments.arn(
            context.region(),
            context.accountId(),
            "api-destination",
            name,
            UUID.randomUUID().toString()));
    StoredDocuments.copy(input, document, SETTABLE);
    if (!document.has("InvocationRateLimitPerSecond")) {
      document.put("InvocationRateLimitPerSecond", DEFAULT_RATE_LIMIT);
    }
    document.put("CreationTime", now);
    document.put("LastModifiedTime", now);
    ResourceRecord record =
        new ResourceRecord(
            API_DESTINATION,
            document.get("ApiDestinationArn").asText(),
            parent,
            name,
            1,
            StoredDocuments.write(document));
    if (!store.create(record)) {
      throw alreadyExists(name);
    }
    return answer(document);
  }

  ObjectNode describe(ObjectNode input, RequestContext context) {
    ObjectNode document = StoredDocuments.parse(find(input, context, "describe"));
    ObjectNode output = JSON.createObjectNode();
    StoredDocuments.copy(document, output, SUMMARY);
    StoredDocuments.copy(document, output, List.of("Description"));
    output.put("ApiDestinationState", state(document));
    times(document, output);
    return output;
  }

  ObjectNode update(ObjectNode input, RequestContext context) {
    ResourceRecord record = find(input, context, "update");
    if (input.hasNonNull("ConnectionArn")) {
      requireConnection(input.get("ConnectionArn").asText());
    }
    ObjectNode document = StoredDocuments.parse(record);
    StoredDocuments.copy(input, document, SETTABLE);
    document.put("LastModifiedTime", StoredDocuments.millis(clock.instant()));
    if (!store.replace(record.next(StoredDocuments.write(document)))) {
      throw concurrentModification(record.name());
    }
    return answer(document);
  }

  ObjectNode delete(ObjectNode input, RequestContext context) {
    ResourceRecord record = find(input, context, "delete");
    if (!store.delete(API_DESTINATION, record.id(), record.version())) {
      throw concurrentModification(record.name());
    }
    return JSON.createObjectNode();
  }

  ObjectNode list(ObjectNode input, RequestContext context) {
    String connection = text(input, "ConnectionArn");
    Page page =
        Page.collect(
            store,
            API_DESTINATION,
            StoredDocuments.parent(context.accountId(), context.region()),
            Objects.requireNonNullElse(text(input, "NamePrefix"), ""),
            StoredDocuments.afterName(input.get("NextToken")),
            StoredDocuments.limit(input.get("Limit")),
            document -> connection == null || connection.equals(text(document, "ConnectionArn")));
    ObjectNode output = JSON.createObjectNode();
    ArrayNode destinations = output.putArray("ApiDestinations");
    for (ObjectNode document : page.documents()) {
      ObjectNode item = destinations.addObject();
      StoredDocuments.copy(document, item, SUMMARY);
      item.put("ApiDestinationState", state(document));
      times(document, item);
    }
    page.nextToken().ifPresent(token -> output.put("NextToken", token));
    return output;
  }

  private ObjectNode answer(ObjectNode document) {
    ObjectNode output = JSON.createObjectNode();
    output.put("ApiDestinationArn", document.get("ApiDestinationArn").asText());
    output.put("ApiDestinationState", state(document));
    times(document, output);
    return output;
  }

  private String state(ObjectNode document) {
    return store
        .get(CONNECTION, document.get("ConnectionArn").asText())
        .map(StoredDocuments::parse)
        .filter(connection -> "AUTHORIZED".equals(text(connection, "ConnectionState")))
        .map(connection -> "ACTIVE")
        .orElse("INACTIVE");
  }

  private void requireConnection(String connectionArn) {
    if (store.get(CONNECTION, connectionArn).isEmpty()) {
      throw new ServiceException(
          EventsError.RESOURCE_NOT_FOUND,
          "Connection '" + connectionName(connectionArn) + "' does not exist.");
    }
  }

  /** The name part of {@code arn:...:connection/<name>/<uuid>}. */
  static String connectionName(String connectionArn) {
    String[] parts = connectionArn.split("/");
    return parts.length >= 2 ? parts[1] : connectionArn;
  }

  private ResourceRecord find(ObjectNode input, RequestContext context, String verb) {
    String name = input.get("Name").asText();
    return StoredDocuments.byName(
            store,
            API_DESTINATION,
            StoredDocuments.parent(context.accountId(), context.region()),
            name)
        .orElseThrow(
            () ->
                new ServiceException(
                    EventsError.RESOURCE_NOT_FOUND,
                    "Failed to "
                        + verb
                        + " the api-destination(s). An api-destination '"
                        + name
                        + "' does not exist."));
  }

  private static void times(ObjectNode document, ObjectNode output) {
    output.set("CreationTime", timestamp(document.get("CreationTime")));
    output.set("LastModifiedTime", timestamp(document.get("LastModifiedTime")));
  }

  private static ServiceException alreadyExists(String name) {
    return new ServiceException(
        EventsError.RESOURCE_ALREADY_EXISTS, "An api-destination '" + name + "' already exists.");
  }

  private static ServiceException concurrentModification(String name) {
    return new ServiceException(
        EventsError.CONCURRENT_MODIFICATION,
        "Api-destination '" + name + "' was changed by another request; try again.");
  }
}
