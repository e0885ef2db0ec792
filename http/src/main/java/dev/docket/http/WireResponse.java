package dev.docket.http;

import java.util.Map;

/**
 * A response ready to write: status, content type, extra headers and body.
 *
 * @param status the HTTP status
 * @param contentType the {@code Content-Type}
 * @param headers extra headers (request id, error type)
 * @param body the encoded body
 */
record WireResponse(int status, String contentType, Map<String, String> headers, byte[] body) {

  WireResponse {
    headers = Map.copyOf(headers);
  }
}
