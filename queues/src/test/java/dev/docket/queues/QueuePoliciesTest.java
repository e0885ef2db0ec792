package dev.docket.queues;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.docket.model.Principal;
import dev.docket.model.ServiceException;
import dev.docket.policy.Authorization;
import dev.docket.policy.ConditionContext;
import dev.docket.policy.Policy;
import dev.docket.store.QueueRecord;
import dev.docket.store.sqlite.SqliteConfig;
import dev.docket.store.sqlite.SqliteStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Queue policies: SQS's validation of the {@code Policy} attribute, the compiled-once cache, and
 * the authorization entry point that requests and (later) service-principal deliveries share.
 */
class QueuePoliciesTest {

  private static final String OWNER = "111111111111";
  private static final String OTHER = "222222222222";
  private static final String ARN = "arn:aws:sqs:us-east-1:" + OWNER + ":orders";

  @TempDir Path directory;

  private SqliteStore store;
  private QueuePolicies policies;

  @BeforeEach
  void open() {
    store = SqliteStore.open(SqliteConfig.defaults(directory));
    policies = new QueuePolicies(new QueueDirectory(store.queues()));
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void policyThatIsNotJsonIsRefusedWithAwsText() {
    ServiceException e = refusal("{\"Version\":");

    assertThat(e.code()).isEqualTo(SqsError.INVALID_ATTRIBUTE_VALUE);
    assertThat(e.getMessage()).isEqualTo("Invalid value for the parameter Policy.");
  }

  @Test
  void statementWithoutPrincipalIsRefusedWithAwsText() {
    ServiceException e =
        refusal(
            """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sqs:SendMessage",
             "Resource":"%s"}]}"""
                .formatted(ARN));

    assertThat(e.code()).isEqualTo(SqsError.INVALID_ATTRIBUTE_VALUE);
    assertThat(e.getMessage()).isEqualTo("Invalid value for the parameter Policy.");
  }

  @Test
  void policyOverSqsQuotasIsRefused() {
    String statements =
        IntStream.range(0, 21)
            .mapToObj(i -> statement("s" + i, "Allow", OTHER, "sqs:SendMessage"))
            .collect(Collectors.joining(","));
    String padded =
        document(statement("pad", "Allow", OTHER, "sqs:SendMessage")) + " ".repeat(8200);

    assertThat(refusal("{\"Version\":\"2012-10-17\",\"Statement\":[" + statements + "]}").code())
        .isEqualTo(SqsError.INVALID_ATTRIBUTE_VALUE);
    assertThat(refusal(padded).code()).isEqualTo(SqsError.INVALID_ATTRIBUTE_VALUE);
  }

  @Test
  void unknownSqsActionIsRefusedAsSqsDoes() {
    ServiceException e =
        refusal(document(statement("s", "Allow", OTHER, "SQS:ChangeMessageVisibilityBatch")));

    assertThat(e.code()).isEqualTo(SqsError.INVALID_PARAMETER_VALUE);
    assertThat(e.getMessage())
        .isEqualTo(
            "Value SQS:ChangeMessageVisibilityBatch for parameter ActionName is invalid. Reason:"
                + " Please refer to the appropriate WSDL for a list of valid actions.");
  }

  @Test
  void wildcardsAndOtherServicesActionsAreAccepted() {
    Policy policy =
        QueuePolicies.parse(
            document(
                statement("a", "Allow", OTHER, "sqs:Send*")
                    + ","
                    + statement("b", "Allow", OTHER, "SQS:*")
                    + ","
                    + statement("c", "Deny", OTHER, "*")));

    assertThat(policy.statementCount()).isEqualTo(3);
  }

  @Test
  void batchesAreAuthorizedAsTheirSingleMessageActions() {
    assertThat(QueuePolicies.actionOf("SendMessageBatch")).isEqualTo("sqs:SendMessage");
    assertThat(QueuePolicies.actionOf("DeleteMessageBatch")).isEqualTo("sqs:DeleteMessage");
    assertThat(QueuePolicies.actionOf("ChangeMessageVisibilityBatch"))
        .isEqualTo("sqs:ChangeMessageVisibility");
    assertThat(QueuePolicies.actionOf("ReceiveMessage")).isEqualTo("sqs:ReceiveMessage");
  }

  @Test
  void ownerIsAllowedAndAnotherAccountRefusedWithoutPolicy() {
    QueueRecord queue = queue(Map.of());

    assertThat(authorize(Principal.root(OWNER), "sqs:SendMessage", queue))
        .isEqualTo(Authorization.ALLOWED_SAME_ACCOUNT);
    assertThat(authorize(Principal.root(OTHER), "sqs:SendMessage", queue))
        .isEqualTo(Authorization.DENIED_IMPLICITLY);
  }

  @Test
  void explicitDenyBeatsTheOwner() {
    QueueRecord queue = queue(policy(statement("no", "Deny", OWNER, "sqs:SendMessage")));

    assertThat(authorize(Principal.root(OWNER), "sqs:SendMessage", queue))
        .isEqualTo(Authorization.DENIED_EXPLICITLY);
    assertThat(authorize(Principal.root(OWNER), "sqs:ReceiveMessage", queue))
        .isEqualTo(Authorization.ALLOWED_SAME_ACCOUNT);
  }

  @Test
  void actionsSqsDoesNotShareAcrossAccountsStayWithTheOwner() {
    QueueRecord queue = queue(policy(statement("all", "Allow", OTHER, "sqs:*")));

    assertThat(authorize(Principal.root(OTHER), "sqs:SendMessage", queue))
        .isEqualTo(Authorization.ALLOWED_BY_POLICY);
    assertThat(authorize(Principal.root(OTHER), "sqs:SetQueueAttributes", queue))
        .isEqualTo(Authorization.DENIED_IMPLICITLY);
    assertThat(authorize(Principal.root(OTHER), "sqs:DeleteQueue", queue))
        .isEqualTo(Authorization.DENIED_IMPLICITLY);
  }

  @Test
  void servicePrincipalIsAllowedOnlyFromTheSourceArnThePolicyNames() {
    String rule = "arn:aws:events:us-east-1:" + OWNER + ":rule/orders";
    QueueRecord queue =
        queue(
            policy(
                """
                {"Sid":"events","Effect":"Allow","Principal":{"Service":"events.amazonaws.com"},
                 "Action":"sqs:SendMessage","Resource":"%s",
                 "Condition":{"ArnEquals":{"aws:SourceArn":"%s"}}}"""
                    .formatted(ARN, rule)));
    Principal events = Principal.service("events.amazonaws.com");

    Authorization fromRule =
        policies.authorize(
            events,
            "sqs:SendMessage",
            queue,
            ConditionContext.builder()
                .put("aws:SourceArn", rule)
                .put("aws:SourceAccount", OWNER)
                .build());
    Authorization fromElsewhere =
        policies.authorize(
            events,
            "sqs:SendMessage",
            queue,
            ConditionContext.builder().put("aws:SourceArn", rule + "-other").build());

    assertThat(fromRule).isEqualTo(Authorization.ALLOWED_BY_POLICY);
    assertThat(fromElsewhere).isEqualTo(Authorization.DENIED_IMPLICITLY);
  }

  @Test
  void policyIsCompiledOnceAndAgainOnlyWhenItChanges() {
    QueueRecord queue = queue(policy(statement("a", "Allow", OTHER, "sqs:SendMessage")));
    QueueRecord reread = store.queues().queue(OWNER, "orders").orElseThrow();

    Policy first = policies.policyOf(queue).orElseThrow();
    Policy again = policies.policyOf(reread).orElseThrow();
    Map<String, String> changed = new HashMap<>(queue.attributes());
    changed.put(
        QueueAttributes.POLICY, document(statement("b", "Allow", OTHER, "sqs:ReceiveMessage")));
    QueueRecord updated =
        store.queues().updateQueue(queue.id(), changed, Map.of(), Instant.EPOCH).orElseThrow();

    assertThat(again).isSameAs(first);
    assertThat(policies.policyOf(updated).orElseThrow()).isNotSameAs(first);
    assertThat(authorize(Principal.root(OTHER), "sqs:ReceiveMessage", updated))
        .isEqualTo(Authorization.ALLOWED_BY_POLICY);
    assertThat(authorize(Principal.root(OTHER), "sqs:SendMessage", updated))
        .isEqualTo(Authorization.DENIED_IMPLICITLY);
  }

  private Authorization authorize(Principal caller, String action, QueueRecord queue) {
    return policies.authorize(caller, action, queue, ConditionContext.empty());
  }

  private QueueRecord queue(Map<String, String> attributes) {
    Instant now = Instant.parse("2026-12-01T00:00:00Z");
    return store
        .queues()
        .createQueue(new QueueRecord(0, OWNER, "orders", false, attributes, Map.of(), now, now));
  }

  private static Map<String, String> policy(String statement) {
    return Map.of(QueueAttributes.POLICY, document(statement));
  }

  private static String document(String statements) {
    return "{\"Version\":\"2012-10-17\",\"Statement\":[" + statements + "]}";
  }

  private static String statement(String sid, String effect, String account, String action) {
    return """
        {"Sid":"%s","Effect":"%s","Principal":{"AWS":"%s"},"Action":"%s","Resource":"%s"}"""
        .formatted(sid, effect, account, action, ARN);
  }

  private static ServiceException refusal(String policy) {
    ServiceException e =
        catchThrowableOfType(ServiceException.class, () -> QueuePolicies.parse(policy));
    assertThat(e).as("refusal of %s", policy).isNotNull();
    return e;
  }
}
