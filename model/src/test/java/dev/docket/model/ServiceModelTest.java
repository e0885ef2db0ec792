package dev.docket.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class ServiceModelTest {

  private static final ServiceModel SQS = ServiceModel.load("/dev/docket/model/aws/sqs.json");

  @Test
  void sqsExtractCarriesProtocolMetadata() {
    assertThat(SQS.signingName()).isEqualTo("sqs");
    assertThat(SQS.targetPrefix()).contains("AmazonSQS");
    assertThat(SQS.protocol()).isEqualTo("json");
    assertThat(SQS.jsonVersion()).contains("1.0");
    assertThat(SQS.apiVersion()).isEqualTo("2012-11-05");
    assertThat(SQS.awsQueryCompatible()).isTrue();
    assertThat(SQS.supportsQuery()).isTrue();
    assertThat(SQS.queryXmlNamespace()).contains("http://queue.amazonaws.com/doc/2012-11-05/");
  }

  @Test
  void sqsExtractListsOperationsAndTheirShapes() {
    assertThat(SQS.operationNames()).contains("SendMessage", "ReceiveMessage", "CreateQueue");
    assertThat(SQS.hasOperation("SendMessage")).isTrue();
    assertThat(SQS.hasOperation("Nope")).isFalse();

    Operation send = SQS.operation("SendMessage").orElseThrow();

    assertThat(send.input()).contains("SendMessageRequest");
    assertThat(send.output()).contains("SendMessageResult");
    assertThat(send.errors()).contains("QueueDoesNotExist");
    assertThat(SQS.shape("SendMessageRequest").required()).contains("QueueUrl", "MessageBody");
  }

  @Test
  void queryNamesComeFromDocketOverridesAndFlatteningFromTheModel() {
    Shape createQueue = SQS.shape("CreateQueueRequest");
    Shape attributes = SQS.shape(createQueue.members().get("Attributes").target());

    assertThat(createQueue.members().get("Attributes").queryName()).isEqualTo("Attribute");
    assertThat(createQueue.members().get("QueueName").queryName()).isEqualTo("QueueName");
    assertThat(attributes.type()).isEqualTo(ShapeType.MAP);
    assertThat(attributes.flattened()).isTrue();
    assertThat(attributes.queryKeyName()).isEqualTo("Name");
    assertThat(attributes.queryValueName()).isEqualTo("Value");
    assertThat(SQS.shape("QueueDoesNotExist").isError()).isTrue();
  }

  @Test
  void validInputHasNoProblem() {
    ObjectNode input =
        json("{\"QueueUrl\":\"http://q\",\"MessageBody\":\"hi\",\"DelaySeconds\":5}");

    assertThat(SQS.validate("SendMessage", input)).isEmpty();
  }

  @Test
  void missingRequiredMemberIsReportedAsNull() {
    ValidationProblem problem =
        SQS.validate("SendMessage", json("{\"MessageBody\":\"hi\"}")).orElseThrow();

    assertThat(problem.kind()).isEqualTo(ValidationProblem.Kind.MISSING);
    assertThat(problem.path()).isEqualTo("QueueUrl");
    assertThat(problem.value()).isNull();
    assertThat(problem.message())
        .isEqualTo(
            "1 validation error detected: Value null at 'queueUrl' failed to satisfy constraint:"
                + " Member must not be null");
  }

  @Test
  void wrongJsonTypeIsReportedWithTheValue() {
    ValidationProblem problem =
        SQS.validate(
                "SendMessage",
                json("{\"QueueUrl\":\"q\",\"MessageBody\":\"hi\",\"DelaySeconds\":\"ten\"}"))
            .orElseThrow();

    assertThat(problem.kind()).isEqualTo(ValidationProblem.Kind.WRONG_TYPE);
    assertThat(problem.path()).isEqualTo("DelaySeconds");
    assertThat(problem.message()).contains("Value 'ten' at 'delaySeconds'");
  }

  @Test
  void nestedListEntriesAreValidatedWithOneBasedPaths() {
    ObjectNode input =
        json(
            "{\"QueueUrl\":\"q\",\"Entries\":[{\"Id\":\"a\",\"MessageBody\":\"x\"},"
                + "{\"MessageBody\":\"y\"}]}");

    ValidationProblem problem = SQS.validate("SendMessageBatch", input).orElseThrow();

    assertThat(problem.path()).isEqualTo("Entries.2.Id");
    assertThat(problem.message()).contains("at 'entries.2.id'");
  }

  @Test
  void enumMembersRejectUnknownValues() {
    ObjectNode input =
        json("{\"QueueUrl\":\"q\",\"MessageSystemAttributeNames\":[\"All\",\"Colour\"]}");

    ValidationProblem problem = SQS.validate("ReceiveMessage", input).orElseThrow();

    assertThat(problem.kind()).isEqualTo(ValidationProblem.Kind.ENUM);
    assertThat(problem.path()).isEqualTo("MessageSystemAttributeNames.2");
    assertThat(problem.message()).contains("Value 'Colour'").contains("enum value set: [All,");
  }

  @Test
  void openEnumValuesAreLeftToTheService() {
    ObjectNode input = json("{\"QueueUrl\":\"q\",\"AttributeNames\":[\"SentTimestamp\"]}");

    assertThat(SQS.validate("ReceiveMessage", input)).isEmpty();
  }

  @Test
  void lengthRangeAndPatternConstraintsComeFromTheModel() {
    ServiceModel model =
        ServiceModel.of(
            json(
                """
                {"metadata":{"protocol":"json","signingName":"t"},
                 "operations":{"Op":{"name":"Op","input":"In"}},
                 "shapes":{
                  "In":{"type":"structure","members":{
                    "Name":{"shape":"Name"},"Count":{"shape":"Count"},"Tags":{"shape":"Tags"}}},
                  "Name":{"type":"string","min":1,"max":3,"pattern":"^[a-z]+$"},
                  "Count":{"type":"integer","min":1,"max":10},
                  "Tags":{"type":"list","member":{"shape":"Name"},"max":1}}}
                """));

    assertThat(model.validate("Op", json("{\"Name\":\"\uD83D\uDE00ab\"}")).orElseThrow().kind())
        .isEqualTo(ValidationProblem.Kind.PATTERN);
    assertThat(model.validate("Op", json("{\"Name\":\"abcd\"}")).orElseThrow().message())
        .endsWith("Member must have length less than or equal to 3");
    assertThat(model.validate("Op", json("{\"Count\":11}")).orElseThrow().message())
        .isEqualTo(
            "1 validation error detected: Value '11' at 'count' failed to satisfy constraint:"
                + " Member must have value less than or equal to 10");
    assertThat(model.validate("Op", json("{\"Tags\":[\"a\",\"b\"]}")).orElseThrow().kind())
        .isEqualTo(ValidationProblem.Kind.LENGTH);
    assertThat(model.validate("Op", json("{\"Name\":\"abc\",\"Count\":10}"))).isEmpty();
  }

  @Test
  void validatingAnUnknownOperationIsAProgrammingError() {
    assertThatThrownBy(() -> SQS.validate("Nope", json("{}")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'Nope'");
  }

  private static ObjectNode json(String text) {
    try {
      return (ObjectNode) new ObjectMapper().readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }
}
