package dev.docket.events;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * EventBridge's ARN formats, spelled and parsed in one place.
 *
 * <ul>
 *   <li>bus: {@code arn:aws:events:<region>:<account>:event-bus/<name>}
 *   <li>rule on the default bus: {@code arn:aws:events:<region>:<account>:rule/<name>}
 *   <li>rule on a custom bus: {@code arn:aws:events:<region>:<account>:rule/<bus>/<name>}
 *   <li>connection: {@code arn:aws:events:<region>:<account>:connection/<name>/<uuid>}
 *   <li>API destination: {@code arn:aws:events:<region>:<account>:api-destination/<name>/<uuid>}
 * </ul>
 *
 * <p>Stateless and thread-safe.
 */
public final class Arns {

  /** The name of the bus every account has in every region. */
  public static final String DEFAULT_BUS = "default";

  private static final Pattern ARN =
      Pattern.compile("arn:(aws[a-z-]*):events:([a-z0-9-]+):(\\d{12}):([a-z-]+)/(.+)");

  private Arns() {}

  /**
   * The parts of an EventBridge ARN.
   *
   * @param region the region
   * @param account the 12-digit account
   * @param type the resource type: {@code event-bus}, {@code rule}, {@code connection}, ...
   * @param resource what follows {@code type/}
   */
  public record Parsed(String region, String account, String type, String resource) {

    /** Checks required components. */
    public Parsed {
      Objects.requireNonNull(region, "region");
      Objects.requireNonNull(account, "account");
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(resource, "resource");
    }
  }

  /** The ARN of bus {@code name}. */
  public static String bus(String region, String account, String name) {
    return prefix(region, account) + "event-bus/" + name;
  }

  /** The ARN of rule {@code rule} on bus {@code busName} (no bus segment on the default bus). */
  public static String rule(String region, String account, String busName, String rule) {
    return DEFAULT_BUS.equals(busName)
        ? prefix(region, account) + "rule/" + rule
        : prefix(region, account) + "rule/" + busName + "/" + rule;
  }

  /** The ARN of connection {@code name} with its generated {@code uuid}. */
  public static String connection(String region, String account, String name, String uuid) {
    return prefix(region, account) + "connection/" + name + "/" + uuid;
  }

  /** The ARN of API destination {@code name} with its generated {@code uuid}. */
  public static String apiDestination(String region, String account, String name, String uuid) {
    return prefix(region, account) + "api-destination/" + name + "/" + uuid;
  }

  /** The parts of {@code arn}, if it is an EventBridge ARN. */
  public static Optional<Parsed> parse(String arn) {
    if (arn == null) {
      return Optional.empty();
    }
    Matcher m = ARN.matcher(arn);
    if (!m.matches()) {
      return Optional.empty();
    }
    return Optional.of(new Parsed(m.group(2), m.group(3), m.group(4), m.group(5)));
  }

  /** Whether {@code arn} is the ARN of an event bus. */
  public static boolean isBus(String arn) {
    return parse(arn).filter(p -> p.type().equals("event-bus")).isPresent();
  }

  /** The bus name in a bus ARN; empty if {@code arn} is not one. */
  public static Optional<String> busName(String arn) {
    return parse(arn)
        .filter(p -> p.type().equals("event-bus") && !p.resource().contains("/"))
        .map(Parsed::resource);
  }

  private static String prefix(String region, String account) {
    return "arn:aws:events:" + region + ":" + account + ":";
  }
}
