package dev.docket.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.sqlite.util.OSInfo;

class SqliteNativeLibraryTest {

  @Test
  void platformFolderAgreesWithTheDriversOwnDetectionWhereItAnswers() {
    String folder = SqliteNativeLibrary.platformFolder();

    if (folder != null) {
      assertThat(folder).isEqualTo(OSInfo.getNativeLibFolderPathForCurrentOS());
    }
  }

  @Test
  void theLibraryForThisPlatformIsInTheDriverJar() {
    String folder = SqliteNativeLibrary.platformFolder();

    if (folder != null) {
      String resource = "/org/sqlite/native/" + folder + "/" + System.mapLibraryName("sqlitejdbc");
      assertThat(OSInfo.class.getResource(resource)).as(resource).isNotNull();
    }
  }
}
