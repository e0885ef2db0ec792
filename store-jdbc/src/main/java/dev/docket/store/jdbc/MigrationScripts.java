package dev.docket.store.jdbc;

import dev.docket.store.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A store's versioned migration scripts: the resources {@code <directory>/V<n>__<description>.sql},
 * named in version order. Knows which scripts a database at a given version still needs, refuses a
 * database newer than the last script, and reads a script as its statements. Running them, and the
 * table that records which ran, are the store's own (their SQL and transactions differ). Immutable
 * and thread-safe.
 */
public final class MigrationScripts {

  private final String directory;
  private final List<String> scripts;
  private final ClassLoader loader;

  /**
   * Scripts under a resource directory.
   *
   * @param directory the resource directory, without a trailing slash ({@code db/migration})
   * @param scripts the script names in strictly increasing version order; append only
   * @param loader the class loader that holds the resources
   * @throws IllegalStateException if a name is not {@code V<n>__<name>.sql} or the versions do not
   *     increase
   */
  public MigrationScripts(String directory, List<String> scripts, ClassLoader loader) {
    this.directory = Objects.requireNonNull(directory, "directory");
    this.scripts = List.copyOf(scripts);
    this.loader = Objects.requireNonNull(loader, "loader");
    if (this.scripts.isEmpty()) {
      throw new IllegalStateException("no migration scripts under " + directory);
    }
    int previous = 0;
    for (String script : this.scripts) {
      int version = version(script);
      if (version <= previous) {
        throw new IllegalStateException(
            "migration scripts must be in increasing version order: " + script);
      }
      previous = version;
    }
  }

  /** The script names, in version order. */
  public List<String> scripts() {
    return scripts;
  }

  /** The schema version the last script leaves. */
  public int latestVersion() {
    return version(scripts.getLast());
  }

  /**
   * The scripts a database at schema version {@code current} still needs, in order.
   *
   * @throws StoreException if {@code current} is newer than {@link #latestVersion()}: the database
   *     was written by a newer Docket; {@code advice} ends the message
   */
  public List<String> pending(String databaseName, int current, String advice) {
    if (current > latestVersion()) {
      throw new StoreException(
          "database "
              + databaseName
              + " has schema version "
              + current
              + ", newer than version "
              + latestVersion()
              + " known to this Docket; "
              + advice);
    }
    return scripts.stream().filter(script -> version(script) > current).toList();
  }

  /** The statements of one script, read from the class path. */
  public List<String> statements(String script) {
    return split(read(script));
  }

  /** Splits a script at semicolons ending a line, dropping {@code --} comment lines. */
  public static List<String> split(String script) {
    List<String> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : script.split("\n")) {
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("--")) {
        continue;
      }
      current.append(line).append('\n');
      if (trimmed.endsWith(";")) {
        statements.add(current.toString().strip());
        current.setLength(0);
      }
    }
    if (!current.isEmpty()) {
      statements.add(current.toString().strip());
    }
    return statements;
  }

  /**
   * The version a script's name carries: {@code n} of {@code V<n>__<name>.sql}.
   *
   * @throws IllegalStateException if the name has not that form
   */
  public static int version(String script) {
    int end = script.indexOf("__");
    if (!script.startsWith("V") || end < 2) {
      throw new IllegalStateException("migration script name must be V<n>__<name>.sql: " + script);
    }
    return Integer.parseInt(script.substring(1, end));
  }

  private String read(String script) {
    String resource = directory + "/" + script;
    try (InputStream in = loader.getResourceAsStream(resource)) {
      if (in == null) {
        throw new StoreException("migration script " + resource + " is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new StoreException("cannot read migration script " + resource, e);
    }
  }
}
