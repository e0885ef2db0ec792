package dev.docket.http;

import dev.docket.model.CommonError;
import dev.docket.model.ServiceException;
import java.util.List;
import java.util.Optional;

/**
 * The parts of an {@code Authorization: AWS4-HMAC-SHA256 Credential=AK/20260101/us-east-1/sqs/
 * aws4_request, SignedHeaders=host;x-amz-date, Signature=…} header.
 *
 * @param accessKeyId the access key id
 * @param date the scope date, {@code yyyyMMdd}
 * @param region the scope region
 * @param service the scope service (the signing name)
 * @param signedHeaders the lower-case names of the signed headers, in header order
 * @param signature the hex signature
 * @param queryDate for a presigned request (signed in its query string), its {@code X-Amz-Date};
 *     empty for a request signed in its Authorization header
 * @param expiresSeconds for a presigned request, its {@code X-Amz-Expires}; 0 otherwise
 */
record Credential(
    String accessKeyId,
    String date,
    String region,
    String service,
    List<String> signedHeaders,
    String signature,
    String queryDate,
    long expiresSeconds) {

  static final String ALGORITHM = "AWS4-HMAC-SHA256";

  /** SigV4's longest presigned validity: seven days. */
  static final long MAX_EXPIRES_SECONDS = 604_800;

  Credential {
    signedHeaders = List.copyOf(signedHeaders);
  }

  /** A credential from an Authorization header. */
  Credential(
      String accessKeyId,
      String date,
      String region,
      String service,
      List<String> signedHeaders,
      String signature) {
    this(accessKeyId, date, region, service, signedHeaders, signature, "", 0);
  }

  /** Whether the request was signed in its query string (a presigned URL). */
  boolean presigned() {
    return !queryDate.isEmpty();
  }

  /**
   * Parses a presigned request's query parameters ({@code X-Amz-Algorithm}, {@code
   * X-Amz-Credential}, {@code X-Amz-Date}, {@code X-Amz-Expires}, {@code X-Amz-SignedHeaders},
   * {@code X-Amz-Signature}).
   *
   * @return empty when the query string carries no SigV4 signature
   * @throws ServiceException {@code IncompleteSignatureException} when it carries a malformed one
   */
  static Optional<Credential> fromQuery(java.util.Map<String, String> query) {
    if (!query.containsKey("X-Amz-Signature") && !query.containsKey("X-Amz-Algorithm")) {
      return Optional.empty();
    }
    String credential = query.get("X-Amz-Credential");
    String signedHeaders = query.get("X-Amz-SignedHeaders");
    String signature = query.get("X-Amz-Signature");
    String date = query.get("X-Amz-Date");
    String[] scope = credential == null ? new String[0] : credential.split("/");
    if (!ALGORITHM.equals(query.get("X-Amz-Algorithm"))
        || scope.length != 5
        || !"aws4_request".equals(scope[4])
        || signedHeaders == null
        || signature == null
        || date == null
        || date.isEmpty()) {
      throw new ServiceException(
          CommonError.INCOMPLETE_SIGNATURE,
          "A presigned request requires the query parameters 'X-Amz-Algorithm'"
              + " (AWS4-HMAC-SHA256), 'X-Amz-Credential' (AK/date/region/service/aws4_request),"
              + " 'X-Amz-Date', 'X-Amz-SignedHeaders' and 'X-Amz-Signature'");
    }
    long expires;
    try {
      expires = Long.parseLong(query.getOrDefault("X-Amz-Expires", "900"));
    } catch (NumberFormatException e) {
      expires = -1;
    }
    if (expires < 1 || expires > MAX_EXPIRES_SECONDS) {
      throw new ServiceException(
          CommonError.INCOMPLETE_SIGNATURE,
          "X-Amz-Expires must be a number of seconds between 1 and 604800 (a week), but was '"
              + query.get("X-Amz-Expires")
              + "'");
    }
    return Optional.of(
        new Credential(
            scope[0],
            scope[1],
            scope[2],
            scope[3],
            List.of(signedHeaders.split(";")),
            signature,
            date,
            expires));
  }

  /** The credential scope, {@code date/region/service/aws4_request}. */
  String scope() {
    return date + "/" + region + "/" + service + "/aws4_request";
  }

  /**
   * Parses an Authorization header.
   *
   * @return empty when the header is absent or uses another scheme
   * @throws ServiceException {@code IncompleteSignatureException} when it is SigV4 but malformed
   */
  static Optional<Credential> parse(String header) {
    if (header == null || !header.startsWith(ALGORITHM)) {
      return Optional.empty();
    }
    String credential = null;
    String signedHeaders = null;
    String signature = null;
    for (String part : header.substring(ALGORITHM.length()).split(",")) {
      String p = part.trim();
      if (p.startsWith("Credential=")) {
        credential = p.substring("Credential=".length());
      } else if (p.startsWith("SignedHeaders=")) {
        signedHeaders = p.substring("SignedHeaders=".length());
      } else if (p.startsWith("Signature=")) {
        signature = p.substring("Signature=".length());
      }
    }
    String[] scope = credential == null ? new String[0] : credential.split("/");
    if (scope.length != 5
        || !"aws4_request".equals(scope[4])
        || signedHeaders == null
        || signature == null) {
      throw new ServiceException(
          CommonError.INCOMPLETE_SIGNATURE,
          "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature'"
              + " parameters with a scope of the form AK/date/region/service/aws4_request,"
              + " but was '"
              + header.replaceAll("Signature=[0-9a-fA-F]*", "Signature=…")
              + "'");
    }
    return Optional.of(
        new Credential(
            scope[0], scope[1], scope[2], scope[3], List.of(signedHeaders.split(";")), signature));
  }
}
