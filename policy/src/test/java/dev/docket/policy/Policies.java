package dev.docket.policy;

import dev.docket.model.Principal;

/** Principals, ARNs and a small builder for the tests' policy documents. */
final class Policies {

  static final String OWNER = "111111111111";
  static final String OTHER = "222222222222";
  static final String THIRD = "333333333333";
  static final String QUEUE_ARN = "arn:aws:sqs:us-east-1:111111111111:orders";
  static final String BUS_ARN = "arn:aws:events:us-east-1:111111111111:event-bus/orders";

  private Policies() {}

  /** A {@code 2012-10-17} document with the given statements (JSON objects, comma-separated). */
  static String document(String statements) {
    return "{\"Version\": \"2012-10-17\", \"Statement\": [" + statements + "]}";
  }

  /** A document parsed with the default options. */
  static Policy policy(String statements) {
    return PolicyDocument.parse(document(statements));
  }

  static Principal root(String account) {
    return Principal.root(account);
  }

  static Principal user(String account, String name) {
    return Principal.ofArn("arn:aws:iam::" + account + ":user/" + name);
  }

  static Principal session(String account, String role, String session) {
    return Principal.ofArn("arn:aws:sts::" + account + ":assumed-role/" + role + "/" + session);
  }
}
