package dev.docket.it.states;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.GetActivityTaskResponse;
import software.amazon.awssdk.services.sfn.model.InvalidTokenException;
import software.amazon.awssdk.services.sfn.model.TaskDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.TaskTimedOutException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The test process's side of task tokens, surviving server restarts: activity workers
 * (GetActivityTask, then SendTaskSuccess) and answerers of {@code .waitForTaskToken} messages
 * (receive from a queue, SendTaskSuccess with the token in the body, delete). They talk to whatever
 * server {@link #connect} named last; while none is connected (between a kill and the restart) they
 * wait, and a call that fails because the server died is repeated on the next one, so a task handed
 * out before the kill is still answered after it. Answers the server refuses as finished ({@code
 * TaskTimedOut}, {@code TaskDoesNotExist}, {@code InvalidToken}: a duplicate message, a task that
 * timed out and was retried) are counted, not repeated. Thread-safe.
 */
final class TaskWorkers implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration PAUSE = Duration.ofMillis(50);

  /** The server the workers use now. */
  record Server(SfnClient sfn, SqsClient sqs, String queueUrl) {}

  private final AtomicReference<Server> server = new AtomicReference<>();
  private final AtomicBoolean stopped = new AtomicBoolean();
  private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
  private final LongAdder activitiesAnswered = new LongAdder();
  private final LongAdder callbacksAnswered = new LongAdder();
  private final LongAdder activitiesRefused = new LongAdder();
  private final LongAdder callbacksRefused = new LongAdder();

  /** Points the workers at {@code next} (null: no server, wait). */
  void connect(Server next) {
    server.set(next);
  }

  /**
   * Starts {@code count} workers of an activity, answering each task with {@code output} of its
   * input.
   */
  void workActivity(String activityArn, int count, Function<JsonNode, JsonNode> output) {
    for (int i = 0; i < count; i++) {
      String worker = "worker-" + i;
      threads.submit(() -> pollActivity(activityArn, worker, output));
    }
  }

  /**
   * Starts {@code count} consumers of the callback queue: each message body is {@code {"token":
   * ..., ...}}; the task succeeds with {@code output} of the body.
   */
  void answerCallbacks(int count, Function<JsonNode, JsonNode> output) {
    for (int i = 0; i < count; i++) {
      threads.submit(() -> consumeCallbacks(output));
    }
  }

  /** Activity tasks answered (SendTaskSuccess accepted). */
  long activitiesAnswered() {
    return activitiesAnswered.sum();
  }

  /** Callback tokens answered (SendTaskSuccess accepted). */
  long callbacksAnswered() {
    return callbacksAnswered.sum();
  }

  /** Activity answers refused as finished tasks. */
  long activitiesRefused() {
    return activitiesRefused.sum();
  }

  /** Callback answers refused as finished tasks (duplicate messages). */
  long callbacksRefused() {
    return callbacksRefused.sum();
  }

  private void pollActivity(
      String activityArn, String worker, Function<JsonNode, JsonNode> output) {
    while (!stopped.get()) {
      Server current = server.get();
      if (current == null) {
        pause();
        continue;
      }
      GetActivityTaskResponse task;
      try {
        task = current.sfn().getActivityTask(r -> r.activityArn(activityArn).workerName(worker));
      } catch (RuntimeException e) {
        pause();
        continue;
      }
      if (task.taskToken() == null || task.taskToken().isEmpty()) {
        continue;
      }
      if (answer(task.taskToken(), output.apply(parse(task.input())))) {
        activitiesAnswered.increment();
      } else {
        activitiesRefused.increment();
      }
    }
  }

  private void consumeCallbacks(Function<JsonNode, JsonNode> output) {
    while (!stopped.get()) {
      Server current = server.get();
      if (current == null) {
        pause();
        continue;
      }
      List<Message> messages;
      try {
        messages =
            current
                .sqs()
                .receiveMessage(
                    r -> r.queueUrl(current.queueUrl()).maxNumberOfMessages(10).waitTimeSeconds(1))
                .messages();
      } catch (RuntimeException e) {
        pause();
        continue;
      }
      // the messages of a batch are answered concurrently, each on its own thread
      List<Future<?>> answers = new ArrayList<>();
      for (Message message : messages) {
        answers.add(threads.submit(() -> answerCallback(current, message, output)));
      }
      for (Future<?> answered : answers) {
        try {
          answered.get();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        } catch (ExecutionException e) {
          throw new IllegalStateException(e.getCause());
        }
      }
    }
  }

  private void answerCallback(
      Server current, Message message, Function<JsonNode, JsonNode> output) {
    JsonNode body = parse(message.body());
    if (answer(body.path("token").asText(), output.apply(body))) {
      callbacksAnswered.increment();
    } else {
      callbacksRefused.increment();
    }
    try {
      current
          .sqs()
          .deleteMessage(
              r -> r.queueUrl(current.queueUrl()).receiptHandle(message.receiptHandle()));
    } catch (RuntimeException e) {
      // the server died (or restarted): the message comes back, and its answer is refused
    }
  }

  /**
   * SendTaskSuccess, repeated on whichever server is up until it is accepted (true) or refused as
   * finished (false).
   */
  private boolean answer(String token, JsonNode output) {
    String text = output.toString();
    while (!stopped.get()) {
      Server current = server.get();
      if (current == null) {
        pause();
        continue;
      }
      try {
        current.sfn().sendTaskSuccess(r -> r.taskToken(token).output(text));
        return true;
      } catch (TaskTimedOutException | TaskDoesNotExistException | InvalidTokenException e) {
        return false;
      } catch (RuntimeException e) {
        pause();
      }
    }
    return false;
  }

  private static JsonNode parse(String text) {
    try {
      return JSON.readTree(text);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void pause() {
    try {
      Thread.sleep(PAUSE);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    stopped.set(true);
    threads.shutdownNow();
    try {
      threads.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
