package dev.docket.queues;

import dev.docket.model.ServiceException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Queue names, URLs and ARNs: how SQS spells a queue's address, and how Docket reads one back.
 *
 * <p>A queue lives in an account and a region, as in AWS: the same name in two regions is two
 * queues. Docket's queue URLs carry the region in the path, {@code
 * http://host:port/queue/<region>/<account>/<name>}, a form every SDK and the {@code aws} CLI
 * accept against a local endpoint (AWS's own carry it in the host, {@code
 * sqs.<region>.amazonaws.com}, which does not resolve to a local server). The older form {@code
 * http://host:port/<account>/<name>} still names a queue, in the region of the host when that is
 * {@code sqs.<region>.…} and else in the region of the request.
 *
 * <p>The store keys queues by an account string and a name; the queue service keeps a queue of the
 * home region (the server's default region) under its plain account id, so queues created before
 * regions counted keep their place, and a queue of another region under {@code <account>@<region>}
 * (see {@link #storeAccount}). Stateless.
 */
final class QueueAddresses {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,80}");
  private static final Pattern FIFO_NAME = Pattern.compile("[A-Za-z0-9_-]{1,75}\\.fifo");
  private static final Pattern ACCOUNT = Pattern.compile("[0-9]{12}|[A-Za-z0-9_-]{1,64}");
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d+");
  private static final Pattern REGION_HOST =
      Pattern.compile(
          "^(?:sqs\\.([a-z]{2}(?:-[a-z]+)+-\\d+)\\.|([a-z]{2}(?:-[a-z]+)+-\\d+)\\.queue\\.)");
  private static final char REGION_SEPARATOR = '@';

  private QueueAddresses() {}

  /**
   * One queue's address within the server.
   *
   * @param accountId the owning account
   * @param region the queue's region
   * @param name the queue name
   */
  record QueueKey(String accountId, String region, String name) {}

  /**
   * A queue URL as read, before the region is settled.
   *
   * @param accountId the account in the path
   * @param region the region the URL names (path or host), if it names one
   * @param name the queue name
   */
  record ParsedUrl(String accountId, Optional<String> region, String name) {

    /** The queue it names, in {@code defaultRegion} when the URL names no region. */
    QueueKey key(String defaultRegion) {
      return new QueueKey(accountId, region.orElse(defaultRegion), name);
    }
  }

  /** {@code <endpoint>/queue/<region>/<account>/<name>}. */
  static String url(String endpoint, QueueKey key) {
    String base = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
    return base + "/queue/" + key.region() + "/" + key.accountId() + "/" + key.name();
  }

  /** {@code arn:aws:sqs:<region>:<account>:<name>}. */
  static String arn(QueueKey key) {
    return "arn:aws:sqs:" + key.region() + ":" + key.accountId() + ":" + key.name();
  }

  /** The account string the store keeps a queue of this region under (see the class comment). */
  static String storeAccount(String accountId, String region, String homeRegion) {
    return region.equals(homeRegion) ? accountId : accountId + REGION_SEPARATOR + region;
  }

  /** The address of a stored queue: the inverse of {@link #storeAccount}. */
  static QueueKey keyOf(String storeAccount, String name, String homeRegion) {
    int at = storeAccount.indexOf(REGION_SEPARATOR);
    return at < 0
        ? new QueueKey(storeAccount, homeRegion, name)
        : new QueueKey(storeAccount.substring(0, at), storeAccount.substring(at + 1), name);
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

  /** Whether a {@code QueueUrl} value is a bare queue name, which AWS accepts there too. */
  static boolean isBareName(String queueUrl) {
    String name = queueUrl.trim();
    return NAME.matcher(name).matches() || FIFO_NAME.matcher(name).matches();
  }

  /**
   * Reads a queue URL of any host: {@code …/queue/<region>/<account>/<name>} or {@code
   * …/<account>/<name>} (the region then from an {@code sqs.<region>.…} or {@code <region>.queue.…}
   * host, if it has one).
   *
   * @throws ServiceException {@code InvalidAddress} when the URL has no such path
   */
  static ParsedUrl parseUrl(String queueUrl) {
    String path;
    String host;
    try {
      URI uri = new URI(queueUrl.trim());
      path = uri.getRawPath();
      host = uri.getHost();
    } catch (URISyntaxException e) {
      throw invalidAddress(queueUrl);
    }
    if (path == null) {
      throw invalidAddress(queueUrl);
    }
    String[] parts = path.replaceAll("^/+|/+$", "").split("/");
    if (parts.length == 4 && parts[0].equals("queue") && REGION.matcher(parts[1]).matches()) {
      return checked(queueUrl, parts[2], Optional.of(parts[1]), parts[3]);
    }
    if (parts.length != 2) {
      throw invalidAddress(queueUrl);
    }
    Optional<String> region = Optional.empty();
    if (host != null) {
      Matcher m = REGION_HOST.matcher(host);
      if (m.find()) {
        region = Optional.of(m.group(1) != null ? m.group(1) : m.group(2));
      }
    }
    return checked(queueUrl, parts[0], region, parts[1]);
  }

  private static ParsedUrl checked(
      String queueUrl, String account, Optional<String> region, String name) {
    if (!ACCOUNT.matcher(account).matches() || name.isEmpty()) {
      throw invalidAddress(queueUrl);
    }
    return new ParsedUrl(account, region, name);
  }

  /** Reads {@code arn:aws:sqs:<region>:<account>:<name>}. */
  static Optional<QueueKey> parseArn(String arn) {
    String[] parts = arn.split(":", -1);
    if (parts.length != 6
        || !parts[0].equals("arn")
        || !parts[2].equals("sqs")
        || parts[3].isEmpty()
        || parts[4].isEmpty()
        || parts[5].isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new QueueKey(parts[4], parts[3], parts[5]));
  }

  private static ServiceException invalidAddress(String queueUrl) {
    return new ServiceException(
        SqsError.INVALID_ADDRESS, "The address " + queueUrl + " is not valid for this endpoint.");
  }
}
