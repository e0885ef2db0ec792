package dev.docket.events.destinations;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docket.events.EventsError;
import dev.docket.model.ServiceException;
import dev.docket.store.ResourceRecord;
import dev.docket.store.ResourceStore;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What connections and API destinations share: the store kinds, ARNs, JSON documents, timestamps
 * and page tokens. A document holds the resource with AWS's member names (secrets included: Docket
 * has no Secrets Manager), timestamps as epoch milliseconds. Stateless and thread-safe.
 */
final class StoredDocuments {

  /** The store kind of a connection. */
  static final String CONNECTION = "events.connection";

  /** The store kind of an API destination. */
  static final String API_DESTINATION = "events.api-destination";

  static final ObjectMapper JSON = new ObjectMapper();

  private StoredDocuments() {}

  /** What connections and destinations of an account and region are listed under. */
  static String parent(String accountId, String region) {
    return accountId + "/" + region;
  }

  /** {@code arn:aws:events:<region>:<account>:<type>/<name>/<uuid>}. */
  static String arn(String region, String accountId, String type, String name, String uuid) {
    return "arn:aws:events:" + region + ":" + accountId + ":" + type + "/" + name + "/" + uuid;
  }

  /** The resource of {@code kind} named {@code name} under {@code parent}, if any. */
  static Optional<ResourceRecord> byName(
      ResourceStore store, String kind, String parent, String name) {
    return store.list(kind, parent, name, "", 1).stream()
        .filter(record -> record.name().equals(name))
        .findFirst();
  }

  private static final Pattern NAME = Pattern.compile("[\\.\\-_A-Za-z0-9]+");

  /**
   * Checks a new connection's or destination's name against the whole of the model's pattern, with
   * AWS's message (the generic validation matches patterns anywhere in the value).
   */
  static void checkName(String name) {
    if (!NAME.matcher(name).matches()) {
      throw new ServiceException(
          EventsError.VALIDATION,
          "1 validation error detected: Value '"
              + name
              + "' at 'name' failed to satisfy constraint: Member must satisfy regular expression"
              + " pattern: [\\.\\-_A-Za-z0-9]+");
    }
  }

  static ObjectNode parse(ResourceRecord record) {
    try {
      return (ObjectNode) JSON.readTree(record.document());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Corrupt " + record.kind() + " document " + record.id(), e);
    }
  }

  static String write(ObjectNode document) {
    try {
      return JSON.writeValueAsString(document);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A stored timestamp (epoch milliseconds) as the wire wants it: epoch seconds, fractional. */
  static JsonNode timestamp(JsonNode epochMillis) {
    return DecimalNode.valueOf(BigDecimal.valueOf(epochMillis.asLong(), 3));
  }

  static long millis(Instant instant) {
    return instant.toEpochMilli();
  }

  /** The page token that continues a listing after {@code name}. */
  static String nextToken(String name) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(name.getBytes(StandardCharsets.UTF_8));
  }

  /** The name a page token continues after; a token Docket did not issue is a validation error. */
  static String afterName(JsonNode token) {
    if (token == null || token.isNull()) {
      return "";
    }
    try {
      return new String(Base64.getUrlDecoder().decode(token.asText()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new ServiceException(
          EventsError.VALIDATION, "The NextToken '" + token.asText() + "' is not valid.");
    }
  }

  static int limit(JsonNode limit) {
    return limit == null || limit.isNull() ? 100 : limit.asInt();
  }

  /** Copies each named member of {@code from} that is present into {@code to}. */
  static void copy(ObjectNode from, ObjectNode to, List<String> members) {
    for (String member : members) {
      JsonNode value = from.get(member);
      if (value != null && !value.isNull()) {
        to.set(member, value);
      }
    }
  }

  static String text(JsonNode node, String member) {
    JsonNode value = node.get(member);
    return value == null || value.isNull() ? null : value.asText();
  }
}
