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
 */
record Credential(
    String accessKeyId,
    String date,
    String region,
    String service,
    List<String> signedHeaders,
    String signature) {

  static final String ALGORITHM = "AWS4-HMAC-SHA256";

  Credential {
    signedHeaders = List.copyOf(signedHeaders);
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
