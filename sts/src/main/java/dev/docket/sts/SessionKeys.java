package dev.docket.sts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.docket.model.SessionTokens;
import dev.docket.store.ResourceRecord;
import dev.docket.store.ResourceStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * The server key session tokens are sealed with: 256 random bits kept as the {@code auth.key}
 * document {@code session-token} of the resource store, created on first start. Kept in the store
 * rather than in memory so that credentials handed out survive a restart and every node sharing the
 * store accepts them. Anyone holding the data directory can mint tokens; the data directory is
 * already the trust boundary. Stateless and thread-safe.
 */
public final class SessionKeys {

  /** The document kind of server keys. */
  public static final String KIND = "auth.key";

  /** The id of the session-token key. */
  public static final String SESSION_TOKEN_KEY = "session-token";

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private SessionKeys() {}

  /**
   * The stored key, created on first use. Two nodes starting together agree: the store's create is
   * conditional, and the loser reads the winner's key.
   *
   * @throws IllegalStateException when the stored document is not a key
   */
  public static SessionTokens loadOrCreate(ResourceStore resources) {
    Optional<ResourceRecord> stored = resources.get(KIND, SESSION_TOKEN_KEY);
    if (stored.isEmpty()) {
      byte[] key = new byte[SessionTokens.KEY_BYTES];
      new SecureRandom().nextBytes(key);
      String document =
          MAPPER
              .createObjectNode()
              .put("algorithm", "AES-256-GCM")
              .put("key", Base64.getEncoder().encodeToString(key))
              .toString();
      if (resources.create(
          new ResourceRecord(KIND, SESSION_TOKEN_KEY, "server", SESSION_TOKEN_KEY, 1, document))) {
        return new SessionTokens(key);
      }
      stored = resources.get(KIND, SESSION_TOKEN_KEY);
    }
    return new SessionTokens(decode(stored.orElseThrow().document()));
  }

  private static byte[] decode(String document) {
    try {
      JsonNode node = MAPPER.readTree(document);
      byte[] key = Base64.getDecoder().decode(node.path("key").asText(""));
      if (key.length != SessionTokens.KEY_BYTES) {
        throw new IllegalStateException(
            "The stored session-token key has " + key.length + " bytes, not 32");
      }
      return key;
    } catch (IOException e) {
      throw new UncheckedIOException("The stored session-token key is not JSON", e);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("The stored session-token key is not Base64", e);
    }
  }
}
