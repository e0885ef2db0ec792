package dev.docket.benchmarks.raw;

import java.nio.charset.StandardCharsets;

/**
 * A pre-encoded awsJson request whose body may hold fixed-width decimal slots (a timestamp) that
 * are overwritten in place before each send, so the hot loop encodes nothing. Immutable template;
 * {@link #stamp} writes into a caller-owned copy.
 */
final class RawRequest {

  /** The marker a body template uses for a 19-digit timestamp slot. */
  static final String SLOT = "0000000000000000000";

  private final byte[] bytes;
  private final int[] slots;

  private RawRequest(byte[] bytes, int[] slots) {
    this.bytes = bytes;
    this.slots = slots;
  }

  /** A POST of {@code body} with {@code X-Amz-Target: target}; every {@link #SLOT} is a slot. */
  static RawRequest json(String host, String contentType, String target, String body) {
    byte[] payload = body.getBytes(StandardCharsets.UTF_8);
    String head =
        "POST / HTTP/1.1\r\nHost: "
            + host
            + "\r\nContent-Type: "
            + contentType
            + "\r\nX-Amz-Target: "
            + target
            // unsigned (auth is off on loopback), but scoped so servers that route by the
            // credential scope's service, like moto, find the service
            + "\r\nAuthorization: AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/"
            + scope(target)
            + "/aws4_request, SignedHeaders=host, Signature=0"
            + "\r\nContent-Length: "
            + payload.length
            + "\r\n\r\n";
    byte[] headBytes = head.getBytes(StandardCharsets.ISO_8859_1);
    byte[] all = new byte[headBytes.length + payload.length];
    System.arraycopy(headBytes, 0, all, 0, headBytes.length);
    System.arraycopy(payload, 0, all, headBytes.length, payload.length);
    int count = 0;
    int[] found = new int[16];
    String text = new String(all, StandardCharsets.ISO_8859_1);
    for (int at = text.indexOf(SLOT, headBytes.length); at >= 0; at = text.indexOf(SLOT, at + 19)) {
      if (count == found.length) {
        found = java.util.Arrays.copyOf(found, count * 2);
      }
      found[count++] = at;
    }
    return new RawRequest(all, java.util.Arrays.copyOf(found, count));
  }

  /** The service of the credential scope, by target prefix. */
  private static String scope(String target) {
    if (target.startsWith("AmazonSQS")) {
      return "sqs";
    }
    return target.startsWith("AWSStepFunctions") ? "states" : "events";
  }

  /** A fresh copy the caller may stamp and send repeatedly. */
  byte[] copy() {
    return bytes.clone();
  }

  /** Writes {@code value} (non-negative) as 19 decimal digits into every slot of {@code into}. */
  void stamp(byte[] into, long value) {
    for (int slot : slots) {
      long v = value;
      for (int i = 18; i >= 0; i--) {
        into[slot + i] = (byte) ('0' + (v % 10));
        v /= 10;
      }
    }
  }

  /** Whether the body holds a slot. */
  boolean stamped() {
    return slots.length > 0;
  }

  /** Reads the 19-digit number that starts right after {@code marker} in {@code text}. */
  static long readStamp(String text, String marker, int from) {
    int at = text.indexOf(marker, from);
    if (at < 0) {
      return -1;
    }
    at += marker.length();
    long v = 0;
    for (int i = 0; i < 19; i++) {
      char c = text.charAt(at + i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }
}
