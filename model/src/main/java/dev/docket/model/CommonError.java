package dev.docket.model;

/**
 * Errors every AWS protocol shares, raised by the wire layer or the model interpreter rather than
 * by one service: unknown operations, malformed bodies, authentication failures, internal failures.
 */
public enum CommonError implements ErrorCode {
  /** The operation named by the request does not exist in the service's model. */
  UNKNOWN_OPERATION("UnknownOperationException", 400, "The requested operation is not recognized."),
  /** No restJson1 operation of the service answers the request's method and path. */
  UNKNOWN_PATH("UnknownOperationException", 404, "No operation answers this method and path."),
  /** The query protocol's equivalent of {@link #UNKNOWN_OPERATION}. */
  INVALID_ACTION("InvalidAction", 400, "The action or operation requested is invalid."),
  /** The body could not be parsed, or a member had the wrong JSON type. */
  SERIALIZATION("SerializationException", 400, "The request body could not be parsed."),
  /** A member failed a modelled constraint. */
  VALIDATION("ValidationException", 400, "The request failed validation."),
  /** No service on this server answers the request. */
  UNKNOWN_SERVICE("UnknownServiceException", 400, "No service answers this request."),
  /** The request carried no credentials while authentication is on. */
  MISSING_AUTHENTICATION_TOKEN(
      "MissingAuthenticationTokenException",
      "MissingAuthenticationToken",
      403,
      "Missing Authentication Token"),
  /** The access key is not configured. */
  UNRECOGNIZED_CLIENT(
      "UnrecognizedClientException",
      "InvalidClientTokenId",
      403,
      "The security token included in the request is invalid."),
  /** A session token's lifetime is over (AWS's text; over awsQuery the code is ExpiredToken). */
  EXPIRED_TOKEN(
      "ExpiredTokenException",
      "ExpiredToken",
      403,
      "The security token included in the request is expired"),
  /** The signature did not verify. */
  SIGNATURE_DOES_NOT_MATCH(
      "SignatureDoesNotMatch",
      403,
      "The request signature we calculated does not match the signature you provided."),
  /** The Authorization header was malformed. */
  INCOMPLETE_SIGNATURE("IncompleteSignatureException", 403, "The request signature is incomplete."),
  /** The request's date is too far from the server's clock. */
  INVALID_SIGNATURE("InvalidSignatureException", 403, "Signature expired."),
  /** The request body is larger than the server accepts. */
  REQUEST_TOO_LARGE("RequestEntityTooLarge", 413, "Request body too large."),
  /** The operation is modelled but Docket does not implement it. */
  UNSUPPORTED_OPERATION("UnsupportedOperation", 400, "This operation is not supported by Docket."),
  /**
   * A dependency, such as the store's database, cannot be reached for now (an exception that is
   * {@link Unavailable}): AWS's common error for a temporary failure, with AWS's text, which the
   * SDKs retry.
   */
  SERVICE_UNAVAILABLE(
      "ServiceUnavailable",
      503,
      "The request has failed due to a temporary failure of the server."),
  /** Anything unexpected; logged once with the request id. */
  INTERNAL_FAILURE(
      "InternalFailure", 500, "The request processing has failed because of an unknown error.");

  private final String type;
  private final String queryCode;
  private final int httpStatus;
  private final String defaultMessage;

  CommonError(String type, int httpStatus, String defaultMessage) {
    this(type, type, httpStatus, defaultMessage);
  }

  /** An error whose awsQuery code differs from its JSON type, as SQS's auth errors do. */
  CommonError(String type, String queryCode, int httpStatus, String defaultMessage) {
    this.type = type;
    this.queryCode = queryCode;
    this.httpStatus = httpStatus;
    this.defaultMessage = defaultMessage;
  }

  @Override
  public String queryCode() {
    return queryCode;
  }

  @Override
  public String type() {
    return type;
  }

  @Override
  public int httpStatus() {
    return httpStatus;
  }

  @Override
  public String defaultMessage() {
    return defaultMessage;
  }
}
