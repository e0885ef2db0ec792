package dev.docket.events.destinations;

import static dev.docket.events.destinations.StoredDocuments.CONNECTION;
import static dev.docket.events.destinations.StoredDocuments.JSON;
import static dev.docket.events.destinations.StoredDocuments.text;
import static dev.docket.events.destinations.StoredDocuments.timestamp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docket.events.EventsError;
import dev.docket.model.RequestContext;
import dev.docket.model.ServiceException;
import dev.docket.store.ResourceRecord;
import dev.docket.store.ResourceStore;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The connection operations. A connection is one document (kind {@value
 * StoredDocuments#CONNECTION}, id its ARN, parent {@code account/region}) holding the auth
 * parameters with their secrets; answers never carry a secret (password, API key value, client
 * secret, secret header / query / body values), as AWS keeps those in Secrets Manager. Basic and
 * API-key connections are {@code AUTHORIZED} at once; OAuth connections stay {@code AUTHORIZING}
 * until the first token is obtained (AWS's recorded answers). Thread-safe: writes use the store's
 * optimistic versions.
 */
final class Connections {

  private static final List<String> SUMMARY =
      List.of("ConnectionArn", "Name", "ConnectionState", "StateReason", "AuthorizationType");

  private final ResourceStore store;
  private final Clock clock;

  Connections(ResourceStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  ObjectNode create(ObjectNode input, RequestContext context) {
    String name = input.get("Name").asText();
    StoredDocuments.checkName(name);
    String parent = StoredDocuments.parent(context.accountId(), context.region());
    if (StoredDocuments.byName(store, CONNECTION, parent, name).isPresent()) {
      throw alreadyExists(name);
    }
    String type = input.get("AuthorizationType").asText();
    ObjectNode auth = (ObjectNode) input.get("AuthParameters");
    refusePrivateConnectivity(input);
    requireAuthFor(type, auth);
    long now = StoredDocuments.millis(clock.instant());
    String uuid = UUID.randomUUID().toString();
    ObjectNode document = JSON.createObjectNode();
    document.put("Name", name);
    document.put(
        "ConnectionArn",
        StoredDocuments.arn(context.region(), context.accountId(), "connection", name, uuid));
    StoredDocuments.copy(input, document, List.of("Description", "KmsKeyIdentifier"));
    document.put("AuthorizationType", type);
    document.set("AuthParameters", auth.deepCopy());
    document.put("ConnectionState", authorizedState(type));
    document.put("SecretArn", secretArn(context, name));
    document.put("CreationTime", now);
    document.put("LastModifiedTime", now);
    document.put("LastAuthorizedTime", now);
    ResourceRecord record =
        new ResourceRecord(
            CONNECTION,
            document.get("ConnectionArn").asText(),
            parent,
            name,
            1,
            StoredDocuments.write(document));
    if (!store.create(record)) {
      throw alreadyExists(name);
    }
    ObjectNode output = JSON.createObjectNode();
    StoredDocuments.copy(document, output, List.of("ConnectionArn", "ConnectionState"));
    output.set("CreationTime", timestamp(document.get("CreationTime")));
    output.set("LastModifiedTime", timestamp(document.get("LastModifiedTime")));
    return output;
  }

  ObjectNode describe(ObjectNode input, RequestContext context) {
    ObjectNode document = StoredDocuments.parse(find(input, context, "describe"));
    ObjectNode output = JSON.createObjectNode();
    StoredDocuments.copy(
        document,
        output,
        List.of(
            "ConnectionArn",
            "Name",
            "Description",
            "ConnectionState",
            "StateReason",
            "AuthorizationType",
            "SecretArn",
            "KmsKeyIdentifier"));
    output.set("AuthParameters", AuthParameters.publicView(document.get("AuthParameters")));
    times(document, output);
    return output;
  }

  ObjectNode update(ObjectNode input, RequestContext context) {
    ResourceRecord record = find(input, context, "update");
    refusePrivateConnectivity(input);
    ObjectNode document = StoredDocuments.parse(record);
    String oldType = document.get("AuthorizationType").asText();
    String type =
        input.hasNonNull("AuthorizationType") ? input.get("AuthorizationType").asText() : oldType;
    JsonNode authUpdate = input.get("AuthParameters");
    boolean reauthorize = !type.equals(oldType) || (authUpdate != null && !authUpdate.isNull());
    if (reauthorize) {
      ObjectNode auth =
          AuthParameters.merge(
              type.equals(oldType)
                  ? (ObjectNode) document.get("AuthParameters")
                  : AuthParameters.withoutCredentials(document.get("AuthParameters")),
              authUpdate);
      requireAuthFor(type, auth);
      document.set("AuthParameters", auth);
      document.put("AuthorizationType", type);
    }
    StoredDocuments.copy(input, document, List.of("Description", "KmsKeyIdentifier"));
    long now = StoredDocuments.millis(clock.instant());
    document.put("LastModifiedTime", now);
    if (reauthorize) {
      document.put("ConnectionState", authorizedState(type));
      document.put("LastAuthorizedTime", now);
      document.remove("StateReason");
    }
    replace(record, document);
    return stateAnswer(document, document.get("ConnectionState").asText());
  }

  ObjectNode delete(ObjectNode input, RequestContext context) {
    ResourceRecord record = find(input, context, "delete");
    if (!store.delete(CONNECTION, record.id(), record.version())) {
      throw concurrentModification(record.name());
    }
    return stateAnswer(StoredDocuments.parse(record), "DELETING");
  }

  ObjectNode deauthorize(ObjectNode input, RequestContext context) {
    ResourceRecord record = find(input, context, "deauthorize");
    ObjectNode document = StoredDocuments.parse(record);
    document.set("AuthParameters", AuthParameters.withoutSecrets(document.get("AuthParameters")));
    document.put("ConnectionState", "DEAUTHORIZED");
    document.put("LastModifiedTime", StoredDocuments.millis(clock.instant()));
    replace(record, document);
    return stateAnswer(document, "DEAUTHORIZING");
  }

  ObjectNode list(ObjectNode input, RequestContext context) {
    String parent = StoredDocuments.parent(context.accountId(), context.region());
    String prefix = Objects.requireNonNullElse(text(input, "NamePrefix"), "");
    String state = text(input, "ConnectionState");
    Page page =
        Page.collect(
            store,
            CONNECTION,
            parent,
            prefix,
            StoredDocuments.afterName(input.get("NextToken")),
            StoredDocuments.limit(input.get("Limit")),
            document -> state == null || state.equals(text(document, "ConnectionState")));
    ObjectNode output = JSON.createObjectNode();
    ArrayNode connections = output.putArray("Connections");
    for (ObjectNode document : page.documents()) {
      ObjectNode item = connections.addObject();
      StoredDocuments.copy(document, item, SUMMARY);
      times(document, item);
    }
    page.nextToken().ifPresent(token -> output.put("NextToken", token));
    return output;
  }

  private ResourceRecord find(ObjectNode input, RequestContext context, String verb) {
    String name = input.get("Name").asText();
    return StoredDocuments.byName(
            store, CONNECTION, StoredDocuments.parent(context.accountId(), context.region()), name)
        .orElseThrow(
            () ->
                new ServiceException(
                    EventsError.RESOURCE_NOT_FOUND,
                    "Failed to "
                        + verb
                        + " the connection(s). Connection '"
                        + name
                        + "' does not exist."));
  }

  private void replace(ResourceRecord record, ObjectNode document) {
    if (!store.replace(record.next(StoredDocuments.write(document)))) {
      throw concurrentModification(record.name());
    }
  }

  private static ObjectNode stateAnswer(ObjectNode document, String state) {
    ObjectNode output = JSON.createObjectNode();
    output.put("ConnectionArn", document.get("ConnectionArn").asText());
    output.put("ConnectionState", state);
    times(document, output);
    return output;
  }

  private static void times(ObjectNode document, ObjectNode output) {
    for (String member : List.of("CreationTime", "LastModifiedTime", "LastAuthorizedTime")) {
      if (document.hasNonNull(member)) {
        output.set(member, timestamp(document.get(member)));
      }
    }
  }

  /**
   * Private endpoints (VPC Lattice resource configurations) have no meaning for a self-hosted
   * server; refused rather than silently ignored.
   */
  private static void refusePrivateConnectivity(ObjectNode input) {
    if (input.hasNonNull("InvocationConnectivityParameters")
        || input.path("AuthParameters").hasNonNull("ConnectivityParameters")) {
      throw new ServiceException(
          EventsError.UNSUPPORTED_OPERATION,
          "Docket does not support connections to private endpoints"
              + " (InvocationConnectivityParameters, ConnectivityParameters).");
    }
  }

  private static String authorizedState(String type) {
    return type.equals("OAUTH_CLIENT_CREDENTIALS") ? "AUTHORIZING" : "AUTHORIZED";
  }

  /** The auth parameters the authorization type needs must be there, complete (Docket's text). */
  private static void requireAuthFor(String type, JsonNode auth) {
    String member =
        switch (type) {
          case "BASIC" -> "BasicAuthParameters";
          case "API_KEY" -> "ApiKeyAuthParameters";
          default -> "OAuthParameters";
        };
    List<String> required =
        switch (type) {
          case "BASIC" -> List.of("Username", "Password");
          case "API_KEY" -> List.of("ApiKeyName", "ApiKeyValue");
          default -> List.of("AuthorizationEndpoint", "HttpMethod");
        };
    JsonNode parameters = auth == null ? null : auth.get(member);
    if (parameters == null || parameters.isNull()) {
      throw new ServiceException(
          EventsError.VALIDATION,
          "AuthParameters." + member + " must be specified for AuthorizationType " + type + ".");
    }
    for (String field : required) {
      if (!parameters.hasNonNull(field)) {
        throw new ServiceException(
            EventsError.VALIDATION,
            "AuthParameters." + member + "." + field + " must be specified.");
      }
    }
    if (type.equals("OAUTH_CLIENT_CREDENTIALS")) {
      JsonNode client = parameters.get("ClientParameters");
      if (client == null || !client.hasNonNull("ClientID") || !client.hasNonNull("ClientSecret")) {
        throw new ServiceException(
            EventsError.VALIDATION,
            "AuthParameters.OAuthParameters.ClientParameters must specify ClientID and"
                + " ClientSecret.");
      }
    }
  }

  /**
   * {@code
   * arn:aws:secretsmanager:<region>:<account>:secret:events!connection/<name>/<uuid>-xxxxxx}.
   */
  private static String secretArn(RequestContext context, String name) {
    byte[] suffix = new byte[3];
    ThreadLocalRandom.current().nextBytes(suffix);
    return "arn:aws:secretsmanager:"
        + context.region()
        + ":"
        + context.accountId()
        + ":secret:events!connection/"
        + name
        + "/"
        + UUID.randomUUID()
        + "-"
        + HexFormat.of().formatHex(suffix);
  }

  private static ServiceException alreadyExists(String name) {
    return new ServiceException(
        EventsError.RESOURCE_ALREADY_EXISTS, "Connection " + name + " already exists.");
  }

  private static ServiceException concurrentModification(String name) {
    return new ServiceException(
        EventsError.CONCURRENT_MODIFICATION,
        "Connection '" + name + "' was changed by another request; try again.");
  }
}
