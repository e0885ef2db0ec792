package dev.docket.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An event bus as stored: one {@code events.bus} resource document.
 *
 * @param name the bus name, unique per account and region ({@code default} always exists)
 * @param arn the bus ARN ({@link Arns#bus})
 * @param account the owning account
 * @param region the region
 * @param description the description; empty when none
 * @param kmsKeyIdentifier the customer-managed key named at create or update; empty when none
 * @param deadLetterArn the queue ARN of the bus's {@code DeadLetterConfig}; empty when none
 * @param logConfig the {@code LogConfig} as given; empty when none
 * @param policy the resource policy document; empty when none
 * @param createdAt when the bus was created
 * @param lastModifiedAt when the bus last changed
 * @param tags the bus's tags in the order they were first set
 */
public record Bus(
    String name,
    String arn,
    String account,
    String region,
    Optional<String> description,
    Optional<String> kmsKeyIdentifier,
    Optional<String> deadLetterArn,
    Optional<JsonNode> logConfig,
    Optional<String> policy,
    Instant createdAt,
    Instant lastModifiedAt,
    Map<String, String> tags) {

  /** Checks required components, copies the log config and the tags. */
  public Bus {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(arn, "arn");
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(kmsKeyIdentifier, "kmsKeyIdentifier");
    Objects.requireNonNull(deadLetterArn, "deadLetterArn");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(lastModifiedAt, "lastModifiedAt");
    logConfig = logConfig.map(JsonNode::deepCopy);
    tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
  }

  /** The {@code default} bus of an account and region, as it is when first seen. */
  public static Bus defaultBus(String region, String account, Instant now) {
    return new Bus(
        Arns.DEFAULT_BUS,
        Arns.bus(region, account, Arns.DEFAULT_BUS),
        account,
        region,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        now,
        now,
        Map.of());
  }

  /** Whether this is the account's {@code default} bus. */
  public boolean isDefault() {
    return Arns.DEFAULT_BUS.equals(name);
  }

  /** The store parent of every bus of an account and region: {@code account/region}. */
  public static String parentOf(String account, String region) {
    return account + "/" + region;
  }

  /** This bus with another resource policy (empty: none), last modified at {@code now}. */
  public Bus withPolicy(Optional<String> newPolicy, Instant now) {
    return new Bus(
        name,
        arn,
        account,
        region,
        description,
        kmsKeyIdentifier,
        deadLetterArn,
        logConfig,
        newPolicy,
        createdAt,
        now,
        tags);
  }

  /** This bus with other tags. */
  public Bus withTags(Map<String, String> newTags) {
    return new Bus(
        name,
        arn,
        account,
        region,
        description,
        kmsKeyIdentifier,
        deadLetterArn,
        logConfig,
        policy,
        createdAt,
        lastModifiedAt,
        newTags);
  }
}
