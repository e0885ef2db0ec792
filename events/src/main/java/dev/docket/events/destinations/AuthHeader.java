package dev.docket.events.destinations;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * The one header a connection's authorization adds to a request.
 *
 * @param name the header name ({@code Authorization}, or the API key's name)
 * @param value its value
 */
record AuthHeader(String name, String value) {

  AuthHeader {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
  }

  /** {@code Authorization: Basic base64(username:password)} (RFC 7617, UTF-8). */
  static AuthHeader basic(String username, String password) {
    String credentials = username + ":" + password;
    return new AuthHeader(
        "Authorization",
        "Basic "
            + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
  }

  /** The API key as its own header: {@code <ApiKeyName>: <ApiKeyValue>}. */
  static AuthHeader apiKey(String name, String value) {
    return new AuthHeader(name, value);
  }

  /** {@code Authorization: Bearer <access token>} (RFC 6750). */
  static AuthHeader bearer(String accessToken) {
    return new AuthHeader("Authorization", "Bearer " + accessToken);
  }
}
