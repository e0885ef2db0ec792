package dev.docket.queues;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docket.delivery.Delivery;
import dev.docket.delivery.Origin;
import dev.docket.delivery.Outcome;
import dev.docket.delivery.Target;
import dev.docket.delivery.TargetProvider;
import dev.docket.model.Principal;
import dev.docket.policy.ConditionContext;
import dev.docket.policy.PolicyEnforcement;
import dev.docket.policy.RequestKeys;
import dev.docket.store.QueueRecord;
import dev.docket.store.StoreException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Queues as delivery targets: an SQS queue ARN ({@code arn:aws:sqs:<region>:<account>:<name>})
 * names a target that sends the delivery as one message through {@link MessageSender}, so it meets
 * the queue's limits and settings (size, delay, FIFO rules) and is durable on success.
 *
 * <p>The body is the delivery's body; each delivery attribute becomes a String message attribute
 * (attributes with an empty value are left out, as SQS refuses them). A FIFO queue takes its {@code
 * MessageGroupId} from the delivery's {@code SqsParameters}, which EventBridge requires for FIFO
 * targets. EventBridge documents that a FIFO target queue must have content-based deduplication; on
 * such a queue the message carries no deduplication id, and on a FIFO queue without it Docket uses
 * the event id (EventBridge would fail those deliveries).
 *
 * <p>A delivery may instead carry SendMessage's own members in a {@code SendMessageParameters}
 * object ({@code MessageAttributes}, {@code MessageSystemAttributes}, {@code DelaySeconds}, {@code
 * MessageGroupId}, {@code MessageDeduplicationId}), as Step Functions' {@code sqs:sendMessage}
 * does: the message is then sent with exactly those (and the delivery's attributes and trace header
 * only where they do not set their own), held to the same rules as SendMessage.
 *
 * <p>Outcomes: a message sent is {@link Outcome.Succeeded} with SendMessage's answer for it ({@code
 * MessageId}, {@code MD5OfMessageBody}, {@code MD5OfMessageAttributes} when there are attributes,
 * {@code SequenceNumber} on a FIFO queue; a FIFO duplicate answers the stored message's id and
 * sequence, as SQS does); a missing queue is {@code NO_RESOURCE} (not retryable), a message the
 * queue refuses is {@code INVALID_PARAMETER} (not retryable), a store failure {@code
 * INTERNAL_ERROR} (retryable). Region is not checked: a queue is found by account and name.
 * Thread-safe.
 */
final class QueueTargets implements TargetProvider {

  /** EventBridge's dead-letter error code for a target resource that does not exist. */
  static final String NO_RESOURCE = "NO_RESOURCE";

  /** EventBridge's dead-letter error code for a parameter the target refused. */
  static final String INVALID_PARAMETER = "INVALID_PARAMETER";

  /** EventBridge's dead-letter error code for a target whose policy refuses the delivery. */
  static final String NO_PERMISSIONS = "NO_PERMISSIONS";

  /** EventBridge's dead-letter error code for a failure inside the service. */
  static final String INTERNAL_ERROR = "INTERNAL_ERROR";

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** The members of {@code SendMessageParameters} a delivery may set, as SendMessage names them. */
  private static final List<String> SEND_MESSAGE_MEMBERS =
      List.of(
          "MessageAttributes",
          "MessageSystemAttributes",
          "DelaySeconds",
          "MessageGroupId",
          "MessageDeduplicationId");

  private final QueueDirectory directory;
  private final MessageSender sender;
  private final QueuePolicies policies;
  private final PolicyEnforcement enforcement;
  private final Clock clock;

  QueueTargets(
      QueueDirectory directory,
      MessageSender sender,
      QueuePolicies policies,
      PolicyEnforcement enforcement,
      Clock clock) {
    this.directory = directory;
    this.sender = sender;
    this.policies = policies;
    this.enforcement = enforcement;
    this.clock = clock;
  }

  @Override
  public Optional<Target> target(String arn) {
    return QueueAddresses.parseArn(arn).map(key -> new QueueTarget(arn));
  }

  /** One queue as a target; a batch of deliveries is one store write. */
  private final class QueueTarget implements Target {
    private final String arn;

    QueueTarget(String arn) {
      this.arn = arn;
    }

    @Override
    public Outcome deliver(Delivery delivery) {
      return sendAll(arn, List.of(delivery)).getFirst();
    }

    @Override
    public boolean batches() {
      return true;
    }

    @Override
    public List<Outcome> deliverAll(List<Delivery> deliveries) {
      return sendAll(arn, deliveries);
    }
  }

  private List<Outcome> sendAll(String arn, List<Delivery> deliveries) {
    Optional<QueueRecord> found;
    try {
      found = directory.byArn(arn);
    } catch (StoreException e) {
      return Collections.nCopies(
          deliveries.size(), new Outcome.Failed(INTERNAL_ERROR, e.getMessage(), true));
    }
    if (found.isEmpty()) {
      return Collections.nCopies(deliveries.size(), missing(arn));
    }
    QueueRecord queue = found.get();
    Outcome[] refusals = new Outcome[deliveries.size()];
    List<JsonNode> entries = new ArrayList<>(deliveries.size());
    for (int i = 0; i < deliveries.size(); i++) {
      Delivery delivery = deliveries.get(i);
      refusals[i] = refusal(queue, delivery).orElse(null);
      if (refusals[i] == null) {
        entries.add(entry(queue, delivery));
      }
    }
    if (entries.isEmpty()) {
      return List.of(refusals);
    }
    try {
      List<MessageSender.Sent> sent = sender.sendAll(queue, entries, queue.accountId());
      List<Outcome> outcomes = new ArrayList<>(deliveries.size());
      for (MessageSender.Sent entry : sent) {
        while (refusals[outcomes.size()] != null) {
          outcomes.add(refusals[outcomes.size()]);
        }
        outcomes.add(
            switch (entry) {
              case MessageSender.Sent.Stored stored -> new Outcome.Succeeded(stored.answer());
              case MessageSender.Sent.Refused refused ->
                  refused.reason().code() == SqsError.QUEUE_DOES_NOT_EXIST
                      ? missing(arn)
                      : new Outcome.Failed(INVALID_PARAMETER, refused.reason().getMessage(), false);
            });
      }
      while (outcomes.size() < deliveries.size()) {
        outcomes.add(refusals[outcomes.size()]);
      }
      return outcomes;
    } catch (StoreException e) {
      Outcome outcome =
          directory.byArn(arn).isEmpty()
              ? missing(arn)
              : new Outcome.Failed(INTERNAL_ERROR, e.getMessage(), true);
      return Collections.nCopies(deliveries.size(), outcome);
    }
  }

  /**
   * Why the queue's policy refuses a delivery a service makes on a source's behalf, if it does: in
   * strict mode every such delivery is checked, by default only one from another account's source
   * (design note 0005). A refusal is {@code NO_PERMISSIONS}, not retryable, so the delivery goes to
   * the dead-letter queue (whose own policy is checked the same way).
   */
  private Optional<Outcome> refusal(QueueRecord queue, Delivery delivery) {
    Origin origin = delivery.origin();
    String owner = QueuePolicies.owner(queue);
    Principal caller;
    if (!origin.servicePrincipal().isEmpty()) {
      if (enforcement == PolicyEnforcement.ACCOUNTS && origin.sourceAccount().equals(owner)) {
        return Optional.empty();
      }
      caller = Principal.service(origin.servicePrincipal());
    } else if (Principal.ACCOUNT.matcher(origin.sourceAccount()).matches()
        && !origin.sourceAccount().equals(owner)) {
      // a producer acting as its account (a state machine's task, a schedule's role) into
      // another account's queue: that account as a caller would be checked
      caller = Principal.root(origin.sourceAccount());
    } else {
      return Optional.empty();
    }
    ConditionContext keys =
        RequestKeys.forSource(caller, clock.instant(), origin.sourceArn(), origin.sourceAccount())
            .build();
    if (policies.authorize(caller, "sqs:SendMessage", queue, keys).allowed()) {
      return Optional.empty();
    }
    return Optional.of(
        new Outcome.Failed(
            NO_PERMISSIONS,
            "The queue's policy does not allow "
                + caller.arn()
                + " to send messages to "
                + queue.name()
                + (origin.sourceArn().isEmpty() ? "" : " for " + origin.sourceArn()),
            false));
  }

  /** The delivery as a SendMessage input (without QueueUrl). */
  private static ObjectNode entry(QueueRecord queue, Delivery delivery) {
    ObjectNode entry = NODES.objectNode();
    entry.put("MessageBody", delivery.body());
    ObjectNode attributes = NODES.objectNode();
    for (Map.Entry<String, String> attribute : delivery.attributes().entrySet()) {
      if (!attribute.getValue().isEmpty()) {
        attributes
            .putObject(attribute.getKey())
            .put("DataType", "String")
            .put("StringValue", attribute.getValue());
      }
    }
    if (!attributes.isEmpty()) {
      entry.set("MessageAttributes", attributes);
    }
    if (!delivery.traceHeader().isEmpty()) {
      entry
          .putObject("MessageSystemAttributes")
          .putObject("AWSTraceHeader")
          .put("DataType", "String")
          .put("StringValue", delivery.traceHeader());
    }
    JsonNode sendMessage = delivery.parameters().path("SendMessageParameters");
    if (sendMessage.isObject()) {
      for (String member : SEND_MESSAGE_MEMBERS) {
        if (sendMessage.hasNonNull(member)) {
          entry.set(member, sendMessage.get(member));
        }
      }
      return entry;
    }
    if (queue.fifo()) {
      JsonNode group = delivery.parameters().path("SqsParameters").path("MessageGroupId");
      if (group.isTextual() && !group.asText().isEmpty()) {
        entry.put("MessageGroupId", group.asText());
      }
      boolean contentBased = QueueSettings.of(queue).contentBasedDeduplication();
      if (!contentBased && !delivery.eventId().isEmpty()) {
        entry.put("MessageDeduplicationId", delivery.eventId());
      }
    }
    return entry;
  }

  private static Outcome.Failed missing(String arn) {
    return new Outcome.Failed(
        NO_RESOURCE, "The specified queue " + arn + " does not exist.", false);
  }
}
