package dev.docket.queues;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docket.delivery.Node;
import dev.docket.delivery.TargetProvider;
import dev.docket.model.AwsService;
import dev.docket.model.RequestContext;
import dev.docket.model.ServiceException;
import dev.docket.model.ServiceModel;
import dev.docket.model.ValidationProblem;
import dev.docket.policy.PolicyEnforcement;
import dev.docket.store.QueueRecord;
import dev.docket.store.QueueStore;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Amazon SQS: every operation of the SQS API over a {@link QueueStore}.
 *
 * <p>This class only dispatches; the behaviour lives in package-private classes by concept: {@code
 * QueueOperations} (queues, attributes, tags), {@code MessageSender}, {@code MessageReceiver} (with
 * long polling), {@code ReceiptOperations} (delete and visibility) and {@code MoveTasks}
 * (dead-letter redrive). Thread-safe: all state is in the store, apart from in-memory long-poll
 * wake-ups, purge times and running move-task workers, each held in concurrent structures.
 *
 * <p>On a store other nodes share (design note 0006), the service behaves as on one node: long
 * polls wake for messages made visible through any node ({@code LongPolls}), every node drops a
 * queue record another node changed or deleted ({@code QueueDirectory}), and each active message
 * move task runs on one node, taken over by another when that node stops or dies ({@code
 * MoveTasks}). What stays per node: FIFO receive attempt ids (a retry through another node claims
 * anew, see {@code ReceiveAttempts}) and the time of a queue's last purge.
 *
 * <p>Every operation that names a queue is authorized here, once the queue is resolved and before
 * anything changes ({@code QueuePolicies}): the action is {@code sqs:<Operation>} (a batch counts
 * as its single-message action), the resource the queue's ARN, and the queue's {@code Policy}
 * attribute (which AddPermission and RemovePermission edit) decides with AWS's logic. A refusal is
 * {@code AccessDenied}; GetQueueUrl for a queue the caller may not see answers that the queue does
 * not exist, as SQS does.
 */
public final class QueueService implements AwsService, AutoCloseable {

  /** The classpath resource of the SQS model extract. */
  public static final String MODEL_RESOURCE = "/dev/docket/model/aws/sqs.json";

  private final QueueDirectory directory;
  private final LongPolls longPolls;
  private final QueueOperations queues;
  private final MessageSender sender;
  private final MessageReceiver receiver;
  private final ReceiptOperations receipts;
  private final MoveTasks moveTasks;
  private final QueueTargets targets;
  private final QueuePolicies policies;
  private volatile ServiceModel model;

  /**
   * Creates the service, with {@code us-east-1} as the home region, and resumes the message move
   * tasks a previous run left active.
   *
   * @param store where queues and messages live
   * @param config limits and timings
   * @param clock the only source of time
   */
  public QueueService(QueueStore store, QueuesConfig config, Clock clock) {
    this(store, config, clock, QueueDirectory.DEFAULT_HOME_REGION);
  }

  /**
   * Creates the service and resumes the message move tasks a previous run left active.
   *
   * @param store where queues and messages live
   * @param config limits and timings
   * @param clock the only source of time
   * @param homeRegion the server's default region: its queues are stored under the plain account id
   *     (as every queue was before queues had regions), those of other regions apart
   */
  public QueueService(QueueStore store, QueuesConfig config, Clock clock, String homeRegion) {
    this(store, config, clock, homeRegion, config.deliveryPolicies());
  }

  /**
   * Creates the service and resumes the message move tasks a previous run left active.
   *
   * @param store where queues and messages live
   * @param config limits and timings
   * @param clock the only source of time
   * @param homeRegion the server's default region (see above)
   * @param enforcement how deliveries by service principals into queues are checked against the
   *     queues' policies
   */
  public QueueService(
      QueueStore store,
      QueuesConfig config,
      Clock clock,
      String homeRegion,
      PolicyEnforcement enforcement) {
    this(store, config, clock, homeRegion, enforcement, Node.alone(clock));
  }

  /**
   * Creates the service as one of the nodes sharing the store, and resumes the message move tasks a
   * previous run left active.
   *
   * @param node this node (on a shared store long polls wake on other nodes' sends, queue changes
   *     are told to the other nodes, move tasks run under leases)
   */
  public QueueService(
      QueueStore store,
      QueuesConfig config,
      Clock clock,
      String homeRegion,
      PolicyEnforcement enforcement,
      Node node) {
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(homeRegion, "homeRegion");
    Objects.requireNonNull(node, "node");
    this.directory = new QueueDirectory(store, homeRegion, node);
    this.longPolls = new LongPolls(node);
    this.policies = new QueuePolicies(directory);
    this.queues = new QueueOperations(store, directory, config, clock, longPolls);
    this.sender = new MessageSender(store, directory, clock, longPolls);
    this.receiver = new MessageReceiver(store, directory, config, clock, longPolls);
    this.receipts = new ReceiptOperations(store, directory, clock, longPolls);
    this.moveTasks = new MoveTasks(store, directory, config, clock, longPolls, node);
    this.targets =
        new QueueTargets(
            directory, sender, policies, Objects.requireNonNull(enforcement, "enforcement"), clock);
    moveTasks.resume();
  }

  /**
   * Queues as delivery targets, for the server to register in its {@code Targets}: serves every SQS
   * queue ARN ({@code arn:aws:sqs:<region>:<account>:<name>}) by sending the delivery as a message
   * through SendMessage's own checks; a missing queue answers a non-retryable {@code NO_RESOURCE}
   * failure.
   */
  public TargetProvider targets() {
    return targets;
  }

  @Override
  public ServiceModel model() {
    ServiceModel loaded = model;
    if (loaded == null) {
      loaded = ServiceModel.load(MODEL_RESOURCE);
      model = loaded;
    }
    return loaded;
  }

  @Override
  public ObjectNode invoke(String operation, ObjectNode input, RequestContext context) {
    directory.qualify(input, context);
    authorize(operation, input, context);
    return switch (operation) {
      case "CreateQueue" -> queues.createQueue(input, context);
      case "GetQueueUrl" -> queues.getQueueUrl(input, context);
      case "ListQueues" -> queues.listQueues(input, context);
      case "GetQueueAttributes" -> queues.getQueueAttributes(input, context);
      case "SetQueueAttributes" -> queues.setQueueAttributes(input, context);
      case "DeleteQueue" -> queues.deleteQueue(input);
      case "PurgeQueue" -> queues.purgeQueue(input);
      case "TagQueue" -> queues.tagQueue(input);
      case "UntagQueue" -> queues.untagQueue(input);
      case "ListQueueTags" -> queues.listQueueTags(input);
      case "ListDeadLetterSourceQueues" -> queues.listDeadLetterSourceQueues(input, context);
      case "AddPermission" -> addPermission(input, context);
      case "RemovePermission" -> removePermission(input, context);
      case "SendMessage" -> sender.sendMessage(input, context);
      case "SendMessageBatch" -> sender.sendMessageBatch(input, context);
      case "ReceiveMessage" -> receiver.receiveMessage(input, context);
      case "DeleteMessage" -> receipts.deleteMessage(input);
      case "DeleteMessageBatch" -> receipts.deleteMessageBatch(input);
      case "ChangeMessageVisibility" -> receipts.changeMessageVisibility(input);
      case "ChangeMessageVisibilityBatch" -> receipts.changeMessageVisibilityBatch(input);
      case "StartMessageMoveTask" -> moveTasks.start(input, context);
      case "ListMessageMoveTasks" -> moveTasks.list(input);
      case "CancelMessageMoveTask" -> moveTasks.cancel(input);
      default ->
          throw new ServiceException(
              SqsError.UNSUPPORTED_OPERATION,
              "The operation " + operation + " is not supported by Docket's SQS.");
    };
  }

  /**
   * Reports validation failures as SQS does: {@code MissingParameter} for an absent member, {@code
   * InvalidAttributeName} for an unknown attribute name, {@code InvalidParameterValue} otherwise.
   */
  @Override
  public ServiceException validationFailed(ValidationProblem problem) {
    return switch (problem.kind()) {
      case MISSING -> Failures.missingParameter(problem.path());
      case ENUM ->
          problem.path().contains("Attribute")
              ? Failures.unknownAttribute(String.valueOf(problem.value()))
              : Failures.invalidParameter(problem.message());
      default -> Failures.invalidParameter(problem.message());
    };
  }

  /**
   * Resolves the queue (or queues) an operation names and refuses the request unless its caller may
   * act on them. A queue that does not exist is left to the operation to report; ListQueues names
   * no queue and lists the caller's own account only.
   */
  private void authorize(String operation, ObjectNode input, RequestContext context) {
    String action = QueuePolicies.actionOf(operation);
    switch (operation) {
      case "ListQueues" -> {}
      case "CreateQueue" ->
          Inputs.text(input, "QueueName")
              .flatMap(name -> directory.byName(context, context.accountId(), name))
              .ifPresent(queue -> policies.check(context, action, queue));
      case "GetQueueUrl" -> {
        Optional<String> name = Inputs.text(input, "QueueName");
        String owner = Inputs.text(input, "QueueOwnerAWSAccountId").orElse(context.accountId());
        Optional<QueueRecord> queue = name.flatMap(n -> directory.byName(context, owner, n));
        if (queue.isPresent() && !policies.allowed(context, action, queue.get())) {
          throw Failures.queueDoesNotExist();
        }
      }
      case "StartMessageMoveTask", "ListMessageMoveTasks" -> {
        Inputs.text(input, "SourceArn")
            .flatMap(directory::byArn)
            .ifPresent(queue -> policies.check(context, action, queue));
        Inputs.text(input, "DestinationArn")
            .flatMap(directory::byArn)
            .ifPresent(queue -> policies.check(context, "sqs:SendMessage", queue));
      }
      case "CancelMessageMoveTask" ->
          Inputs.text(input, "TaskHandle")
              .flatMap(MoveTasks::sourceArnOf)
              .flatMap(directory::byArn)
              .ifPresent(queue -> policies.check(context, action, queue));
      default -> {
        if (input.path("QueueUrl").isTextual()) {
          policies.check(context, action, directory.resolve(input));
        }
      }
    }
  }

  private ObjectNode addPermission(ObjectNode input, RequestContext context) {
    QueueRecord queue = directory.resolve(input);
    String policy =
        Permissions.add(
            queue.attributes().getOrDefault(QueueAttributes.POLICY, ""),
            directory.arn(queue),
            Inputs.requiredText(input, "Label"),
            Inputs.strings(input, "AWSAccountIds"),
            Inputs.strings(input, "Actions"));
    return setPolicy(queue, policy);
  }

  private ObjectNode removePermission(ObjectNode input, RequestContext context) {
    QueueRecord queue = directory.resolve(input);
    String policy =
        Permissions.remove(
            queue.attributes().getOrDefault(QueueAttributes.POLICY, ""),
            directory.arn(queue),
            Inputs.requiredText(input, "Label"));
    return setPolicy(queue, policy);
  }

  private ObjectNode setPolicy(QueueRecord queue, String policy) {
    Map<String, String> attributes = new LinkedHashMap<>(queue.attributes());
    if (policy.isEmpty()) {
      attributes.remove(QueueAttributes.POLICY);
    } else {
      attributes.put(QueueAttributes.POLICY, policy);
    }
    queues.update(queue, attributes, queue.tags());
    return JsonNodeFactory.instance.objectNode();
  }

  /**
   * Stops move-task workers (they resume at the next start, or at once on another node sharing the
   * store), releases waiting long polls and stops hearing the other nodes.
   */
  @Override
  public void close() {
    longPolls.close();
    moveTasks.close();
    directory.close();
  }
}
