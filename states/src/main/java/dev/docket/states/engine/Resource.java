package dev.docket.states.engine;

import java.util.Objects;

/**
 * A Task state's {@code Resource}, parsed.
 *
 * @param arn the resource as written
 * @param kind what it names
 * @param service for a service integration ({@code arn:aws:states:::sqs:sendMessage}), the service
 *     ({@code sqs}); for an activity {@code activity}; for a bare Lambda ARN {@code lambda}
 * @param action the action ({@code sendMessage}); empty for activities and bare Lambda ARNs
 * @param pattern {@code ""} (request-response), {@code waitForTaskToken}, {@code sync} or {@code
 *     sync:2}
 * @param region the region the resource names, or null
 */
public record Resource(
    String arn, Kind kind, String service, String action, String pattern, String region) {

  /** What a resource names. */
  public enum Kind {
    /** {@code arn:aws:states:::service:action[.pattern]}. */
    INTEGRATION,
    /** {@code arn:aws:states:region:account:activity:name}. */
    ACTIVITY,
    /** {@code arn:aws:lambda:region:account:function:name}. */
    LAMBDA_FUNCTION,
    /** Anything else. */
    UNKNOWN
  }

  public Resource {
    Objects.requireNonNull(arn, "arn");
    Objects.requireNonNull(kind, "kind");
  }

  /** Parses a resource ARN. */
  public static Resource parse(String arn) {
    String[] parts = arn.split(":", 7);
    if (parts.length >= 6 && parts[0].equals("arn")) {
      String service = parts[2];
      String region = parts[3].isEmpty() ? null : parts[3];
      if (service.equals("states") && parts[3].isEmpty() && parts[4].isEmpty()) {
        String rest = arn.substring(("arn:" + parts[1] + ":states:::").length());
        int colon = rest.indexOf(':');
        if (colon > 0) {
          String svc = rest.substring(0, colon);
          String actionAndPattern = rest.substring(colon + 1);
          int dot = actionAndPattern.indexOf('.');
          String action = dot < 0 ? actionAndPattern : actionAndPattern.substring(0, dot);
          String pattern = dot < 0 ? "" : actionAndPattern.substring(dot + 1);
          return new Resource(arn, Kind.INTEGRATION, svc, action, pattern, null);
        }
      }
      if (service.equals("states") && parts[5].equals("activity") && parts.length == 7) {
        return new Resource(arn, Kind.ACTIVITY, "activity", "", "", region);
      }
      if (service.equals("lambda") && parts[5].equals("function")) {
        return new Resource(arn, Kind.LAMBDA_FUNCTION, "lambda", "", "", region);
      }
    }
    return new Resource(arn, Kind.UNKNOWN, "", "", "", null);
  }

  /** The {@code resourceType} of history events: the service. */
  public String resourceType() {
    return service;
  }

  /** The {@code resource} of history events: action and pattern. */
  public String eventResource() {
    return pattern.isEmpty() ? action : action + "." + pattern;
  }

  /** Whether the task waits for a callback with its token. */
  public boolean waitsForToken() {
    return pattern.equals("waitForTaskToken");
  }
}
