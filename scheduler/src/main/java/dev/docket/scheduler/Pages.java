package dev.docket.scheduler;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Opaque {@code NextToken}s: the last listing name a page ended at, base64url-encoded with a prefix
 * saying what was listed, so a token of one listing is refused by another. Stateless.
 */
final class Pages {

  /** The page size when a request gives no {@code MaxResults} (the model's maximum). */
  static final int DEFAULT_MAX_RESULTS = 100;

  private Pages() {}

  static String token(String listing, String position) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((listing + ":" + position).getBytes(StandardCharsets.UTF_8));
  }

  /** Where {@code token} resumes {@code listing}; empty (from the start) without a token. */
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
    if (!decoded.startsWith(listing + ":")) {
      throw invalid();
    }
    return decoded.substring(listing.length() + 1);
  }

  private static RuntimeException invalid() {
    // ours
    return Failures.validation("The NextToken is not valid for this request.");
  }
}
