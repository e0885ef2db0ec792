package dev.docket.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docket.model.RequestContext;
import dev.docket.model.ServiceException;
import dev.docket.store.ArchivePosition;
import dev.docket.store.ResourceRecord;
import dev.docket.store.ResourceStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * StartReplay, DescribeReplay, ListReplays and CancelReplay. A replay is a document of the resource
 * store that its {@link ReplayTask} moves along; these operations create it (and start its task),
 * read it, and ask for its cancellation. Thread-safe: all state is in the store.
 */
final class ReplayOperations {

  /** AWS's quota: replays in STARTING or RUNNING per account and region. */
  static final int MAX_ACTIVE = 10;

  private static final String LISTING = "replays";

  private final ResourceStore resources;
  private final BusDirectory buses;
  private final ReplayTasks tasks;
  private final Clock clock;

  ReplayOperations(ResourceStore resources, BusDirectory buses, ReplayTasks tasks, Clock clock) {
    this.resources = resources;
    this.buses = buses;
    this.tasks = tasks;
    this.clock = clock;
  }

  ObjectNode start(ObjectNode input, RequestContext context) {
    String name = Inputs.required(input, "ReplayName");
    Names.check(name, "replayName");
    String arn = Replay.arnOf(context.region(), context.accountId(), name);
    if (resources.get(Replay.KIND, arn).isPresent()) {
      throw replayExists(name);
    }
    Instant start = time(input.get("EventStartTime"));
    Instant end = time(input.get("EventEndTime"));
    Instant now = clock.instant();
    if (!end.isAfter(start)) {
      // AWS's, as recorded
      throw Failures.validation(
          "Parameter EventEndTime is not valid. Reason: EventStartTime must be before"
              + " EventEndTime.");
    }
    if (end.isAfter(now)) {
      // ours: AWS refuses an end in the future; its text is not recorded
      throw Failures.validation(
          "Parameter EventEndTime is not valid. Reason: EventEndTime must not be in the future.");
    }
    String archiveArn = Inputs.required(input, "EventSourceArn");
    Optional<Archive> archive =
        resources.get(Archive.KIND, archiveArn).map(record -> Archive.read(record.document()));
    if (archive.isEmpty()) {
      // AWS's, as recorded
      throw Failures.validation(
          "Parameter EventSourceArn is not valid. Reason: Archive "
              + Archive.nameOf(archiveArn)
              + " does not exist.");
    }
    JsonNode destination = input.path("Destination");
    String destinationArn = Inputs.required(destination, "Arn");
    checkDestination(destinationArn, archive.get(), context);
    if (active(context) >= MAX_ACTIVE) {
      // AWS's, as recorded
      throw new ServiceException(
          EventsError.LIMIT_EXCEEDED, "The requested resource exceeds the maximum number allowed.");
    }
    List<String> filters = new ArrayList<>();
    destination.path("FilterArns").forEach(f -> filters.add(f.asText()));
    Replay replay =
        new Replay(
            name,
            arn,
            context.accountId(),
            context.region(),
            archiveArn,
            Inputs.text(input, "Description"),
            start,
            end,
            destinationArn,
            filters,
            ReplayState.STARTING,
            Optional.empty(),
            now,
            Optional.empty(),
            Optional.empty(),
            ArchivePosition.before(start),
            Optional.empty(),
            Instant.EPOCH);
    tasks.register(arn);
    if (!resources.create(replay.newRecord())) {
      throw replayExists(name);
    }
    tasks.launch(arn);
    ObjectNode output = JsonNodeFactory.instance.objectNode();
    output.put("ReplayArn", arn);
    output.put("State", ReplayState.STARTING.name());
    output.put("ReplayStartTime", BusOperations.seconds(now));
    return output;
  }

  ObjectNode describe(ObjectNode input, RequestContext context) {
    Replay replay = find(Inputs.required(input, "ReplayName"), context).replay();
    ObjectNode output = JsonNodeFactory.instance.objectNode();
    output.put("ReplayName", replay.name());
    output.put("ReplayArn", replay.arn());
    replay.description().ifPresent(d -> output.put("Description", d));
    writeState(replay, output);
    output.put("EventSourceArn", replay.archiveArn());
    ObjectNode destination = output.putObject("Destination");
    destination.put("Arn", replay.destinationArn());
    if (!replay.filterArns().isEmpty()) {
      ArrayNode filters = destination.putArray("FilterArns");
      replay.filterArns().forEach(filters::add);
    }
    writeTimes(replay, output);
    return output;
  }

  ObjectNode list(ObjectNode input, RequestContext context) {
    Optional<String> source = Inputs.text(input, "EventSourceArn");
    Optional<String> state = Inputs.text(input, "State");
    Predicate<Replay> wanted =
        replay ->
            source.map(replay.archiveArn()::equals).orElse(true)
                && state.map(replay.state().name()::equals).orElse(true);
    int limit = Inputs.integer(input, "Limit").orElse(Pages.DEFAULT_LIMIT);
    String after = Pages.position(LISTING, Inputs.text(input, "NextToken"));
    List<Replay> page =
        page(context, Inputs.text(input, "NamePrefix").orElse(""), after, limit + 1, wanted);
    ObjectNode output = JsonNodeFactory.instance.objectNode();
    ArrayNode entries = output.putArray("Replays");
    for (Replay replay : page.subList(0, Math.min(limit, page.size()))) {
      ObjectNode entry = entries.addObject();
      entry.put("ReplayName", replay.name());
      entry.put("EventSourceArn", replay.archiveArn());
      writeState(replay, entry);
      writeTimes(replay, entry);
    }
    if (page.size() > limit) {
      output.put("NextToken", Pages.token(LISTING, page.get(limit - 1).name()));
    }
    return output;
  }

  ObjectNode cancel(ObjectNode input, RequestContext context) {
    String name = Inputs.required(input, "ReplayName");
    for (int attempt = 0; attempt < 5; attempt++) {
      Found found = find(name, context);
      Replay replay = found.replay();
      if (!replay.state().cancellable()) {
        // ours: AWS's text for this case is not recorded
        throw new ServiceException(
            EventsError.ILLEGAL_STATUS,
            "Replay "
                + name
                + " is "
                + replay.state()
                + "; only a STARTING or RUNNING replay can"
                + " be cancelled.");
      }
      Replay cancelling = replay.in(ReplayState.CANCELLING, Optional.empty(), Optional.empty());
      if (resources.replace(found.record().next(cancelling.document()))) {
        tasks.cancelled(replay.arn());
        ObjectNode output = JsonNodeFactory.instance.objectNode();
        output.put("ReplayArn", replay.arn());
        output.put("State", ReplayState.CANCELLING.name());
        return output;
      }
    }
    throw Failures.concurrentModification();
  }

  private record Found(ResourceRecord record, Replay replay) {}

  private Found find(String name, RequestContext context) {
    ResourceRecord record =
        resources
            .get(Replay.KIND, Replay.arnOf(context.region(), context.accountId(), name))
            .orElseThrow(
                () ->
                    new ServiceException(
                        EventsError.RESOURCE_NOT_FOUND, "Replay " + name + " does not exist."));
    return new Found(record, Replay.read(record.document()));
  }

  /**
   * AWS's checks of {@code Destination.Arn}: the archive's own bus; another bus that exists is a
   * cross-bus replay, one that does not is not found.
   */
  private void checkDestination(String destinationArn, Archive archive, RequestContext context) {
    boolean exists = buses.byArn(destinationArn, context).isPresent();
    if (!exists) {
      throw Failures.busNotFound(Arns.busName(destinationArn).orElse(destinationArn));
    }
    if (!destinationArn.equals(archive.sourceArn())) {
      throw Failures.validation(
          "Parameter Destination.Arn is not valid. Reason: Cross event bus replay is not"
              + " permitted.");
    }
  }

  private long active(RequestContext context) {
    return page(context, "", "", Integer.MAX_VALUE, replay -> replay.state().cancellable()).size();
  }

  private List<Replay> page(
      RequestContext context, String prefix, String after, int max, Predicate<Replay> wanted) {
    String parent = Bus.parentOf(context.accountId(), context.region());
    List<Replay> found = new ArrayList<>();
    while (found.size() < max) {
      List<ResourceRecord> records =
          resources.list(Replay.KIND, parent, prefix, after, Pages.DEFAULT_LIMIT);
      for (ResourceRecord record : records) {
        Replay replay = Replay.read(record.document());
        if (wanted.test(replay) && found.size() < max) {
          found.add(replay);
        }
      }
      if (records.size() < Pages.DEFAULT_LIMIT) {
        break;
      }
      after = records.getLast().name();
    }
    return found;
  }

  private static void writeState(Replay replay, ObjectNode output) {
    output.put("State", replay.state().name());
    replay.stateReason().ifPresent(r -> output.put("StateReason", r));
  }

  private static void writeTimes(Replay replay, ObjectNode output) {
    output.put("EventStartTime", BusOperations.seconds(replay.eventStartTime()));
    output.put("EventEndTime", BusOperations.seconds(replay.eventEndTime()));
    replay
        .lastReplayedTime()
        .ifPresent(t -> output.put("EventLastReplayedTime", BusOperations.seconds(t)));
    output.put("ReplayStartTime", BusOperations.seconds(replay.replayStartTime()));
    replay.replayEndTime().ifPresent(t -> output.put("ReplayEndTime", BusOperations.seconds(t)));
  }

  private static ServiceException replayExists(String name) {
    // AWS's, as recorded
    return new ServiceException(
        EventsError.RESOURCE_ALREADY_EXISTS, "Replay " + name + " already exists.");
  }

  /** A validated timestamp member: awsJson epoch seconds (the model checked it is one). */
  private static Instant time(JsonNode value) {
    double seconds = value.asDouble();
    long whole = (long) Math.floor(seconds);
    return Instant.ofEpochSecond(whole, Math.round((seconds - whole) * 1_000_000) * 1000L);
  }
}
