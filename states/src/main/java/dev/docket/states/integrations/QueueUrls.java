package dev.docket.states.integrations;

import java.net.URI;

/** Queue URLs as SQS writes them, turned into queue ARNs for the target SPI. */
final class QueueUrls {

  private QueueUrls() {}

  /**
   * The ARN of the queue a URL names: {@code <endpoint>/<account>/<name>}, Docket's regional {@code
   * <endpoint>/queue/<region>/<account>/<name>}, or AWS's {@code
   * https://sqs.<region>.amazonaws.com/<account>/<name>}.
   *
   * @param region the region to assume when the URL names none
   * @param account the account to assume when the URL names none
   */
  static String toArn(String url, String region, String account) {
    String path;
    String host = "";
    try {
      URI uri = URI.create(url);
      path = uri.getPath() == null ? "" : uri.getPath();
      host = uri.getHost() == null ? "" : uri.getHost();
    } catch (IllegalArgumentException e) {
      path = url;
    }
    String[] segments = path.replaceAll("^/+|/+$", "").split("/");
    String name = segments[segments.length - 1];
    String queueAccount = segments.length >= 2 ? segments[segments.length - 2] : account;
    String queueRegion = region;
    if (segments.length >= 4 && segments[segments.length - 4].equals("queue")) {
      queueRegion = segments[segments.length - 3];
    } else if (host.startsWith("sqs.") && host.endsWith(".amazonaws.com")) {
      queueRegion = host.substring(4, host.length() - ".amazonaws.com".length());
    }
    return "arn:aws:sqs:" + queueRegion + ":" + queueAccount + ":" + name;
  }
}
