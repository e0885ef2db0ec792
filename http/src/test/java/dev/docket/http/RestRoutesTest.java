package dev.docket.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RestRoutesTest {

  @Test
  void segmentsKeepEncodedSlashesAndDropATrailingSlash() {
    assertThat(RestRoutes.segments("/tags/arn%3Aaws%3Ax%2Fy/"))
        .containsExactly("tags", "arn%3Aaws%3Ax%2Fy");
    assertThat(RestRoutes.segments("/")).isEmpty();
  }

  @Test
  void decodingIsPercentOnlyAndUtf8() {
    assertThat(RestRoutes.decode("a%2Fb+c%C3%A9")).isEqualTo("a/b+cé");
    assertThat(RestRoutes.decode("100%")).isEqualTo("100%");
    assertThat(RestRoutes.decode("%zz")).isEqualTo("%zz");
  }
}
