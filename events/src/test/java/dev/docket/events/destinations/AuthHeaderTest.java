package dev.docket.events.destinations;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AuthHeaderTest {

  @Test
  void basicAuthEncodesUserColonPasswordInBase64() {
    AuthHeader header = AuthHeader.basic("Aladdin", "open sesame");

    assertThat(header)
        .isEqualTo(new AuthHeader("Authorization", "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="));
  }

  @Test
  void basicAuthEncodesNonAsciiAsUtf8() {
    AuthHeader header = AuthHeader.basic("test", "123£");

    assertThat(header.value()).isEqualTo("Basic dGVzdDoxMjPCow==");
  }

  @Test
  void apiKeyIsAHeaderNamedByTheKeyName() {
    AuthHeader header = AuthHeader.apiKey("x-api-key", "secret");

    assertThat(header).isEqualTo(new AuthHeader("x-api-key", "secret"));
  }

  @Test
  void oauthTokenGoesAsABearerAuthorization() {
    assertThat(AuthHeader.bearer("tok")).isEqualTo(new AuthHeader("Authorization", "Bearer tok"));
  }
}
