package dev.docket.events;

import dev.docket.delivery.Outcome;
import dev.docket.model.Principal;
import dev.docket.policy.Authorization;
import dev.docket.policy.Authorizer;
import dev.docket.policy.ConditionContext;
import dev.docket.policy.MalformedPolicyException;
import dev.docket.policy.ParseOptions;
import dev.docket.policy.Policy;
import dev.docket.policy.PolicyDocument;
import dev.docket.policy.Request;
import dev.docket.policy.RequestKeys;
import dev.docket.store.ResourceRecord;
import dev.docket.store.ResourceStore;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The resource policies of event buses, compiled once and kept with a snapshot of each bus, and the
 * decisions that ask them (design note 0005): PutEvents of one entry onto a bus, and a rule's
 * delivery onto a bus (a bus target).
 *
 * <p>The hot path is PutEvents: every entry looks its bus up here (one map lookup); the policy
 * document is parsed when the snapshot is loaded, never per request. A bus without a policy that
 * the caller's own account owns needs no condition keys at all ({@link #open}). Snapshots are
 * dropped by {@link #changed} after every write of a bus's policy and after a bus is deleted.
 *
 * <p>Thread-safe. A snapshot is loaded inside {@link ConcurrentHashMap#computeIfAbsent} and {@link
 * #changed} removes it through the same map, which waits for a load in progress, so a load that
 * raced with a write is never left behind (as in {@link RuleBook}). Correct for one node whose bus
 * writes all go through this service.
 */
final class BusPolicies {

  /** The IAM action of PutEvents, and of a rule delivering to a bus. */
  static final String PUT_EVENTS = "events:PutEvents";

  /** EventBridge's quota on a bus policy: 10 KB. */
  static final int MAX_POLICY_BYTES = 10_240;

  /** How bus policies are parsed: resource-policy rules within EventBridge's size quota. */
  static final ParseOptions PARSE_OPTIONS =
      ParseOptions.defaults().withLimits(MAX_POLICY_BYTES, 100, 1_000);

  private static final int MAX_UNWRITTEN_DEFAULTS = 65_536;

  private static final Logger LOG = LoggerFactory.getLogger(BusPolicies.class);

  /**
   * A bus as authorization needs it.
   *
   * @param arn the bus ARN
   * @param account the owning account
   * @param policy the compiled resource policy; empty when the bus has none
   */
  record Snapshot(String arn, String account, Optional<Policy> policy) {

    /** Checks required components. */
    Snapshot {
      Objects.requireNonNull(arn, "arn");
      Objects.requireNonNull(account, "account");
      Objects.requireNonNull(policy, "policy");
    }
  }

  private final ResourceStore store;
  private final Map<String, Snapshot> snapshots = new ConcurrentHashMap<>();
  private volatile Consumer<String> announcer = bus -> {};

  BusPolicies(ResourceStore store) {
    this.store = Objects.requireNonNull(store, "store");
  }

  /** Parses a bus policy document as EventBridge accepts it. */
  static Policy parse(String document) {
    return PolicyDocument.parse(document, PARSE_OPTIONS);
  }

  /**
   * The bus {@code busArn} names, if it exists; an account's {@code default} bus always does (its
   * document is created on the account's first management call). A default bus past the bound of
   * snapshots kept for unwritten ones reads as absent.
   */
  Optional<Snapshot> get(String busArn) {
    Snapshot cached = snapshots.get(busArn);
    if (cached != null) {
      return Optional.of(cached);
    }
    return Optional.ofNullable(snapshots.computeIfAbsent(busArn, this::load));
  }

  /** Drops the snapshot of {@code busArn}; call after its policy changed or it was deleted. */
  void changed(String busArn) {
    snapshots.remove(busArn);
  }

  /**
   * Has every later {@link #updated} told to {@code announcer} too (the other nodes sharing the
   * store, which call {@link #changed}).
   */
  void announceTo(Consumer<String> announcer) {
    this.announcer = Objects.requireNonNull(announcer, "announcer");
  }

  /** The policy of {@code busArn} was written here: drops its snapshot and announces it. */
  void updated(String busArn) {
    changed(busArn);
    announcer.accept(busArn);
  }

  /** Drops every snapshot (a resync: another node's change may have gone unheard). */
  void resync() {
    snapshots.clear();
  }

  /**
   * Whether {@code caller} may put onto {@code bus} with no further question: the bus has no policy
   * (so nothing can deny) and belongs to the caller's account.
   */
  static boolean open(Snapshot bus, Principal caller) {
    return bus.policy().isEmpty() && ownAccount(bus, caller);
  }

  /**
   * Decides PutEvents of one entry: {@code keys} holds the request's global keys; this adds {@code
   * events:source}, {@code events:detail-type} and {@code events:eventBusInvocation} ({@code
   * false}: a direct call).
   */
  static Authorization putEvents(
      Snapshot bus,
      Principal caller,
      ConditionContext.Builder keys,
      String source,
      String detailType) {
    keys.put("events:source", source)
        .put("events:detail-type", detailType)
        .put("events:eventBusInvocation", "false");
    Request request = new Request(caller, PUT_EVENTS, bus.arn(), keys.build());
    return Authorizer.decide(caller, bus.account(), bus.policy(), request);
  }

  /**
   * Decides a delivery onto a bus target on behalf of a source (a rule; a schedule): the caller is
   * the root of the source's account, with {@code aws:SourceArn} the source, {@code
   * aws:SourceAccount} its account and {@code events:eventBusInvocation} {@code true}.
   *
   * @param bus the receiving bus
   * @param sourceArn the sending rule or schedule (the delivery's {@code Origin.sourceArn})
   * @param sourceAccount its account ({@code Origin.sourceAccount}); empty: the ARN's
   * @return empty when allowed (or the source names no account); else the non-retryable failure
   *     EventBridge reports (its DLQ error code: {@code CROSS_ACCOUNT_INGESTION_FAILED}, {@code
   *     CROSS_REGION_INGESTION_FAILED} or {@code NO_PERMISSIONS})
   */
  static Optional<Outcome.Failed> delivery(
      Snapshot bus,
      String sourceArn,
      String sourceAccount,
      String source,
      String detailType,
      Instant now) {
    String[] arn = sourceArn.split(":", 6);
    String account = !sourceAccount.isEmpty() ? sourceAccount : arn.length == 6 ? arn[4] : "";
    if (!Principal.ACCOUNT.matcher(account).matches()) {
      return Optional.empty(); // no account to ask the policy about
    }
    Principal sender = Principal.root(account);
    if (open(bus, sender)) {
      return Optional.empty();
    }
    ConditionContext.Builder keys =
        RequestKeys.forSource(sender, now, sourceArn, account)
            .put("events:source", source)
            .put("events:detail-type", detailType)
            .put("events:eventBusInvocation", "true");
    Request request = new Request(sender, PUT_EVENTS, bus.arn(), keys.build());
    Authorization decision = Authorizer.decide(sender, bus.account(), bus.policy(), request);
    if (decision.allowed()) {
      return Optional.empty();
    }
    String code;
    if (!ownAccount(bus, sender)) {
      code = "CROSS_ACCOUNT_INGESTION_FAILED";
    } else if (arn.length == 6
        && !Arns.parse(bus.arn()).map(Arns.Parsed::region).orElse("").equals(arn[3])) {
      code = "CROSS_REGION_INGESTION_FAILED";
    } else {
      code = "NO_PERMISSIONS";
    }
    return Optional.of(
        new Outcome.Failed(
            code,
            Failures.accessDeniedMessage(
                sender.arn(), PUT_EVENTS, bus.arn(), decision == Authorization.DENIED_EXPLICITLY),
            false));
  }

  private static boolean ownAccount(Snapshot bus, Principal caller) {
    return switch (caller.type()) {
      case SERVICE, ANONYMOUS -> false;
      default -> caller.account().equals(bus.account());
    };
  }

  private Snapshot load(String busArn) {
    Optional<ResourceRecord> record = store.get(Documents.BUS, busArn);
    if (record.isEmpty()) {
      // a default bus not written yet has no policy; other names that do not exist are not kept,
      // and neither are default buses past a bound (any caller can name any account's)
      return snapshots.size() < MAX_UNWRITTEN_DEFAULTS
          ? Arns.busName(busArn)
              .filter(Arns.DEFAULT_BUS::equals)
              .flatMap(name -> Arns.parse(busArn))
              .map(parsed -> new Snapshot(busArn, parsed.account(), Optional.empty()))
              .orElse(null)
          : null;
    }
    Bus bus = Documents.readBus(record.get().document());
    Optional<Policy> policy = Optional.empty();
    if (bus.policy().isPresent()) {
      try {
        policy = Optional.of(parse(bus.policy().get()));
      } catch (MalformedPolicyException e) {
        // validated when set; a document that no longer parses admits no other account
        LOG.warn("policy of {} does not parse ({}); only its own account may put", busArn, e);
      }
    }
    return new Snapshot(bus.arn(), bus.account(), policy);
  }
}
