package dev.docket.model;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Docket's stateless session tokens: a token is the AES-256-GCM encryption, under a server key, of
 * everything a request signed with temporary credentials needs to be verified: the access key id,
 * its secret, the principal, its organization and the expiry. Nothing is stored per session; any
 * change to a token fails the GCM tag, so a token cannot be forged or altered without the key.
 *
 * <p>A token is URL-safe Base64 (no padding, so it travels unchanged in a header, a query string or
 * a form) of {@code version (1 byte) · nonce (12 bytes) · ciphertext · tag (16 bytes)}; the version
 * is also authenticated. STS mints tokens ({@link #seal}); the wire layer opens them ({@link
 * #open}). Thread-safe: a cipher is made per call.
 */
public final class SessionTokens {

  /** The length of a server key in bytes: AES-256. */
  public static final int KEY_BYTES = 32;

  /** Longer tokens are refused before any decryption (real ones are a few hundred characters). */
  public static final int MAX_TOKEN_CHARS = 4096;

  private static final byte VERSION = 1;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final byte[] AAD = "docket-session-token".getBytes(StandardCharsets.US_ASCII);

  private final SecretKeySpec key;
  private final SecureRandom random = new SecureRandom();

  /**
   * Tokens under this key.
   *
   * @param key {@link #KEY_BYTES} bytes; copied
   */
  public SessionTokens(byte[] key) {
    Objects.requireNonNull(key, "key");
    if (key.length != KEY_BYTES) {
      throw new IllegalArgumentException(
          "A session token key is " + KEY_BYTES + " bytes, but was " + key.length);
    }
    this.key = new SecretKeySpec(Arrays.copyOf(key, KEY_BYTES), "AES");
  }

  /** Tokens under a fresh random key (a server without a stored key, and tests). */
  public static SessionTokens random() {
    byte[] key = new byte[KEY_BYTES];
    new SecureRandom().nextBytes(key);
    return new SessionTokens(key);
  }

  /**
   * What a session token carries.
   *
   * @param accessKeyId the temporary access key id ({@code ASIA…}) the token belongs to
   * @param secretAccessKey the secret requests with the token are signed with
   * @param principal who the session acts as (an assumed-role session)
   * @param orgId the organization of the principal's account, if any
   * @param expiration when the credentials stop being accepted
   */
  public record Session(
      String accessKeyId,
      String secretAccessKey,
      Principal principal,
      Optional<String> orgId,
      Instant expiration) {

    /** Validates that no component is null. */
    public Session {
      Objects.requireNonNull(accessKeyId, "accessKeyId");
      Objects.requireNonNull(secretAccessKey, "secretAccessKey");
      Objects.requireNonNull(principal, "principal");
      Objects.requireNonNull(orgId, "orgId");
      Objects.requireNonNull(expiration, "expiration");
    }

    /** Hides the secret. */
    @Override
    public String toString() {
      return "Session[accessKeyId="
          + accessKeyId
          + ", principal="
          + principal.arn()
          + ", expiration="
          + expiration
          + "]";
    }
  }

  /** Encrypts a session into a token. */
  public String seal(Session session) {
    byte[] plain = encode(session);
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    byte[] sealed;
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(AAD);
      cipher.updateAAD(new byte[] {VERSION});
      sealed = cipher.doFinal(plain);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is unavailable", e);
    }
    ByteBuffer out = ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length);
    out.put(VERSION).put(nonce).put(sealed);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(out.array());
  }

  /**
   * Decrypts a token.
   *
   * @return the session, or empty when the token is not one this key sealed (malformed, truncated,
   *     altered, or sealed under another key); expiry is the caller's to check
   */
  public Optional<Session> open(String token) {
    if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_CHARS) {
      return Optional.empty();
    }
    byte[] bytes;
    try {
      bytes = Base64.getUrlDecoder().decode(token);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (bytes.length < 1 + NONCE_BYTES + TAG_BITS / 8 || bytes[0] != VERSION) {
      return Optional.empty();
    }
    byte[] plain;
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, bytes, 1, NONCE_BYTES));
      cipher.updateAAD(AAD);
      cipher.updateAAD(new byte[] {VERSION});
      plain = cipher.doFinal(bytes, 1 + NONCE_BYTES, bytes.length - 1 - NONCE_BYTES);
    } catch (GeneralSecurityException e) {
      return Optional.empty(); // the tag did not verify: altered, or another key
    }
    return decode(plain);
  }

  private static byte[] encode(Session session) {
    byte[][] fields = {
      utf8(session.accessKeyId()),
      utf8(session.secretAccessKey()),
      utf8(session.principal().arn()),
      utf8(session.orgId().orElse(""))
    };
    int size = Long.BYTES;
    for (byte[] field : fields) {
      if (field.length > Short.MAX_VALUE) {
        throw new IllegalArgumentException("A session field is too long: " + field.length);
      }
      size += Short.BYTES + field.length;
    }
    ByteBuffer out = ByteBuffer.allocate(size);
    for (byte[] field : fields) {
      out.putShort((short) field.length).put(field);
    }
    out.putLong(session.expiration().toEpochMilli());
    return out.array();
  }

  private static Optional<Session> decode(byte[] plain) {
    // Only this class seals, so a token that opened is well formed; stay defensive anyway.
    try {
      ByteBuffer in = ByteBuffer.wrap(plain);
      String keyId = string(in);
      String secret = string(in);
      String arn = string(in);
      String org = string(in);
      Instant expiration = Instant.ofEpochMilli(in.getLong());
      if (in.hasRemaining() || Principal.typeOf(arn) == null) {
        return Optional.empty();
      }
      return Optional.of(
          new Session(
              keyId,
              secret,
              Principal.ofArn(arn),
              org.isEmpty() ? Optional.empty() : Optional.of(org),
              expiration));
    } catch (BufferUnderflowException | IllegalArgumentException | CharacterCodingException e) {
      return Optional.empty();
    }
  }

  private static String string(ByteBuffer in) throws CharacterCodingException {
    int length = in.getShort();
    if (length < 0 || length > in.remaining()) {
      throw new IllegalArgumentException("bad field length " + length);
    }
    ByteBuffer field = in.slice(in.position(), length);
    in.position(in.position() + length);
    return StandardCharsets.UTF_8
        .newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .decode(field)
        .toString();
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
