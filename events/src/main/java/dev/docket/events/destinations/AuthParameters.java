package dev.docket.events.destinations;

import static dev.docket.events.destinations.StoredDocuments.JSON;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A connection's {@code AuthParameters} as stored (with secrets), shown (without), merged by
 * UpdateConnection and cleared by DeauthorizeConnection. Stateless and thread-safe.
 */
final class AuthParameters {

  private static final List<String> HTTP_LISTS =
      List.of("HeaderParameters", "QueryStringParameters", "BodyParameters");

  private AuthParameters() {}

  /** What DescribeConnection shows: every secret left out, as AWS does. */
  static ObjectNode publicView(JsonNode stored) {
    ObjectNode view = JSON.createObjectNode();
    if (stored == null || !stored.isObject()) {
      return view;
    }
    JsonNode basic = stored.get("BasicAuthParameters");
    if (basic != null) {
      ObjectNode out = view.putObject("BasicAuthParameters");
      StoredDocuments.copy((ObjectNode) basic, out, List.of("Username"));
    }
    JsonNode apiKey = stored.get("ApiKeyAuthParameters");
    if (apiKey != null) {
      ObjectNode out = view.putObject("ApiKeyAuthParameters");
      StoredDocuments.copy((ObjectNode) apiKey, out, List.of("ApiKeyName"));
    }
    JsonNode oauth = stored.get("OAuthParameters");
    if (oauth != null) {
      ObjectNode out = view.putObject("OAuthParameters");
      StoredDocuments.copy((ObjectNode) oauth, out, List.of("AuthorizationEndpoint", "HttpMethod"));
      JsonNode client = oauth.get("ClientParameters");
      if (client != null) {
        StoredDocuments.copy(
            (ObjectNode) client, out.putObject("ClientParameters"), List.of("ClientID"));
      }
      if (oauth.has("OAuthHttpParameters")) {
        out.set("OAuthHttpParameters", httpPublicView(oauth.get("OAuthHttpParameters")));
      }
    }
    if (stored.has("InvocationHttpParameters")) {
      view.set("InvocationHttpParameters", httpPublicView(stored.get("InvocationHttpParameters")));
    }
    return view;
  }

  /** HTTP parameters with the values marked {@code IsValueSecret} left out. */
  private static ObjectNode httpPublicView(JsonNode http) {
    ObjectNode view = JSON.createObjectNode();
    for (String list : HTTP_LISTS) {
      JsonNode items = http.get(list);
      if (items == null || !items.isArray()) {
        continue;
      }
      ArrayNode out = view.putArray(list);
      for (JsonNode item : items) {
        ObjectNode copy = ((ObjectNode) item).deepCopy();
        if (item.path("IsValueSecret").asBoolean(false)) {
          copy.remove("Value");
        }
        out.add(copy);
      }
    }
    return view;
  }

  /** The stored parameters without the password, API key value and client secret. */
  static ObjectNode withoutSecrets(JsonNode stored) {
    ObjectNode copy = ((ObjectNode) stored).deepCopy();
    if (copy.get("BasicAuthParameters") instanceof ObjectNode basic) {
      basic.remove("Password");
    }
    if (copy.get("ApiKeyAuthParameters") instanceof ObjectNode apiKey) {
      apiKey.remove("ApiKeyValue");
    }
    if (copy.path("OAuthParameters").get("ClientParameters") instanceof ObjectNode client) {
      client.remove("ClientSecret");
    }
    return copy;
  }

  /** The stored parameters without any type's credentials (the invocation parameters stay). */
  static ObjectNode withoutCredentials(JsonNode stored) {
    ObjectNode copy = ((ObjectNode) stored).deepCopy();
    copy.remove(List.of("BasicAuthParameters", "ApiKeyAuthParameters", "OAuthParameters"));
    return copy;
  }

  /**
   * UpdateConnection's merge: members given replace stored ones, structure by structure (so a new
   * password keeps the user name); the HTTP parameter lists are replaced whole.
   */
  static ObjectNode merge(ObjectNode stored, JsonNode update) {
    ObjectNode merged = stored.deepCopy();
    if (update != null && update.isObject()) {
      mergeInto(merged, (ObjectNode) update);
    }
    return merged;
  }

  private static void mergeInto(ObjectNode target, ObjectNode update) {
    for (Iterator<Map.Entry<String, JsonNode>> it = update.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      JsonNode value = field.getValue();
      JsonNode existing = target.get(field.getKey());
      boolean httpParameters =
          field.getKey().equals("InvocationHttpParameters")
              || field.getKey().equals("OAuthHttpParameters");
      if (value.isObject() && existing instanceof ObjectNode node && !httpParameters) {
        mergeInto(node, (ObjectNode) value);
      } else if (!value.isNull()) {
        target.set(field.getKey(), value.deepCopy());
      }
    }
  }
}
