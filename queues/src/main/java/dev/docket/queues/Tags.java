package dev.docket.queues;

import java.util.Map;

/**
 * SQS's limits on queue tags: at most 50, keys 1 to 128 characters, values up to 256. Stateless.
 */
final class Tags {

  static final int MAX_TAGS = 50;

  private Tags() {}

  /** Checks a queue's complete tag set. */
  static void check(Map<String, String> tags) {
    if (tags.size() > MAX_TAGS) {
      throw Failures.invalidParameter(
          "Too many tags added for queue: " + tags.size() + " tags, at most " + MAX_TAGS + ".");
    }
    tags.forEach(
        (key, value) -> {
          if (key.isEmpty() || key.length() > 128) {
            throw Failures.invalidParameter(
                "Tag keys must be between 1 and 128 characters in length, but '"
                    + key
                    + "' has "
                    + key.length()
                    + ".");
          }
          if (value.length() > 256) {
            throw Failures.invalidParameter(
                "Tag values must be at most 256 characters in length, but the value of tag '"
                    + key
                    + "' has "
                    + value.length()
                    + ".");
          }
        });
  }
}
