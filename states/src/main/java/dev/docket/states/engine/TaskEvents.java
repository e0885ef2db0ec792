package dev.docket.states.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The history events of a task, by what its resource names: {@code Task*} for service integrations,
 * {@code Activity*} for activities, {@code LambdaFunction*} for bare Lambda ARNs.
 *
 * @param prefix the event type prefix
 * @param region the region written into {@code TaskScheduled}
 */
record TaskEvents(String prefix, String region) {

  /** The events of a resource. */
  static TaskEvents of(Resource resource, String executionRegion) {
    String region = resource.region() == null ? executionRegion : resource.region();
    return switch (resource.kind()) {
      case ACTIVITY -> new TaskEvents("Activity", region);
      case LAMBDA_FUNCTION -> new TaskEvents("LambdaFunction", region);
      default -> new TaskEvents("Task", region);
    };
  }

  String scheduled() {
    return prefix + "Scheduled";
  }

  String started() {
    return prefix + "Started";
  }

  String succeeded() {
    return prefix + "Succeeded";
  }

  String failed() {
    return prefix + "Failed";
  }

  String timedOut() {
    return prefix + "TimedOut";
  }

  private boolean task() {
    return prefix.equals("Task");
  }

  ObjectNode scheduledDetails(
      Resource resource, JsonNode parameters, Long timeout, Long heartbeat) {
    ObjectNode details = Json.object();
    if (task()) {
      details.put("resourceType", resource.resourceType());
      details.put("resource", resource.eventResource());
      details.put("region", region);
      details.set("parameters", parameters);
    } else {
      details.put("resource", resource.arn());
      details.set("input", parameters);
      details.set("inputDetails", Json.notTruncated());
    }
    if (timeout != null) {
      details.put("timeoutInSeconds", timeout);
    }
    if (heartbeat != null && !prefix.equals("LambdaFunction")) {
      details.put("heartbeatInSeconds", heartbeat);
    }
    return details;
  }

  ObjectNode startedDetails(Resource resource, String workerName) {
    ObjectNode details = Json.object();
    if (task()) {
      details.put("resourceType", resource.resourceType());
      details.put("resource", resource.eventResource());
    } else if (prefix.equals("Activity") && workerName != null) {
      details.put("workerName", workerName);
    } else {
      return null;
    }
    return details;
  }

  ObjectNode succeededDetails(Resource resource, JsonNode output) {
    ObjectNode details = Json.object();
    if (task()) {
      details.put("resourceType", resource.resourceType());
      details.put("resource", resource.eventResource());
    }
    details.set("output", output);
    details.set("outputDetails", Json.notTruncated());
    return details;
  }

  ObjectNode failedDetails(Resource resource, String error, String cause) {
    ObjectNode details = Json.object();
    if (error != null) {
      details.put("error", error);
    }
    if (cause != null) {
      details.put("cause", cause);
    }
    if (task()) {
      details.put("resourceType", resource.resourceType());
      details.put("resource", resource.eventResource());
    }
    return details;
  }

  /** The outcome an earlier run recorded in an event of this task. */
  TaskInvoker.Result resultOf(String type, JsonNode details) {
    if (type.endsWith("Succeeded")) {
      return new TaskInvoker.Result.Success(Json.recorded(details, "output"));
    }
    return new TaskInvoker.Result.Failure(
        details.has("error") ? details.get("error").asText() : "",
        details.has("cause") ? details.get("cause").asText() : null);
  }
}
