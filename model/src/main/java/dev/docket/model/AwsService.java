package dev.docket.model;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A service Docket serves on its one port: a model saying what its operations look like on the
 * wire, and the behaviour behind them.
 *
 * <p>The wire layer finds the service (by SigV4 signing name, {@code X-Amz-Target} prefix or path),
 * decodes the request in whichever protocol it came (JSON or query form) into an {@link ObjectNode}
 * shaped like the operation's input shape, validates it against the model, and calls {@link
 * #invoke}. The returned node is shaped like the operation's output shape; the wire layer encodes
 * it (JSON or XML). Implementations must be thread-safe: requests arrive concurrently on virtual
 * threads, and {@code invoke} may block (long polling, durable commits).
 */
public interface AwsService {

  /** The service model: operations, shapes, protocol metadata. */
  ServiceModel model();

  /**
   * Serves one operation.
   *
   * @param operation the operation name as in the model, e.g. {@code SendMessage}
   * @param input the validated input, member names as in the model
   * @param context who is calling, and where they addressed the server
   * @return the output, member names as in the model; an empty object when the output is empty
   * @throws ServiceException for every expected failure
   */
  ObjectNode invoke(String operation, ObjectNode input, RequestContext context);

  /**
   * The error to report a failed input validation as. The default is the generic {@code
   * ValidationException}; SQS, for example, reports {@code MissingParameter} and {@code
   * InvalidParameterValue} instead.
   */
  default ServiceException validationFailed(ValidationProblem problem) {
    return new ServiceException(CommonError.VALIDATION, problem.message());
  }
}
