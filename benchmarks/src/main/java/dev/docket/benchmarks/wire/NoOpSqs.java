package dev.docket.benchmarks.wire;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docket.model.AwsService;
import dev.docket.model.RequestContext;
import dev.docket.model.ServiceModel;
import java.util.Objects;

/**
 * An SQS that does nothing: it answers {@code SendMessageBatch} with a fixed, realistic output and
 * every other operation with an empty one, so that a benchmark through the wire layer measures the
 * wire layer alone. Thread-safe: immutable; the returned node is shared and must not be modified
 * (the wire layer only reads it).
 */
final class NoOpSqs implements AwsService {

  private final ServiceModel model;
  private final ObjectNode sendMessageBatchOutput;

  NoOpSqs(ServiceModel model, ObjectNode sendMessageBatchOutput) {
    this.model = Objects.requireNonNull(model, "model");
    this.sendMessageBatchOutput = Objects.requireNonNull(sendMessageBatchOutput, "output");
  }

  @Override
  public ServiceModel model() {
    return model;
  }

  @Override
  public ObjectNode invoke(String operation, ObjectNode input, RequestContext context) {
    return "SendMessageBatch".equals(operation)
        ? sendMessageBatchOutput
        : sendMessageBatchOutput.objectNode();
  }
}
