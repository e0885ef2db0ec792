package dev.docket.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

class DocketExtensionLifecycleTest {

  @Test
  void serverStopsAndDataDirectoryIsDeletedAfterTheTestClass() throws Exception {
    TestExecutionSummary summary = run(Fixture.class);

    assertThat(summary.getTestsSucceededCount()).isEqualTo(1);
    assertThat(Fixture.dataDirectory).doesNotExist();
    try (HttpClient client = HttpClient.newHttpClient()) {
      HttpRequest health =
          HttpRequest.newBuilder(Fixture.endpoint.resolve("/_docket/health")).build();
      assertThatThrownBy(() -> client.send(health, HttpResponse.BodyHandlers.discarding()))
          .isInstanceOf(ConnectException.class);
    }
  }

  @Test
  void accessorsOutsideARegisteredClassSayHowToRegister() {
    DocketExtension unregistered = DocketExtension.create();

    assertThatThrownBy(unregistered::endpoint)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("@RegisterExtension on a static field");
  }

  private static TestExecutionSummary run(Class<?> testClass) {
    SummaryGeneratingListener listener = new SummaryGeneratingListener();
    LauncherFactory.create()
        .execute(
            LauncherDiscoveryRequestBuilder.request().selectors(selectClass(testClass)).build(),
            listener);
    return listener.getSummary();
  }

  /** Run only through {@link #run}: it records where its server lived. */
  static class Fixture {

    @RegisterExtension static DocketExtension docket = DocketExtension.create();

    static Path dataDirectory;
    static URI endpoint;

    @Test
    void recordsItsServer() {
      dataDirectory = docket.dataDirectory();
      endpoint = docket.endpoint();

      assertThat(dataDirectory).isDirectory();
    }
  }
}
