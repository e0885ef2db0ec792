package dev.docket.events;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docket.model.RequestContext;
import dev.docket.model.ServiceException;
import dev.docket.store.ArchiveStats;
import dev.docket.store.ArchiveStore;
import dev.docket.store.ResourceRecord;
import dev.docket.store.ResourceStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * CreateArchive, DescribeArchive, ListArchives, UpdateArchive and DeleteArchive. An archive is a
 * document of the resource store; its events and counters are in the {@link ArchiveStore}, filled
 * by the bus's {@link Archiver}. Thread-safe: all state is in the stores.
 */
final class ArchiveOperations {

  private static final String LISTING = "archives";

  private final ResourceStore resources;
  private final ArchiveStore events;
  private final BusDirectory buses;
  private final Archivers archivers;
  private final Clock clock;

  ArchiveOperations(
      ResourceStore resources,
      ArchiveStore events,
      BusDirectory buses,
      Archivers archivers,
      Clock clock) {
    this.resources = resources;
    this.events = events;
    this.buses = buses;
    this.archivers = archivers;
    this.clock = clock;
  }

  ObjectNode create(ObjectNode input, RequestContext context) {
    String name = Inputs.required(input, "ArchiveName");
    Names.check(name, "archiveName");
    String sourceArn = Inputs.required(input, "EventSourceArn");
    Optional<String> pattern = Inputs.text(input, "EventPattern");
    String arn = Archive.arnOf(context.region(), context.accountId(), name);
    if (resources.get(Archive.KIND, arn).isPresent()) {
      throw archiveExists(name);
    }
    requireBus(sourceArn, context);
    pattern.ifPresent(RuleOperations::checkPattern);
    Archive archive =
        new Archive(
            name,
            arn,
            context.accountId(),
            context.region(),
            sourceArn,
            pattern,
            Inputs.text(input, "Description"),
            Inputs.integer(input, "RetentionDays").orElse(0),
            clock.instant());
    // the archiver first: from here on the router's trims wait for it
    archivers.ensure(sourceArn);
    events.delete(arn); // leftovers of an earlier archive of this name, if its deletion was cut off
    if (!resources.create(archive.newRecord())) {
      throw archiveExists(name);
    }
    archivers.archivesChanged(sourceArn);
    ObjectNode output = JsonNodeFactory.instance.objectNode();
    output.put("ArchiveArn", arn);
    output.put("State", Archive.STATE);
    output.put("CreationTime", BusOperations.seconds(archive.createdAt()));
    return output;
  }

  ObjectNode describe(ObjectNode input, RequestContext context) {
    Archive archive = find(Inputs.required(input, "ArchiveName"), context);
    ObjectNode output = JsonNodeFactory.instance.objectNode();
    output.put("ArchiveArn", archive.arn());
    output.put("ArchiveName", archive.name());
    output.put("EventSourceArn", archive.sourceArn());
    archive.description().ifPresent(d -> output.put("Description", d));
    archive.eventPattern().ifPresent(p -> output.put("EventPattern", p));
    output.put("State", Archive.STATE);
    output.put("RetentionDays", archive.retentionDays());
    writeStats(events.stats(archive.arn()), output);
    output.put("CreationTime", BusOperations.seconds(archive.createdAt()));
    return output;
  }

  ObjectNode list(ObjectNode input, RequestContext context) {
    Optional<String> source = Inputs.text(input, "EventSourceArn");
    source.ifPresent(arn -> requireBus(arn, context));
    Optional<String> state = Inputs.text(input, "State");
    Predicate<Archive> wanted =
        archive ->
            source.map(archive.sourceArn()::equals).orElse(true)
                && state.map(Archive.STATE::equals).orElse(true);
    int limit = Inputs.integer(input, "Limit").orElse(Pages.DEFAULT_LIMIT);
    String after = Pages.position(LISTING, Inputs.text(input, "NextToken"));
    List<Archive> page =
        page(context, Inputs.text(input, "NamePrefix").orElse(""), after, limit + 1, wanted);
    ObjectNode output = JsonNodeFactory.instance.objectNode();
    ArrayNode entries = output.putArray("Archives");
    for (Archive archive : page.subList(0, Math.min(limit, page.size()))) {
      ObjectNode entry = entries.addObject();
      entry.put("ArchiveName", archive.name());
      entry.put("EventSourceArn", archive.sourceArn());
      entry.put("State", Archive.STATE);
      entry.put("RetentionDays", archive.retentionDays());
      writeStats(events.stats(archive.arn()), entry);
      entry.put("CreationTime", BusOperations.seconds(archive.createdAt()));
    }
    if (page.size() > limit) {
      output.put("NextToken", Pages.token(LISTING, page.get(limit - 1).name()));
    }
    return output;
  }

  ObjectNode update(ObjectNode input, RequestContext context) {
    String name = Inputs.required(input, "ArchiveName");
    Optional<String> pattern = Inputs.text(input, "EventPattern");
    Optional<String> description = Inputs.text(input, "Description");
    Optional<Integer> retention = Inputs.integer(input, "RetentionDays");
    if (pattern.isEmpty() && description.isEmpty() && retention.isEmpty()) {
      // AWS's, as recorded
      throw Failures.validation(
          "At least one of EventPattern, RetentionDays or Description must be provided.");
    }
    pattern.ifPresent(RuleOperations::checkPattern);
    String arn = Archive.arnOf(context.region(), context.accountId(), name);
    ResourceRecord written =
        BusDirectory.update(
            resources,
            Archive.KIND,
            arn,
            current ->
                current.next(
                    Archive.read(current.document())
                        .updated(pattern, description, retention)
                        .document()),
            () -> archiveNotFound(name));
    Archive archive = Archive.read(written.document());
    archivers.archivesChanged(archive.sourceArn());
    ObjectNode output = JsonNodeFactory.instance.objectNode();
    output.put("ArchiveArn", archive.arn());
    output.put("State", Archive.STATE);
    output.put("CreationTime", BusOperations.seconds(archive.createdAt()));
    return output;
  }

  ObjectNode delete(ObjectNode input, RequestContext context) {
    String name = Inputs.required(input, "ArchiveName");
    String arn = Archive.arnOf(context.region(), context.accountId(), name);
    ResourceRecord record =
        resources.get(Archive.KIND, arn).orElseThrow(() -> archiveNotFound(name));
    if (!resources.delete(Archive.KIND, arn, record.version())) {
      throw Failures.concurrentModification();
    }
    Archive archive = Archive.read(record.document());
    archivers.archivesChanged(archive.sourceArn());
    events.delete(arn);
    return JsonNodeFactory.instance.objectNode();
  }

  /** The archive {@code name} of the caller's account and region. */
  Archive find(String name, RequestContext context) {
    return resources
        .get(Archive.KIND, Archive.arnOf(context.region(), context.accountId(), name))
        .map(record -> Archive.read(record.document()))
        .orElseThrow(() -> archiveNotFound(name));
  }

  private void requireBus(String busArn, RequestContext context) {
    if (buses.byArn(busArn, context).isEmpty()) {
      throw Failures.busNotFound(Arns.busName(busArn).orElse(busArn));
    }
  }

  /** Up to {@code max} archives of the caller after {@code after} that {@code wanted} accepts. */
  private List<Archive> page(
      RequestContext context, String prefix, String after, int max, Predicate<Archive> wanted) {
    String parent = Bus.parentOf(context.accountId(), context.region());
    List<Archive> found = new ArrayList<>();
    while (found.size() < max) {
      List<ResourceRecord> records =
          resources.list(Archive.KIND, parent, prefix, after, Pages.DEFAULT_LIMIT);
      for (ResourceRecord record : records) {
        Archive archive = Archive.read(record.document());
        if (wanted.test(archive) && found.size() < max) {
          found.add(archive);
        }
      }
      if (records.size() < Pages.DEFAULT_LIMIT) {
        break;
      }
      after = records.getLast().name();
    }
    return found;
  }

  private static void writeStats(ArchiveStats stats, ObjectNode output) {
    output.put("SizeBytes", stats.sizeBytes());
    output.put("EventCount", stats.eventCount());
  }

  /** AWS's: an unknown archive. */
  static ServiceException archiveNotFound(String name) {
    return new ServiceException(
        EventsError.RESOURCE_NOT_FOUND, "Archive " + name + " does not exist.");
  }

  /** AWS's: an archive of that name exists. */
  static ServiceException archiveExists(String name) {
    return new ServiceException(
        EventsError.RESOURCE_ALREADY_EXISTS, "Archive " + name + " already exists.");
  }
}
