package dev.docket.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DocketExtensionTest {

  @RegisterExtension static DocketExtension docket = DocketExtension.create();

  @Test
  void serverAnswersHealthOnTheLoopbackEndpoint() throws Exception {
    try (HttpClient client = HttpClient.newHttpClient()) {
      HttpResponse<String> response =
          client.send(
              HttpRequest.newBuilder(docket.endpoint().resolve("/_docket/health")).build(),
              HttpResponse.BodyHandlers.ofString());

      assertThat(docket.endpoint().getHost()).isEqualTo("127.0.0.1");
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).contains("UP");
    }
  }

  @Test
  void dataLivesInATemporaryDirectory() {
    assertThat(docket.dataDirectory()).isDirectory();
    assertThat(docket.dataDirectory().resolve("docket.db")).exists();
  }

  @Test
  void sqsClientIsCachedForTheClass() {
    assertThat(docket.sqs()).isSameAs(docket.sqs());
  }

  @Test
  void sqsClientTalksToTheServer() {
    String url = docket.sqs().createQueue(b -> b.queueName("extension-smoke")).queueUrl();

    assertThat(docket.sqs().listQueues().queueUrls()).contains(url);
  }

  @Nested
  class NestedTests {

    @Test
    void nestedClassesShareTheOuterServer() {
      assertThat(docket.server().port()).isPositive();
    }
  }
}
