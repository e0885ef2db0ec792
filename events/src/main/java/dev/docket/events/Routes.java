package dev.docket.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docket.delivery.Delivery;
import dev.docket.delivery.DeliveryRequest;
import dev.docket.delivery.Origin;
import dev.docket.delivery.RetryPolicy;
import dev.docket.patterns.EventPattern;
import dev.docket.patterns.RuleMatcher;
import dev.docket.store.LoggedEvent;
import dev.docket.transform.TargetInput;
import dev.docket.transform.TransformContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One bus's enabled rules compiled for routing: one {@link RuleMatcher} over all their patterns,
 * and for each rule its targets with their {@link TargetInput}, retry policy, dead-letter queue and
 * parameters prepared once. Immutable and thread-safe; a bus's router builds a new one whenever the
 * bus's rules or targets change.
 *
 * <p>A rule whose pattern or target input no longer compiles (they were validated when put) is
 * logged and left out rather than stopping the bus.
 */
final class Routes {

  private static final Logger LOG = LoggerFactory.getLogger(Routes.class);

  /** The service principal EventBridge delivers to targets as. */
  static final String EVENTS_PRINCIPAL = "events.amazonaws.com";

  /** No rules: nothing is parsed or matched. */
  static final Routes EMPTY = new Routes(null, Map.of());

  private final RuleMatcher<String> matcher;
  private final Map<String, RuleRoute> rules;

  private Routes(RuleMatcher<String> matcher, Map<String, RuleRoute> rules) {
    this.matcher = matcher;
    this.rules = rules;
  }

  /** A rule as routing needs it. */
  private record RuleRoute(String arn, String name, List<TargetRoute> targets, Origin origin) {

    RuleRoute(String arn, String name, List<TargetRoute> targets) {
      this(
          arn,
          name,
          targets,
          new Origin(EVENTS_PRINCIPAL, arn, Arns.parse(arn).map(Arns.Parsed::account).orElse("")));
    }
  }

  /** A target as routing needs it; {@code parameters} is shared read-only by its deliveries. */
  private record TargetRoute(
      String arn,
      String id,
      TargetInput input,
      boolean forwardsWhole,
      RetryPolicy retryPolicy,
      Optional<String> deadLetterArn,
      ObjectNode parameters) {}

  /** Compiles the enabled pattern rules that have targets. */
  static Routes of(List<Rule> rules) {
    Map<String, EventPattern> patterns = new LinkedHashMap<>();
    Map<String, RuleRoute> routes = new LinkedHashMap<>();
    for (Rule rule : rules) {
      if (!rule.enabled() || rule.eventPattern().isEmpty() || rule.targets().isEmpty()) {
        continue;
      }
      try {
        EventPattern pattern = EventPattern.parse(rule.eventPattern().get());
        List<TargetRoute> targets = new ArrayList<>();
        for (RuleTarget target : rule.targets()) {
          targets.add(target(target));
        }
        patterns.put(rule.arn(), pattern);
        routes.put(rule.arn(), new RuleRoute(rule.arn(), rule.name(), List.copyOf(targets)));
      } catch (RuntimeException e) {
        LOG.warn("rule {} left out of routing: {}", rule.arn(), e.getMessage());
      }
    }
    return routes.isEmpty() ? EMPTY : new Routes(RuleMatcher.of(patterns), Map.copyOf(routes));
  }

  private static TargetRoute target(RuleTarget target) {
    // a bus target receives the event as it is (EventBridge forwards it untransformed); a target
    // without Input, InputPath or InputTransformer gets the logged text as it is, not re-serialised
    boolean whole =
        Arns.isBus(target.arn())
            || (target.input().isEmpty()
                && target.inputPath().isEmpty()
                && target.inputTransformer().isEmpty());
    ObjectNode parameters = JsonNodeFactory.instance.objectNode();
    target
        .json()
        .properties()
        .forEach(
            member -> {
              if (member.getKey().endsWith("Parameters") && member.getValue().isObject()) {
                parameters.set(member.getKey(), member.getValue());
              }
            });
    return new TargetRoute(
        target.arn(),
        target.id(),
        whole ? null : target.targetInput(),
        whole,
        target.retryPolicy(),
        target.deadLetterArn(),
        parameters);
  }

  /** Whether there is nothing to match (so events need not even be parsed). */
  boolean isEmpty() {
    return rules.isEmpty();
  }

  /**
   * Adds to {@code out} one delivery for each target of each rule {@code event} matches, with the
   * target's input rendered; a target whose input renders to nothing gets no delivery.
   *
   * @param logged the event as logged (its id, ingestion time, text and trace header)
   * @param event the same event parsed
   */
  void deliveries(LoggedEvent logged, JsonNode event, List<DeliveryRequest> out) {
    Set<String> matched = matcher.matches(event);
    if (matched.isEmpty()) {
      return;
    }
    for (String ruleArn : matched) {
      RuleRoute rule = rules.get(ruleArn);
      if (rule == null) {
        continue;
      }
      deliveries(rule, logged, event, out);
    }
  }

  /**
   * Adds to {@code out} one delivery for each target of a scheduled {@code rule} for its Scheduled
   * Event {@code logged} (not put on any bus: EventBridge hands it to the rule's targets alone).
   */
  static void scheduledDeliveries(
      Rule rule, LoggedEvent logged, JsonNode event, List<DeliveryRequest> out) {
    List<TargetRoute> targets = new ArrayList<>();
    for (RuleTarget target : rule.targets()) {
      targets.add(target(target));
    }
    deliveries(new RuleRoute(rule.arn(), rule.name(), targets), logged, event, out);
  }

  private static void deliveries(
      RuleRoute rule, LoggedEvent logged, JsonNode event, List<DeliveryRequest> out) {
    TransformContext context = new TransformContext(rule.arn(), rule.name(), logged.time());
    for (TargetRoute target : rule.targets()) {
      Optional<String> body =
          target.forwardsWhole()
              ? Optional.of(logged.json())
              : target.input().render(event, context);
      if (body.isEmpty()) {
        continue; // EventBridge delivers nothing when the filled template is not valid JSON
      }
      Delivery delivery =
          new Delivery(
              target.arn(),
              body.get(),
              target.parameters(),
              Map.of(),
              logged.id(),
              logged.traceHeader(),
              rule.origin());
      out.add(
          new DeliveryRequest(
              delivery,
              target.retryPolicy(),
              target.deadLetterArn(),
              rule.arn(),
              target.id(),
              logged.time(),
              // a dead letter carries the event as matched, not the transformed body
              target.forwardsWhole() ? Optional.empty() : Optional.of(logged.json())));
    }
  }
}
