package dev.docket.states.integrations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.docket.delivery.Delivery;
import dev.docket.delivery.Outcome;
import dev.docket.delivery.Targets;
import dev.docket.states.engine.TaskInvoker.Result;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The HTTP Task over a fake connection target: what it hands the target and how it answers. */
class HttpInvokeTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CONNECTION =
      "arn:aws:events:us-east-1:000000000000:connection/c/8f0e2f5c-0000-4000-8000-000000000000";

  private final List<Delivery> delivered = new ArrayList<>();
  private final AtomicReference<Outcome> answer = new AtomicReference<>();
  private final Targets targets = new Targets();

  HttpInvokeTest() {
    targets.register(
        arn ->
            arn.equals(CONNECTION)
                ? Optional.of(
                    delivery -> {
                      delivered.add(delivery);
                      return answer.get();
                    })
                : Optional.empty());
  }

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static JsonNode task(String extra) {
    return json(
        "{\"ApiEndpoint\":\"https://api.example.com/x\",\"Method\":\"POST\","
            + "\"Authentication\":{\"ConnectionArn\":\""
            + CONNECTION
            + "\"}"
            + extra
            + "}");
  }

  @Test
  void aTwoHundredIsTheTasksResultAndTheTargetGetsTheTasksParameters() {
    JsonNode response = json("{\"StatusCode\":200,\"StatusText\":\"OK\",\"ResponseBody\":{}}");
    answer.set(new Outcome.Succeeded(response));
    JsonNode task = task(",\"RequestBody\":{\"a\":1}");

    Result result = HttpInvoke.invoke(targets, task);

    assertThat(result).isEqualTo(new Result.Success(response));
    assertThat(delivered)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.targetArn()).isEqualTo(CONNECTION);
              assertThat(d.parameters()).isEqualTo(task);
              assertThat(d.body()).isEqualTo("{\"a\":1}");
            });
  }

  @Test
  void aStatusOutsideTwoHundredsFailsWithStatesHttpStatusCode() {
    answer.set(
        new Outcome.Succeeded(json("{\"StatusCode\":503,\"StatusText\":\"Service Unavailable\"}")));

    Result result = HttpInvoke.invoke(targets, task(""));

    assertThat(result)
        .isInstanceOfSatisfying(
            Result.Failure.class,
            f -> assertThat(f.error()).isEqualTo("States.Http.StatusCode.503"));
  }

  @Test
  void aRequestTheTargetCouldNotMakeFailsWithStatesHttpSocket() {
    answer.set(new Outcome.Failed("CONNECTION_FAILURE", "Unable to connect.", true));

    Result result = HttpInvoke.invoke(targets, task(""));

    assertThat(result).isEqualTo(new Result.Failure("States.Http.Socket", "Unable to connect."));
  }

  @Test
  void headersStepFunctionsRefusesFailWithStatesRuntimeBeforeAnythingIsSent() {
    Result result =
        HttpInvoke.invoke(
            targets,
            task(",\"Headers\":{\"X-Ok\":\"1\",\"Authorization\":\"x\",\"X-Amz-Date\":\"d\"}"));

    assertThat(result)
        .isEqualTo(
            new Result.Failure(
                "States.Runtime",
                "The 'Headers' field contains unsupported values: [authorization, x-amz-date]"));
    assertThat(delivered).isEmpty();
  }

  @Test
  void onlyTheDocumentedHeadersAreRefused() {
    assertThat(HttpInvoke.unsupportedHeaders(json("{\"Content-Type\":\"a\",\"X-Custom\":\"b\"}")))
        .isEmpty();
    assertThat(
            HttpInvoke.unsupportedHeaders(
                json("{\"If-None-Match\":\"a\",\"x-forwarded-for\":\"b\",\"Host\":\"c\"}")))
        .contains("if-none-match, x-forwarded-for, host");
  }
}
