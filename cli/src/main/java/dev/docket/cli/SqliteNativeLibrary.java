package dev.docket.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.sqlite.SQLiteJDBCLoader;

/**
 * Keeps sqlite-jdbc's native library in a directory of the distribution, extracted once, instead of
 * letting the driver extract it into the temporary directory and checksum it on every start
 * (measured: about 0.2 s of CPU, a good part of the start-up budget on a 2-core machine; the
 * driver's platform detection alone runs {@code uname -o} in a child process).
 *
 * <p>Active only when the {@value #DIRECTORY_PROPERTY} system property names the directory, as
 * {@code bin/docket} does; otherwise, or when anything goes wrong, the driver's own extraction
 * stays in place. Call once from {@code main}, before the store opens.
 */
final class SqliteNativeLibrary {

  /** The system property naming the directory the library is kept in. */
  static final String DIRECTORY_PROPERTY = "docket.native-dir";

  private static final Logger LOG = Logger.getLogger(SqliteNativeLibrary.class.getName());

  private SqliteNativeLibrary() {}

  /** Points sqlite-jdbc at the kept library, extracting it first if this is the first start. */
  static void useKeptCopy() {
    String directory = System.getProperty(DIRECTORY_PROPERTY);
    if (directory == null || System.getProperty("org.sqlite.lib.path") != null) {
      return;
    }
    try {
      String folder = platformFolder();
      if (folder == null) {
        return;
      }
      String name = System.mapLibraryName("sqlitejdbc");
      Path library = Path.of(directory, SQLiteJDBCLoader.getVersion(), folder, name);
      if (!Files.isRegularFile(library) && !extract(folder + "/" + name, library)) {
        return;
      }
      System.setProperty("org.sqlite.lib.path", library.getParent().toString());
      System.setProperty("org.sqlite.lib.name", name);
    } catch (IOException | RuntimeException | LinkageError e) {
      LOG.log(Level.FINE, "Keeping sqlite-jdbc's own native library extraction", e);
    }
  }

  /**
   * The driver's folder for this platform ({@code Linux/x86_64}, {@code Mac/aarch64}, ...), for the
   * common platforms only; {@code null} elsewhere (musl, Android, 32-bit, ...), where the driver's
   * own detection decides.
   */
  static String platformFolder() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch =
        switch (System.getProperty("os.arch", "").toLowerCase(Locale.ROOT)) {
          case "amd64", "x86_64" -> "x86_64";
          case "aarch64", "arm64" -> "aarch64";
          default -> null;
        };
    if (arch == null) {
      return null;
    }
    if (os.startsWith("linux")) {
      boolean musl = Files.exists(Path.of("/lib/ld-musl-" + arch + ".so.1"));
      boolean android = System.getProperty("java.vm.vendor", "").contains("Android");
      return musl || android ? null : "Linux/" + arch;
    }
    if (os.startsWith("mac") || os.startsWith("darwin")) {
      return "Mac/" + arch;
    }
    if (os.startsWith("windows")) {
      return "Windows/" + arch;
    }
    return null;
  }

  private static boolean extract(String path, Path library) throws IOException {
    try (InputStream in =
        SQLiteJDBCLoader.class.getResourceAsStream("/org/sqlite/native/" + path)) {
      if (in == null) {
        return false;
      }
      Files.createDirectories(library.getParent());
      Path partial =
          Files.createTempFile(library.getParent(), library.getFileName().toString(), "");
      try {
        Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
        try {
          Files.move(partial, library, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(partial, library, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(partial);
      }
      return true;
    }
  }
}
