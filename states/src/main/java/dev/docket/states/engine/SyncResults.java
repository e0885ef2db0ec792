package dev.docket.states.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docket.states.data.StatesErrors;
import dev.docket.store.ExecutionRecord;

/** The result of {@code states:startExecution.sync} (and {@code .sync:2}): the child's end. */
final class SyncResults {

  private SyncResults() {}

  static TaskInvoker.Result of(ExecutionRecord child, boolean json) {
    ExecutionDocument document = ExecutionDocument.fromJson(child.document());
    ObjectNode describe = Json.object();
    describe.put("ExecutionArn", child.arn());
    if (json) {
      describe.set("Input", Json.parse(document.input()));
    } else {
      describe.put("Input", document.input());
    }
    describe.set("InputDetails", included());
    describe.put("Name", child.name());
    if (document.output() != null) {
      if (json) {
        describe.set("Output", Json.parse(document.output()));
      } else {
        describe.put("Output", document.output());
      }
      describe.set("OutputDetails", included());
    }
    describe.put("RedriveCount", document.redriveCount());
    describe.put("StartDate", child.startDate().toEpochMilli());
    describe.put("StateMachineArn", child.stateMachineArn());
    describe.put("Status", child.status());
    child.stopDate().ifPresent(stop -> describe.put("StopDate", stop.toEpochMilli()));
    if (child.status().equals("SUCCEEDED")) {
      return new TaskInvoker.Result.Success(describe);
    }
    if (document.error() != null) {
      describe.put("Error", document.error());
    }
    if (document.cause() != null) {
      describe.put("Cause", document.cause());
    }
    return new TaskInvoker.Result.Failure(StatesErrors.TASK_FAILED, Json.text(describe));
  }

  private static ObjectNode included() {
    ObjectNode details = Json.object();
    details.put("Included", true);
    return details;
  }
}
