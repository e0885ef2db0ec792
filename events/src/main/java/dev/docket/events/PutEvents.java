package dev.docket.events;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docket.model.Principal;
import dev.docket.model.RequestContext;
import dev.docket.model.ServiceException;
import dev.docket.policy.Authorization;
import dev.docket.policy.ConditionContext;
import dev.docket.policy.RequestKeys;
import dev.docket.store.EventLogStore;
import dev.docket.store.NewEvent;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * PutEvents, storage first: validates each entry as EventBridge does (a bad entry fails alone with
 * its {@code ErrorCode} and {@code ErrorMessage}), writes each good entry's event envelope once,
 * appends all of them to the event log in one call (group-committed with concurrent requests),
 * answers with the event ids only after that call returned, and then wakes the routers of the buses
 * it wrote to.
 *
 * <p>The hot path parses each {@code Detail} once and serialises each envelope once; there is no
 * per-entry future or copy. An entry for a bus that does not exist gets an event id and is dropped,
 * as EventBridge does (recorded: {@code test_put_events_nonexistent_event_bus}).
 *
 * <p>Each entry is decided against its bus's resource policy ({@link BusPolicies}, design note
 * 0005): the caller's own bus admits it unless the policy denies it explicitly; another account's
 * bus (named by ARN) only if the policy allows {@code events:PutEvents} with the entry's {@code
 * events:source} and {@code events:detail-type}. A refused entry fails alone with {@code
 * AccessDeniedException}; the accepted ones are logged on their bus, with the caller's account and
 * region in the envelope. Thread-safe: the state is in the store, in {@link EventRouters} and in
 * {@link BusPolicies}.
 */
final class PutEvents {

  /** AWS's per-entry error code of a missing member. */
  static final String INVALID_ARGUMENT = "InvalidArgument";

  /** AWS's per-entry error code of a {@code Detail} that is not a JSON object. */
  static final String MALFORMED_DETAIL = "MalformedDetail";

  /** AWS's per-entry error code of a source in the reserved {@code aws.} namespace. */
  static final String NOT_AUTHORIZED_FOR_SOURCE = "NotAuthorizedForSourceException";

  /** AWS's per-entry error code of an entry the bus's policy does not admit. */
  static final String ACCESS_DENIED = "AccessDeniedException";

  /** AWS's message when the entries add up to more than the limit. */
  static final String TOO_LARGE = "Total size of the entries in the request is over the limit.";

  /** AWS's formula counts a given {@code Time} as 14 bytes. */
  private static final int TIME_SIZE = 14;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final DateTimeFormatter TIME = DateTimeFormatter.ISO_INSTANT;

  private final EventLogStore log;
  private final EventRouters routers;
  private final BusPolicies policies;
  private final EventsConfig config;
  private final Clock clock;

  PutEvents(
      EventLogStore log,
      EventRouters routers,
      BusPolicies policies,
      EventsConfig config,
      Clock clock) {
    this.log = Objects.requireNonNull(log, "log");
    this.routers = Objects.requireNonNull(routers, "routers");
    this.policies = Objects.requireNonNull(policies, "policies");
    this.config = Objects.requireNonNull(config, "config");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Serves one PutEvents request (input validated against the model: 1 to 10 entries). */
  ObjectNode putEvents(ObjectNode input, RequestContext context) {
    JsonNode entries = input.path("Entries");
    checkTotalSize(entries);
    Instant now = clock.instant();
    String defaultBus = Arns.bus(context.region(), context.accountId(), Arns.DEFAULT_BUS);
    int count = entries.size();
    String[] ids = new String[count];
    String[] errors = new String[count * 2];
    List<NewEvent> events = new ArrayList<>(count);
    Set<String> buses = new LinkedHashSet<>(2);
    Caller caller = new Caller(context, policies);
    for (int i = 0; i < count; i++) {
      JsonNode entry = entries.get(i);
      String error = validate(entry);
      JsonNode detail = error == null ? parseDetail(entry.get("Detail").asText()) : null;
      if (error == null && detail == null) {
        error = MALFORMED_DETAIL;
      }
      if (error != null) {
        errors[i * 2] = error.startsWith("Parameter ") ? INVALID_ARGUMENT : error;
        errors[i * 2 + 1] = message(error);
        continue;
      }
      String bus = busArn(entry, context, defaultBus);
      String denied = caller.denied(bus, entry);
      if (denied != null) {
        errors[i * 2] = ACCESS_DENIED;
        errors[i * 2 + 1] = denied;
        continue;
      }
      String id = UUID.randomUUID().toString();
      ids[i] = id;
      if (!routers.prepare(bus)) {
        continue; // EventBridge acknowledges events for a bus that does not exist and drops them
      }
      String envelope = envelope(id, entry, detail, time(entry, now), context);
      events.add(new NewEvent(bus, id, now, envelope, text(entry, "TraceHeader")));
      buses.add(bus);
    }
    if (!events.isEmpty()) {
      log.append(events);
      buses.forEach(routers::wake);
    }
    return response(ids, errors);
  }

  /**
   * Who puts, and the decisions about the buses it names: an entry for a bus of the caller's
   * account without a policy costs one map lookup; the request's global condition keys are built
   * once, for the first entry that needs a policy decision. Not thread-safe: one per request.
   */
  private static final class Caller {
    private final RequestContext context;
    private final BusPolicies policies;
    private ConditionContext.Builder keys;

    Caller(RequestContext context, BusPolicies policies) {
      this.context = context;
      this.policies = policies;
    }

    /** Null if the caller may put {@code entry} onto {@code busArn}, else why not (IAM's form). */
    String denied(String busArn, JsonNode entry) {
      Principal principal = context.principal();
      Optional<BusPolicies.Snapshot> bus = policies.get(busArn);
      if (bus.isEmpty()) {
        // a bus that does not exist: the caller's own is acknowledged and dropped, as EventBridge
        // does; another account's has no policy that could admit the caller
        boolean own =
            !principal.account().isEmpty()
                && Arns.parse(busArn)
                    .filter(arn -> arn.account().equals(principal.account()))
                    .isPresent();
        return own ? null : message(principal, busArn, Authorization.DENIED_IMPLICITLY);
      }
      if (BusPolicies.open(bus.get(), principal)) {
        return null;
      }
      if (keys == null) {
        keys = RequestKeys.of(context);
      }
      Authorization decision =
          BusPolicies.putEvents(
              bus.get(), principal, keys, text(entry, "Source"), text(entry, "DetailType"));
      return decision.allowed() ? null : message(principal, busArn, decision);
    }

    private static String message(Principal principal, String busArn, Authorization decision) {
      return Failures.accessDeniedMessage(
          principal.arn(),
          BusPolicies.PUT_EVENTS,
          busArn,
          decision == Authorization.DENIED_EXPLICITLY);
    }
  }

  /**
   * The size of one entry by AWS's formula: 14 bytes for a given {@code Time}, plus the UTF-8 bytes
   * of {@code Source}, {@code DetailType}, {@code Detail} and each of {@code Resources}.
   */
  static int entrySize(JsonNode entry) {
    int size = entry.hasNonNull("Time") ? TIME_SIZE : 0;
    size += utf8Length(entry.path("Source").asText(""));
    size += utf8Length(entry.path("DetailType").asText(""));
    size += utf8Length(entry.path("Detail").asText(""));
    for (JsonNode resource : entry.path("Resources")) {
      size += utf8Length(resource.asText(""));
    }
    return size;
  }

  private void checkTotalSize(JsonNode entries) {
    long total = 0;
    for (JsonNode entry : entries) {
      total += entrySize(entry);
    }
    if (total > config.maxEntrySize()) {
      throw new ServiceException(EventsError.VALIDATION, TOO_LARGE);
    }
  }

  /** The first thing wrong with the entry's members, or null; {@code Detail} is parsed later. */
  private static String validate(JsonNode entry) {
    String source = text(entry, "Source");
    if (source.isEmpty()) {
      return "Parameter Source";
    }
    if (text(entry, "DetailType").isEmpty()) {
      return "Parameter DetailType";
    }
    if (text(entry, "Detail").isEmpty()) {
      return "Parameter Detail";
    }
    if (source.startsWith("aws.")) {
      return NOT_AUTHORIZED_FOR_SOURCE;
    }
    return null;
  }

  private static String message(String error) {
    return switch (error) {
      case MALFORMED_DETAIL -> "Detail is malformed.";
      case NOT_AUTHORIZED_FOR_SOURCE -> "Not authorized for the source.";
      default -> {
        String member = error.substring("Parameter ".length());
        yield "Parameter "
            + member
            + " is not valid. Reason: "
            + member
            + " is a required argument.";
      }
    };
  }

  /** The parsed {@code Detail} if it is a JSON object, else null. */
  private static JsonNode parseDetail(String detail) {
    try {
      JsonNode node = JSON.readTree(detail);
      return node != null && node.isObject() ? node : null;
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  private static String busArn(JsonNode entry, RequestContext context, String defaultBus) {
    String given = text(entry, "EventBusName");
    if (given.isEmpty() || given.equals(Arns.DEFAULT_BUS)) {
      return defaultBus;
    }
    return given.startsWith("arn:")
        ? given
        : Arns.bus(context.region(), context.accountId(), given);
  }

  /** The event's {@code time}: the entry's {@code Time} if given, else now; to the second. */
  private static Instant time(JsonNode entry, Instant now) {
    JsonNode time = entry.get("Time");
    if (time == null || !time.isNumber()) {
      return now.truncatedTo(ChronoUnit.SECONDS);
    }
    return Instant.ofEpochSecond((long) Math.floor(time.asDouble()));
  }

  /** The envelope EventBridge delivers, in its member order. */
  private static String envelope(
      String id, JsonNode entry, JsonNode detail, Instant time, RequestContext context) {
    String source = entry.get("Source").asText();
    String detailType = entry.get("DetailType").asText();
    StringWriter out = new StringWriter(160 + source.length() + detailType.length());
    try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("version", "0");
      g.writeStringField("id", id);
      g.writeStringField("detail-type", detailType);
      g.writeStringField("source", source);
      g.writeStringField("account", context.accountId());
      g.writeStringField("time", TIME.format(time));
      g.writeStringField("region", context.region());
      g.writeArrayFieldStart("resources");
      for (JsonNode resource : entry.path("Resources")) {
        g.writeString(resource.asText());
      }
      g.writeEndArray();
      g.writeFieldName("detail");
      g.writeTree(detail);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static ObjectNode response(String[] ids, String[] errors) {
    ObjectNode response = NODES.objectNode();
    ArrayNode entries = NODES.arrayNode(ids.length);
    int failed = 0;
    for (int i = 0; i < ids.length; i++) {
      ObjectNode result = entries.addObject();
      if (ids[i] != null) {
        result.put("EventId", ids[i]);
      } else {
        failed++;
        result.put("ErrorCode", errors[i * 2]);
        result.put("ErrorMessage", errors[i * 2 + 1]);
      }
    }
    response.put("FailedEntryCount", failed);
    response.set("Entries", entries);
    return response;
  }

  private static String text(JsonNode node, String member) {
    JsonNode value = node.get(member);
    return value == null || value.isNull() ? "" : value.asText();
  }

  /** UTF-8 length without encoding. */
  static int utf8Length(String s) {
    int length = s.length();
    int bytes = length;
    for (int i = 0; i < length; i++) {
      char c = s.charAt(i);
      if (c >= 0x80) {
        if (c < 0x800) {
          bytes += 1;
        } else if (Character.isHighSurrogate(c)
            && i + 1 < length
            && Character.isLowSurrogate(s.charAt(i + 1))) {
          bytes += 2; // four bytes for the pair of two chars
          i++;
        } else {
          bytes += 2;
        }
      }
    }
    return bytes;
  }
}
