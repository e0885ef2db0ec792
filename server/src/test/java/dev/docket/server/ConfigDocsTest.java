package dev.docket.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConfigDocsTest {

  /** Surefire runs in the module directory; the docs are at the repository root. */
  private static final Path DOCS = Path.of("..", "docs", "configuration.md");

  @Test
  void committedConfigurationDocsMatchTheKeyTable() throws IOException {
    if (Boolean.getBoolean("docket.docs.write")) {
      ConfigDocs.write(DOCS);
    }

    String committed = Files.readString(DOCS, StandardCharsets.UTF_8);

    assertThat(committed)
        .as(
            "docs/configuration.md is stale; regenerate: ./mvnw -o -q -pl server test"
                + " -Dtest=ConfigDocsTest -Ddocket.docs.write=true")
        .isEqualTo(ConfigDocs.markdown());
  }

  @Test
  void everyKeyIsDocumentedWithItsEnvironmentVariable() {
    String markdown = ConfigDocs.markdown();

    for (ConfigKey<?> key : ConfigKeys.ALL) {
      assertThat(markdown).contains("| `" + key.name() + "` |", key.environmentVariable());
    }
  }

  @Test
  void keyNamesAndEnvironmentVariablesAreUnique() {
    Set<String> names = new HashSet<>();
    Set<String> variables = new HashSet<>();

    for (ConfigKey<?> key : ConfigKeys.ALL) {
      assertThat(names.add(key.name())).as(key.name()).isTrue();
      assertThat(variables.add(key.environmentVariable())).as(key.name()).isTrue();
    }
  }

  @Test
  void environmentVariableNamesFollowTheKey() {
    assertThat(ConfigKeys.STORE_DATA_DIR.environmentVariable()).isEqualTo("DOCKET_STORE_DATA_DIR");
  }
}
