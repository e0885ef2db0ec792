package dev.docket.queues;

import dev.docket.model.ServiceException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Queue names, URLs and ARNs: how SQS spells a queue's address, and how Docket reads one back.
 * Stateless.
 */
final class QueueAddresses {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,80}");
  private static final Pattern FIFO_NAME = Pattern.compile("[A-Za-z0-9_-]{1,75}\\.fifo");
  private static final Pattern ACCOUNT = Pattern.compile("[0-9]{12}|[A-Za-z0-9_-]{1,64}");

  private QueueAddresses() {}

  /**
   * One queue's address within the server.
   *
   * @param accountId the owning account
   * @param name the queue name
   */
  record QueueKey(String accountId, String name) {}

  /** {@code <endpoint>/<account>/<name>}. */
  static String url(String endpoint, String accountId, String name) {
    String base = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
    return base + "/" + accountId + "/" + name;
  }

  /** {@code arn:aws:sqs:<region>:<account>:<name>}. */
  static String arn(String region, String accountId, String name) {
    return "arn:aws:sqs:" + region + ":" + accountId + ":" + name;
  }

  /** Checks a queue name for CreateQueue, with or without the FIFO suffix as the type requires. */
  static void checkName(String name, boolean fifo) {
    if (fifo && !FIFO_NAME.matcher(name).matches()) {
      throw Failures.invalidParameter(
          "The name of a FIFO queue can only include alphanumeric characters, hyphens, or"
              + " underscores, must end with .fifo suffix and be 1 to 80 in length");
    }
    if (!fifo && !NAME.matcher(name).matches()) {
      throw Failures.invalidParameter(
          "Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length");
    }
  }

  /**
   * Reads the account and name from a queue URL of any host: {@code http://host/<account>/<name>}.
   *
   * @throws ServiceException {@code InvalidAddress} when the URL has no such path
   */
  static QueueKey parseUrl(String queueUrl) {
    String path;
    try {
      URI uri = new URI(queueUrl.trim());
      path = uri.getRawPath();
    } catch (URISyntaxException e) {
      throw invalidAddress(queueUrl);
    }
    if (path == null) {
      throw invalidAddress(queueUrl);
    }
    String[] parts = path.replaceAll("^/+|/+$", "").split("/");
    if (parts.length != 2 || !ACCOUNT.matcher(parts[0]).matches() || parts[1].isEmpty()) {
      throw invalidAddress(queueUrl);
    }
    return new QueueKey(parts[0], parts[1]);
  }

  /** Reads the account and name from {@code arn:aws:sqs:<region>:<account>:<name>}. */
  static Optional<QueueKey> parseArn(String arn) {
    String[] parts = arn.split(":", -1);
    if (parts.length != 6
        || !parts[0].equals("arn")
        || !parts[2].equals("sqs")
        || parts[4].isEmpty()
        || parts[5].isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new QueueKey(parts[4], parts[5]));
  }

  private static ServiceException invalidAddress(String queueUrl) {
    return new ServiceException(
        SqsError.INVALID_ADDRESS, "The address " + queueUrl + " is not valid for this endpoint.");
  }
}
