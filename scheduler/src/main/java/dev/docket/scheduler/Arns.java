package dev.docket.scheduler;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Scheduler's ARNs: {@code arn:aws:scheduler:<region>:<account>:schedule/<group>/<name>} and {@code
 * arn:aws:scheduler:<region>:<account>:schedule-group/<name>}. Stateless.
 */
final class Arns {

  /** The group every account has, which cannot be deleted. */
  static final String DEFAULT_GROUP = "default";

  private static final Pattern GROUP =
      Pattern.compile("arn:aws[a-z-]*:scheduler:([a-z0-9-]+):(\\d{12}):schedule-group/(.+)");

  private Arns() {}

  static String schedule(String region, String account, String group, String name) {
    return "arn:aws:scheduler:" + region + ":" + account + ":schedule/" + group + "/" + name;
  }

  static String group(String region, String account, String name) {
    return "arn:aws:scheduler:" + region + ":" + account + ":schedule-group/" + name;
  }

  /** The parent schedules and groups of an account and region are listed under. */
  static String parent(String account, String region) {
    return account + "/" + region;
  }

  /**
   * A parsed schedule group ARN.
   *
   * @param region its region
   * @param account its account
   * @param name the group name
   */
  record GroupArn(String region, String account, String name) {}

  static Optional<GroupArn> parseGroup(String arn) {
    Matcher m = GROUP.matcher(arn);
    return m.matches()
        ? Optional.of(new GroupArn(m.group(1), m.group(2), m.group(3)))
        : Optional.empty();
  }
}
