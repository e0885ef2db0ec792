package dev.docket.it.states;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.docket.testing.DocketExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * What the Step Functions integration tests share: SDK clients for the running server, unique
 * names, state machines from definitions, and waiting for executions and messages.
 */
final class StatesIt {

  static final ObjectMapper JSON = new ObjectMapper();

  /** The account requests act as (authentication off). */
  static final String ACCOUNT = "000000000000";

  /** The region of the clients. */
  static final String REGION = DocketExtension.REGION.id();

  /** A role ARN for CreateStateMachine (Docket does not assume it). */
  static final String ROLE = "arn:aws:iam::" + ACCOUNT + ":role/docket-states";

  /** How long a test waits for something that should happen promptly. */
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  private static final AtomicInteger NAMES = new AtomicInteger();

  private StatesIt() {}

  /**
   * A Step Functions client for {@code docket}; the caller closes it. Host-prefix injection is off:
   * StartSyncExecution's model prefixes the host with {@code sync-}, which an IP endpoint cannot
   * take.
   */
  static SfnClient sfn(DocketExtension docket) {
    return SfnClient.builder()
        .endpointOverride(docket.endpoint())
        .overrideConfiguration(
            c -> c.putAdvancedOption(SdkAdvancedClientOption.DISABLE_HOST_PREFIX_INJECTION, true))
        .region(DocketExtension.REGION)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  /** An EventBridge client for {@code docket}; the caller closes it. */
  static EventBridgeClient eventBridge(DocketExtension docket) {
    return EventBridgeClient.builder()
        .endpointOverride(docket.endpoint())
        .region(DocketExtension.REGION)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  /** A name no other test of the run uses. */
  static String uniqueName(String prefix) {
    return prefix + "-" + NAMES.incrementAndGet();
  }

  /** Creates a standard state machine from {@code definition}; returns its ARN. */
  static String machine(SfnClient sfn, String prefix, String definition) {
    return sfn.createStateMachine(
            b -> b.name(uniqueName(prefix)).definition(definition).roleArn(ROLE))
        .stateMachineArn();
  }

  /** Starts an execution; returns its ARN. */
  static String start(SfnClient sfn, String machineArn, String input) {
    return sfn.startExecution(b -> b.stateMachineArn(machineArn).input(input)).executionArn();
  }

  /** Waits until the execution is no longer running; returns its description. */
  static DescribeExecutionResponse awaitEnd(SfnClient sfn, String executionArn) {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (true) {
      DescribeExecutionResponse description =
          sfn.describeExecution(b -> b.executionArn(executionArn));
      if (description.status() != ExecutionStatus.RUNNING) {
        return description;
      }
      assertThat(System.nanoTime())
          .as("execution %s still running: %s", executionArn, history(sfn, executionArn))
          .isLessThan(deadline);
      pause();
    }
  }

  /** Runs an execution to its end and expects it to succeed; returns its output. */
  static JsonNode runToSuccess(SfnClient sfn, String machineArn, String input) {
    String execution = start(sfn, machineArn, input);
    DescribeExecutionResponse end = awaitEnd(sfn, execution);
    assertThat(end.status())
        .as("execution %s: %s", execution, history(sfn, execution))
        .isEqualTo(ExecutionStatus.SUCCEEDED);
    return parse(end.output());
  }

  /** The execution's history events. */
  static List<HistoryEvent> history(SfnClient sfn, String executionArn) {
    return sfn.getExecutionHistoryPaginator(b -> b.executionArn(executionArn)).events().stream()
        .toList();
  }

  /** Receives (and deletes) one message from the queue, waiting for it. */
  static Message receiveOne(SqsClient sqs, String queueUrl) {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (System.nanoTime() < deadline) {
      List<Message> messages =
          sqs.receiveMessage(
                  b ->
                      b.queueUrl(queueUrl)
                          .maxNumberOfMessages(1)
                          .waitTimeSeconds(1)
                          .messageSystemAttributeNames(MessageSystemAttributeName.ALL))
              .messages();
      if (!messages.isEmpty()) {
        Message message = messages.getFirst();
        sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
        return message;
      }
    }
    throw new AssertionError("no message arrived on " + queueUrl);
  }

  /** Parses JSON text. */
  static JsonNode parse(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + text, e);
    }
  }

  /** JSON text of a value. */
  static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An HTTP server on 127.0.0.1 (a free port) serving {@code handler} at {@code /}, started. */
  static HttpServer httpServer(HttpHandler handler) {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
      server.createContext("/", handler);
      server.start();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The base URL of a server from {@link #httpServer}. */
  static String baseUrl(HttpServer server) {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private static void pause() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
