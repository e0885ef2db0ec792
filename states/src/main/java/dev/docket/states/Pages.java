package dev.docket.states;

import dev.docket.model.ServiceException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/** Opaque {@code nextToken}s: which listing and where it resumes. */
final class Pages {

  private Pages() {}

  static String token(String listing, String position) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((listing + "\n" + position).getBytes(StandardCharsets.UTF_8));
  }

  /** Where {@code token} resumes {@code listing}; {@code ""} without a token. */
  static String position(String listing, Optional<String> token) {
    if (token.isEmpty()) {
      return "";
    }
    String decoded;
    try {
      decoded = new String(Base64.getUrlDecoder().decode(token.get()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw invalid();
    }
    if (!decoded.startsWith(listing + "\n")) {
      throw invalid();
    }
    return decoded.substring(listing.length() + 1);
  }

  private static ServiceException invalid() {
    return new ServiceException(StatesError.INVALID_TOKEN, "Invalid Token: 'Invalid nextToken'");
  }
}
