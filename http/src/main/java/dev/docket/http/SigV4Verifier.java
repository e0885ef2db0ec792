package dev.docket.http;

import dev.docket.model.CommonError;
import dev.docket.model.ServiceException;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies AWS Signature Version 4 on a request signed in its Authorization header, or presigned in
 * its query string ({@code X-Amz-Signature} and friends; valid for {@code X-Amz-Expires} seconds
 * after its {@code X-Amz-Date}, and not signing its own signature).
 *
 * <p>The canonical request is rebuilt from what was sent: the raw path (for every service but S3,
 * SigV4 encodes the already-encoded path once more; a path signed as sent is accepted too), the raw
 * query string decoded and re-encoded per AWS's rules and sorted, the signed headers with
 * whitespace collapsed, and the payload hash from {@code x-amz-content-sha256} when sent, else the
 * SHA-256 of the body. The request's {@code X-Amz-Date} must be within five minutes of the clock.
 * Signatures are compared in constant time. Stateless and thread-safe.
 */
final class SigV4Verifier {

  private static final Duration MAX_SKEW = Duration.ofMinutes(5);
  private static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final HexFormat HEX = HexFormat.of();

  private final Map<String, HttpConfig.AccessKey> keys;
  private final Clock clock;

  SigV4Verifier(Map<String, HttpConfig.AccessKey> keys, Clock clock) {
    this.keys = Map.copyOf(keys);
    this.clock = clock;
  }

  /**
   * Verifies the request's signature.
   *
   * @return the access key the request was signed with
   * @throws ServiceException {@code MissingAuthenticationTokenException}, {@code
   *     UnrecognizedClientException}, {@code InvalidSignatureException} (expired) or {@code
   *     SignatureDoesNotMatch}
   */
  HttpConfig.AccessKey verify(WireRequest request, Credential credential) {
    if (credential == null) {
      throw new ServiceException(CommonError.MISSING_AUTHENTICATION_TOKEN);
    }
    HttpConfig.AccessKey key = keys.get(credential.accessKeyId());
    if (key == null) {
      throw new ServiceException(CommonError.UNRECOGNIZED_CLIENT);
    }
    verifySignature(request, credential, key.secretKey());
    return key;
  }

  /**
   * Verifies the request's signature with a secret the caller found (a session token's).
   *
   * @throws ServiceException {@code IncompleteSignatureException}, {@code
   *     InvalidSignatureException} (expired) or {@code SignatureDoesNotMatch}
   */
  void verifySignature(WireRequest request, Credential credential, String secret) {
    String amzDate = credential.presigned() ? credential.queryDate() : requestDate(request);
    if (credential.presigned()) {
      checkValidity(amzDate, credential.expiresSeconds());
    } else {
      checkSkew(amzDate);
    }
    if (!amzDate.startsWith(credential.date())) {
      throw new ServiceException(
          CommonError.SIGNATURE_DOES_NOT_MATCH,
          "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from"
              + " HTTP: '"
              + credential.date()
              + "' != '"
              + amzDate.substring(0, Math.min(8, amzDate.length()))
              + "'");
    }
    checkPayloadHash(request);
    byte[] signingKey = signingKey(secret, credential);
    byte[] provided = parseHex(credential.signature());
    String doubleEncoded = uriEncode(request.rawPath(), false);
    if (matches(request, credential, amzDate, signingKey, provided, doubleEncoded, null)
        || (!doubleEncoded.equals(request.rawPath())
            && matches(request, credential, amzDate, signingKey, provided, request.rawPath(), null))
        // a presigned URL's signer may not have hashed the payload
        || (credential.presigned()
            && matches(
                request,
                credential,
                amzDate,
                signingKey,
                provided,
                doubleEncoded,
                "UNSIGNED-PAYLOAD"))) {
      return;
    }
    throw new ServiceException(CommonError.SIGNATURE_DOES_NOT_MATCH);
  }

  private boolean matches(
      WireRequest request,
      Credential credential,
      String amzDate,
      byte[] signingKey,
      byte[] provided,
      String canonicalUri,
      String payloadHash) {
    String canonical = canonicalRequest(request, credential, canonicalUri, payloadHash);
    String stringToSign =
        Credential.ALGORITHM
            + "\n"
            + amzDate
            + "\n"
            + credential.scope()
            + "\n"
            + HEX.formatHex(sha256(canonical.getBytes(StandardCharsets.UTF_8)));
    byte[] expected = hmac(signingKey, stringToSign);
    return MessageDigest.isEqual(expected, provided);
  }

  static String canonicalRequest(WireRequest request, Credential credential, String canonicalUri) {
    return canonicalRequest(request, credential, canonicalUri, null);
  }

  /**
   * The canonical request; {@code payloadHash} overrides the payload line when not null. A
   * presigned request's own {@code X-Amz-Signature} is not part of what it signed.
   */
  static String canonicalRequest(
      WireRequest request, Credential credential, String canonicalUri, String payloadHash) {
    StringBuilder out = new StringBuilder(512);
    out.append(request.method()).append('\n');
    out.append(canonicalUri.isEmpty() ? "/" : canonicalUri).append('\n');
    out.append(
            canonicalQuery(request.rawQuery(), credential.presigned() ? "X-Amz-Signature" : null))
        .append('\n');
    for (String name : credential.signedHeaders()) {
      out.append(name).append(':');
      List<String> values = request.headers().all(name);
      for (int i = 0; i < values.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        out.append(values.get(i).trim().replaceAll(" +", " "));
      }
      out.append('\n');
    }
    out.append('\n').append(String.join(";", credential.signedHeaders())).append('\n');
    out.append(
        payloadHash != null
            ? payloadHash
            : request
                .headers()
                .first("x-amz-content-sha256")
                .orElseGet(() -> HEX.formatHex(sha256(request.body()))));
    return out.toString();
  }

  static String canonicalQuery(String rawQuery) {
    return canonicalQuery(rawQuery, null);
  }

  /** The canonical query string, without the parameter named {@code excluded} (if not null). */
  static String canonicalQuery(String rawQuery, String excluded) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return "";
    }
    List<String[]> pairs = new ArrayList<>();
    for (String part : rawQuery.split("&")) {
      if (part.isEmpty()) {
        continue;
      }
      int eq = part.indexOf('=');
      String name = eq < 0 ? part : part.substring(0, eq);
      String value = eq < 0 ? "" : part.substring(eq + 1);
      if (excluded != null && excluded.equals(decode(name))) {
        continue;
      }
      pairs.add(new String[] {uriEncode(decode(name), true), uriEncode(decode(value), true)});
    }
    pairs.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
    StringBuilder out = new StringBuilder(rawQuery.length() + 16);
    for (String[] pair : pairs) {
      if (!out.isEmpty()) {
        out.append('&');
      }
      out.append(pair[0]).append('=').append(pair[1]);
    }
    return out.toString();
  }

  /** AWS's URI encoding: unreserved characters kept, everything else {@code %XX} upper case. */
  static String uriEncode(String text, boolean encodeSlash) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    StringBuilder out = new StringBuilder(bytes.length + 8);
    for (byte b : bytes) {
      char c = (char) (b & 0xff);
      if ((c >= 'A' && c <= 'Z')
          || (c >= 'a' && c <= 'z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '_'
          || c == '.'
          || c == '~'
          || (c == '/' && !encodeSlash)) {
        out.append(c);
      } else {
        out.append('%').append(HEX.toHexDigits(b).toUpperCase(Locale.ROOT));
      }
    }
    return out.toString();
  }

  private static String decode(String text) {
    // Percent-decoding only: in a query string signed by SigV4, '+' is a literal plus.
    try {
      return java.net.URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return text;
    }
  }

  /**
   * A signed {@code x-amz-content-sha256} only protects the body if the body matches it; anything
   * but {@code UNSIGNED-PAYLOAD} is checked against the body actually received.
   */
  private static void checkPayloadHash(WireRequest request) {
    var declared = request.headers().first("x-amz-content-sha256");
    if (declared.isEmpty() || "UNSIGNED-PAYLOAD".equals(declared.get())) {
      return;
    }
    byte[] actual = sha256(request.body());
    if (!MessageDigest.isEqual(parseHex(declared.get()), actual)) {
      throw new ServiceException(
          CommonError.SIGNATURE_DOES_NOT_MATCH,
          "The provided 'x-amz-content-sha256' header does not match what was computed: '"
              + declared.get()
              + "' != '"
              + HEX.formatHex(actual)
              + "'");
    }
  }

  private String requestDate(WireRequest request) {
    var amzDate = request.headers().first("x-amz-date");
    if (amzDate.isPresent()) {
      return amzDate.get();
    }
    return request
        .headers()
        .first("date")
        .map(
            d -> {
              try {
                return AMZ_DATE.format(
                    ZonedDateTime.parse(d, DateTimeFormatter.RFC_1123_DATE_TIME));
              } catch (DateTimeParseException e) {
                return d;
              }
            })
        .orElseThrow(
            () ->
                new ServiceException(
                    CommonError.INCOMPLETE_SIGNATURE,
                    "Authorization header requires existence of either a 'X-Amz-Date' or a"
                        + " 'Date' header."));
  }

  private void checkSkew(String amzDate) {
    Instant signedAt = parseDate(amzDate);
    Instant now = clock.instant();
    if (signedAt.isBefore(now.minus(MAX_SKEW))) {
      throw new ServiceException(
          CommonError.INVALID_SIGNATURE,
          "Signature expired: "
              + amzDate
              + " is now earlier than "
              + AMZ_DATE.format(now.minus(MAX_SKEW))
              + " ("
              + AMZ_DATE.format(now)
              + " - 5 min.)");
    }
    if (signedAt.isAfter(now.plus(MAX_SKEW))) {
      throw new ServiceException(
          CommonError.INVALID_SIGNATURE,
          "Signature not yet current: "
              + amzDate
              + " is still later than "
              + AMZ_DATE.format(now.plus(MAX_SKEW))
              + " ("
              + AMZ_DATE.format(now)
              + " + 5 min.)");
    }
  }

  /**
   * A presigned request is valid from five minutes before its {@code X-Amz-Date} (clock skew) until
   * {@code X-Amz-Expires} seconds after it.
   */
  private void checkValidity(String amzDate, long expiresSeconds) {
    Instant signedAt = parseDate(amzDate);
    Instant now = clock.instant();
    if (now.isAfter(signedAt.plusSeconds(expiresSeconds))) {
      throw new ServiceException(
          CommonError.INVALID_SIGNATURE,
          "Signature expired: "
              + AMZ_DATE.format(signedAt.plusSeconds(expiresSeconds))
              + " (X-Amz-Date "
              + amzDate
              + " + X-Amz-Expires "
              + expiresSeconds
              + " s) is now earlier than "
              + AMZ_DATE.format(now));
    }
    if (signedAt.isAfter(now.plus(MAX_SKEW))) {
      throw new ServiceException(
          CommonError.INVALID_SIGNATURE,
          "Signature not yet current: "
              + amzDate
              + " is still later than "
              + AMZ_DATE.format(now.plus(MAX_SKEW))
              + " ("
              + AMZ_DATE.format(now)
              + " + 5 min.)");
    }
  }

  private static Instant parseDate(String amzDate) {
    try {
      return Instant.from(AMZ_DATE.parse(amzDate));
    } catch (DateTimeParseException e) {
      throw new ServiceException(
          CommonError.INCOMPLETE_SIGNATURE,
          "X-Amz-Date must be in the ISO-8601 basic format yyyyMMdd'T'HHmmss'Z', but was '"
              + amzDate
              + "'");
    }
  }

  static byte[] signingKey(String secret, Credential credential) {
    byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), credential.date());
    key = hmac(key, credential.region());
    key = hmac(key, credential.service());
    return hmac(key, "aws4_request");
  }

  private static byte[] parseHex(String hex) {
    try {
      return HEX.parseHex(hex.toLowerCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return new byte[0]; // never equal to a 32-byte HMAC
    }
  }

  static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }

  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is unavailable", e);
    }
  }
}
