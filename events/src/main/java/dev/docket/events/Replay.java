package dev.docket.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docket.store.ArchivePosition;
import dev.docket.store.ResourceRecord;
import dev.docket.store.StoreException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An EventBridge replay and its task's durable progress: the resource document (kind {@value
 * #KIND}, id = ARN, parent = {@code account/region}, name = replay name). Besides AWS's members it
 * holds the task's {@code position} in the archive (the last event handed on) and its lease ({@code
 * owner} until {@code leaseUntil}): only the owner of an unexpired lease runs the replay, and every
 * write of the task is a versioned replace, so a second node can neither run it twice nor overwrite
 * a cancel. Times are ISO-8601 texts (the position needs the archive's microseconds).
 *
 * @param name the replay name, unique in its account and region
 * @param arn {@code arn:aws:events:<region>:<account>:replay/<name>}
 * @param account the owning account
 * @param region the region
 * @param archiveArn the archive replayed (AWS's {@code EventSourceArn})
 * @param description the description
 * @param eventStartTime the first event time replayed
 * @param eventEndTime the last event time replayed
 * @param destinationArn the bus whose rules receive the events
 * @param filterArns the rules that receive them; all rules of the bus when empty
 * @param state the state
 * @param stateReason why it failed or was cancelled
 * @param replayStartTime when StartReplay was called
 * @param replayEndTime when it ended
 * @param lastReplayedTime the time of the last event replayed
 * @param position where the task goes on from
 * @param owner the node whose task runs it
 * @param leaseUntil until when {@code owner} holds it
 */
record Replay(
    String name,
    String arn,
    String account,
    String region,
    String archiveArn,
    Optional<String> description,
    Instant eventStartTime,
    Instant eventEndTime,
    String destinationArn,
    List<String> filterArns,
    ReplayState state,
    Optional<String> stateReason,
    Instant replayStartTime,
    Optional<Instant> replayEndTime,
    Optional<Instant> lastReplayedTime,
    ArchivePosition position,
    Optional<String> owner,
    Instant leaseUntil) {

  /** The resource kind of replays. */
  static final String KIND = "events.replay";

  private static final ObjectMapper JSON = new ObjectMapper();

  Replay {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(arn, "arn");
    Objects.requireNonNull(archiveArn, "archiveArn");
    Objects.requireNonNull(destinationArn, "destinationArn");
    filterArns = List.copyOf(filterArns);
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(position, "position");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(leaseUntil, "leaseUntil");
  }

  /** The ARN of replay {@code name}. */
  static String arnOf(String region, String account, String name) {
    return "arn:aws:events:" + region + ":" + account + ":replay/" + name;
  }

  /** A new (version 1) record of this replay. */
  ResourceRecord newRecord() {
    return new ResourceRecord(KIND, arn, Bus.parentOf(account, region), name, 1, document());
  }

  /** This replay in {@code next} (a legal transition), with {@code reason}. */
  Replay in(ReplayState next, Optional<String> reason, Optional<Instant> endTime) {
    return new Replay(
        name,
        arn,
        account,
        region,
        archiveArn,
        description,
        eventStartTime,
        eventEndTime,
        destinationArn,
        filterArns,
        state.moveTo(next),
        reason,
        replayStartTime,
        endTime.or(this::replayEndTime),
        lastReplayedTime,
        position,
        owner,
        leaseUntil);
  }

  /** This replay having handed on the events up to {@code to}, the last of them at {@code time}. */
  Replay progressed(ArchivePosition to, Instant time) {
    return new Replay(
        name,
        arn,
        account,
        region,
        archiveArn,
        description,
        eventStartTime,
        eventEndTime,
        destinationArn,
        filterArns,
        state,
        stateReason,
        replayStartTime,
        replayEndTime,
        Optional.of(time),
        to,
        owner,
        leaseUntil);
  }

  /** This replay leased to {@code newOwner} until {@code until} (empty owner: released). */
  Replay leased(Optional<String> newOwner, Instant until) {
    return new Replay(
        name,
        arn,
        account,
        region,
        archiveArn,
        description,
        eventStartTime,
        eventEndTime,
        destinationArn,
        filterArns,
        state,
        stateReason,
        replayStartTime,
        replayEndTime,
        lastReplayedTime,
        position,
        newOwner,
        until);
  }

  /** The stored document. */
  String document() {
    ObjectNode node = JSON.createObjectNode();
    node.put("name", name);
    node.put("arn", arn);
    node.put("account", account);
    node.put("region", region);
    node.put("archiveArn", archiveArn);
    description.ifPresent(d -> node.put("description", d));
    node.put("eventStartTime", eventStartTime.toString());
    node.put("eventEndTime", eventEndTime.toString());
    node.put("destinationArn", destinationArn);
    filterArns.forEach(node.putArray("filterArns")::add);
    node.put("state", state.name());
    stateReason.ifPresent(r -> node.put("stateReason", r));
    node.put("replayStartTime", replayStartTime.toString());
    replayEndTime.ifPresent(t -> node.put("replayEndTime", t.toString()));
    lastReplayedTime.ifPresent(t -> node.put("lastReplayedTime", t.toString()));
    node.put("positionTime", position.time().toString());
    node.put("positionSequence", position.sequence());
    owner.ifPresent(o -> node.put("owner", o));
    node.put("leaseUntil", leaseUntil.toString());
    return node.toString();
  }

  /** The replay a document holds. */
  static Replay read(String document) {
    JsonNode node;
    try {
      node = JSON.readTree(document);
    } catch (JsonProcessingException e) {
      throw new StoreException("corrupt replay document: " + e.getOriginalMessage(), e);
    }
    List<String> filters = new ArrayList<>();
    node.path("filterArns").forEach(f -> filters.add(f.asText()));
    return new Replay(
        node.get("name").asText(),
        node.get("arn").asText(),
        node.get("account").asText(),
        node.get("region").asText(),
        node.get("archiveArn").asText(),
        text(node, "description"),
        Instant.parse(node.get("eventStartTime").asText()),
        Instant.parse(node.get("eventEndTime").asText()),
        node.get("destinationArn").asText(),
        filters,
        ReplayState.valueOf(node.get("state").asText()),
        text(node, "stateReason"),
        Instant.parse(node.get("replayStartTime").asText()),
        text(node, "replayEndTime").map(Instant::parse),
        text(node, "lastReplayedTime").map(Instant::parse),
        new ArchivePosition(
            Instant.parse(node.get("positionTime").asText()),
            node.get("positionSequence").asLong()),
        text(node, "owner"),
        Instant.parse(node.get("leaseUntil").asText()));
  }

  private static Optional<String> text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
  }
}
