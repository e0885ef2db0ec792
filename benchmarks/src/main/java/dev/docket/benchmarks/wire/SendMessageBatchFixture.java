package dev.docket.benchmarks.wire;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * One SQS {@code SendMessageBatch} of 10 entries, each a 1 KB body with one string message
 * attribute, in both wire forms (an awsJson 1.0 body and an awsQuery form), plus the output a
 * service would answer it with. Immutable once built; thread-safe.
 *
 * @param input the decoded input, as the wire layer hands it to a service
 * @param jsonBody the awsJson request body
 * @param queryBody the awsQuery form body, {@code Action=SendMessageBatch&…}
 * @param output the service's output: 10 successful entries
 */
record SendMessageBatchFixture(
    ObjectNode input, byte[] jsonBody, byte[] queryBody, ObjectNode output) {

  static final int ENTRIES = 10;
  static final int BODY_BYTES = 1024;
  private static final String PHRASE = "The quick brown fox jumps over the lazy dog & co. ";

  /** The batch for the queue at {@code queueUrl}. */
  static SendMessageBatchFixture create(ObjectMapper mapper, String queueUrl) {
    String body = PHRASE.repeat(BODY_BYTES / PHRASE.length() + 1).substring(0, BODY_BYTES);
    ObjectNode input = mapper.createObjectNode().put("QueueUrl", queueUrl);
    ArrayNode entries = input.putArray("Entries");
    StringBuilder form =
        new StringBuilder("Action=SendMessageBatch&Version=2012-11-05&QueueUrl=")
            .append(encode(queueUrl));
    ObjectNode output = mapper.createObjectNode();
    ArrayNode successful = output.putArray("Successful");
    output.putArray("Failed");
    for (int i = 1; i <= ENTRIES; i++) {
      String id = "entry-" + i;
      ObjectNode entry = entries.addObject().put("Id", id).put("MessageBody", body);
      entry
          .putObject("MessageAttributes")
          .putObject("Kind")
          .put("DataType", "String")
          .put("StringValue", "benchmark");
      String prefix = "&SendMessageBatchRequestEntry." + i + ".";
      form.append(prefix).append("Id=").append(id);
      form.append(prefix).append("MessageBody=").append(encode(body));
      form.append(prefix).append("MessageAttribute.1.Name=Kind");
      form.append(prefix).append("MessageAttribute.1.Value.DataType=String");
      form.append(prefix).append("MessageAttribute.1.Value.StringValue=benchmark");
      successful
          .addObject()
          .put("Id", id)
          .put("MessageId", UUID.nameUUIDFromBytes(id.getBytes(StandardCharsets.UTF_8)).toString())
          .put("MD5OfMessageBody", "0123456789abcdef0123456789abcdef")
          .put("MD5OfMessageAttributes", "fedcba9876543210fedcba9876543210");
    }
    byte[] json;
    try {
      json = mapper.writeValueAsBytes(input);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("Cannot encode the benchmark input", e);
    }
    return new SendMessageBatchFixture(
        input, json, form.toString().getBytes(StandardCharsets.UTF_8), output);
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
