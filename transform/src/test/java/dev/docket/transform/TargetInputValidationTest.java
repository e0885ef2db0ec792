package dev.docket.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.LinkedHashMap;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** What PutTargets refuses, and the messages it answers with for target {@code t1}. */
class TargetInputValidationTest {

  @Test
  void undefinedPlaceholderIsRefusedWithAwsMessage() {
    String message =
        refusal(() -> TargetInput.transformer(Map.of("a", "$.a"), "\"<a> and <notdefinedkey>\""));

    assertThat(message)
        .isEqualTo("InputTemplate for target t1 contains invalid placeholder notdefinedkey.");
  }

  @Test
  void messageWithoutTargetLeavesTheTargetOut() {
    InvalidInputException e =
        catchThrowableOfType(
            InvalidInputException.class,
            () -> TargetInput.transformer(Map.of(), "\"<notdefinedkey>\""));

    assertThat(e.getMessage())
        .isEqualTo("InputTemplate contains invalid placeholder notdefinedkey.");
  }

  @Test
  void predefinedPlaceholdersNeedNoInputPathsMap() {
    assertThatCode(
            () ->
                TargetInput.transformer(
                    null,
                    "{\"a\": <aws.events.rule-arn>, \"b\": <aws.events.rule-name>,"
                        + " \"c\": <aws.events.event.ingestion-time>, \"d\": <aws.events.event>,"
                        + " \"e\": <aws.events.event.json>}"))
        .doesNotThrowAnyException();
  }

  @Test
  void moreThanOneOfInputInputPathAndInputTransformerHasAwsMessage() {
    assertThat(InvalidInputException.onlyOneOf().messageFor("t1"))
        .isEqualTo(
            "Only one of Input, InputPath, or InputTransformer must be provided for target t1.");
  }

  @Test
  void completeMessageIsTheSameForEveryTarget() {
    assertThat(new InvalidInputException("Something is wrong.").messageFor("t1"))
        .isEqualTo("Something is wrong.");
  }

  @Test
  void predefinedNameAsKeyIsReserved() {
    assertThat(
            refusal(() -> TargetInput.transformer(Map.of("aws.events.rule-arn", "$.a"), "\"x\"")))
        .isEqualTo(
            "InputPathsMap for target t1 must not use the reserved key 'aws.events.rule-arn'");
  }

  @Test
  void keyStartingWithAwsDotIsReserved() {
    assertThat(refusal(() -> TargetInput.transformer(Map.of("AWS.mine", "$.a"), "\"x\"")))
        .isEqualTo("InputPathsMap for target t1 must not use the reserved key 'AWS.mine'");
  }

  @Test
  void keyOutsideAwsPatternIsRefused() {
    assertThat(refusal(() -> TargetInput.transformer(Map.of("de onde?", "$.a"), "\"x\"")))
        .isEqualTo(
            "InputPathsMap for target t1 must have keys of 1 to 256 characters matching"
                + " [A-Za-z0-9\\_\\-]+, but had 'de onde?'");
  }

  @Test
  void keyOf257CharactersIsRefusedAnd256Accepted() {
    assertThat(refusal(() -> TargetInput.transformer(Map.of("k".repeat(257), "$.a"), "\"x\"")))
        .startsWith("InputPathsMap for target t1 must have keys of 1 to 256 characters");
    assertThatCode(() -> TargetInput.transformer(Map.of("k".repeat(256), "$.a"), "\"x\""))
        .doesNotThrowAnyException();
  }

  @Test
  void hundredPathsAreAcceptedAndHundredAndOneRefused() {
    Map<String, String> paths = new LinkedHashMap<>();
    for (int i = 0; i < 100; i++) {
      paths.put("k" + i, "$.detail.k" + i);
    }
    assertThatCode(() -> TargetInput.transformer(paths, "\"x\"")).doesNotThrowAnyException();

    paths.put("k100", "$.detail.k100");

    assertThat(refusal(() -> TargetInput.transformer(paths, "\"x\"")))
        .isEqualTo("InputPathsMap for target t1 must have at most 100 entries, but had 101");
  }

  @Test
  void pathNotStartingWithDollarIsRefused() {
    assertThat(refusal(() -> TargetInput.transformer(Map.of("a", "detail.a"), "\"<a>\"")))
        .isEqualTo(
            "InputPathsMap for target t1 must map 'a' to a JSONPath of at most 256 characters"
                + " starting with '$', but was 'detail.a'");
  }

  @Test
  void malformedPathIsRefused() {
    assertThat(refusal(() -> TargetInput.transformer(Map.of("a", "$.detail[?("), "\"<a>\"")))
        .startsWith("InputPathsMap for target t1 must map 'a' to a JSONPath");
  }

  @Test
  void pathOf257CharactersIsRefused() {
    String path = "$." + "p".repeat(255);

    assertThat(refusal(() -> TargetInput.transformer(Map.of("a", path), "\"<a>\"")))
        .startsWith("InputPathsMap for target t1 must map 'a' to a JSONPath of at most 256");
  }

  @Test
  void emptyTemplateIsRefused() {
    assertThat(refusal(() -> TargetInput.transformer(Map.of(), "")))
        .isEqualTo("InputTemplate for target t1 must have length greater than or equal to 1");
  }

  @Test
  void templateOf8192CharactersIsAcceptedAnd8193Refused() {
    assertThatCode(() -> TargetInput.transformer(Map.of(), "\"" + "x".repeat(8190) + "\""))
        .doesNotThrowAnyException();

    assertThat(refusal(() -> TargetInput.transformer(Map.of(), "\"" + "x".repeat(8191) + "\"")))
        .isEqualTo(
            "InputTemplate for target t1 must have length less than or equal to 8192, but was 8193");
  }

  @Test
  void inputMustBeValidJson() {
    assertThat(refusal(() -> TargetInput.constant("{\"a\": 1")))
        .isEqualTo("Input for target t1 must be valid JSON text, but was '{\"a\": 1'");
    assertThat(refusal(() -> TargetInput.constant("{} trailing")))
        .startsWith("Input for target t1 must be valid JSON text");
    assertThat(refusal(() -> TargetInput.constant("plain text")))
        .startsWith("Input for target t1 must be valid JSON text");
  }

  @Test
  void anyJsonValueIsAValidInput() {
    assertThatCode(
            () -> {
              TargetInput.constant("\"text\"");
              TargetInput.constant("42");
              TargetInput.constant(" [1, {\"a\": null}] ");
            })
        .doesNotThrowAnyException();
  }

  @Test
  void inputOf8193CharactersIsRefused() {
    assertThat(refusal(() -> TargetInput.constant("\"" + "x".repeat(8191) + "\"")))
        .isEqualTo("Input for target t1 must have length less than or equal to 8192, but was 8193");
  }

  @Test
  void inputPathMustStartWithDollar() {
    assertThat(refusal(() -> TargetInput.path("detail")))
        .isEqualTo(
            "InputPath for target t1 must be a JSONPath of at most 256 characters starting with"
                + " '$', but was 'detail'");
    assertThat(refusal(() -> TargetInput.path("$.")))
        .startsWith("InputPath for target t1 must be a JSONPath");
  }

  private static String refusal(ThrowingCallable factory) {
    InvalidInputException e = catchThrowableOfType(InvalidInputException.class, factory);
    assertThat(e).as("expected an InvalidInputException").isNotNull();
    return e.messageFor("t1");
  }
}
