package dev.docket.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.server.Version;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MainTest {

  @TempDir Path dataDirectory;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @Test
  void versionPrintsTheBuildVersionAndExitsZero() {
    int code = execute("--version");

    assertThat(code).isZero();
    assertThat(out.toString()).startsWith("docket " + Version.current()).contains("Java ");
    assertThat(Version.current()).isNotEqualTo("unknown");
  }

  @Test
  void helpListsTheServeCommand() {
    int code = execute("--help");

    assertThat(code).isZero();
    assertThat(out.toString()).contains("serve");
  }

  @Test
  void serveHelpListsItsFlags() {
    int code = execute("serve", "--help");

    assertThat(code).isZero();
    assertThat(out.toString()).contains("--port", "--bind", "--data-dir", "--config");
  }

  @Test
  void noCommandIsAUsageError() {
    int code = execute();

    assertThat(code).isEqualTo(Main.USAGE);
    assertThat(err.toString()).contains("Missing a command");
  }

  @Test
  void anUnknownFlagIsAUsageError() {
    int code = execute("serve", "--prot", "1");

    assertThat(code).isEqualTo(Main.USAGE);
    assertThat(err.toString()).contains("--prot");
  }

  @Test
  void aNonNumericPortIsAUsageError() {
    int code = execute("serve", "--port", "http");

    assertThat(code).isEqualTo(Main.USAGE);
  }

  @Test
  void aTakenPortFailsWithOneLineAndNoStackTrace() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int code = serve("--port", Integer.toString(taken.getLocalPort()));

      assertThat(code).isEqualTo(Main.STARTUP_FAILURE);
      assertThat(err.toString())
          .startsWith("docket: Cannot listen on 127.0.0.1:" + taken.getLocalPort())
          .hasLineCount(1);
    }
  }

  @Test
  void verboseAddsTheStackTraceToAStartupFailure() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int code = serve("--verbose", "--port", Integer.toString(taken.getLocalPort()));

      assertThat(code).isEqualTo(Main.STARTUP_FAILURE);
      assertThat(err.toString()).contains("StartupException").contains("\tat ");
    }
  }

  @Test
  void aPublicBindWithoutAccessKeysIsRefused() {
    int code = serve("--bind", "0.0.0.0");

    assertThat(code).isEqualTo(Main.STARTUP_FAILURE);
    assertThat(err.toString())
        .isEqualToIgnoringNewLines(
            "docket: Refusing to bind to 0.0.0.0 without access keys: configure"
                + " auth.access-keys or bind to 127.0.0.1");
  }

  @Test
  void aMissingConfigFileFailsWithOneLine() {
    Path missing = dataDirectory.resolve("missing.yaml");

    int code = serve("--config", missing.toString());

    assertThat(code).isEqualTo(Main.STARTUP_FAILURE);
    assertThat(err.toString())
        .isEqualToIgnoringNewLines("docket: Configuration file '" + missing + "' does not exist");
  }

  @Test
  void theEverydayServeCommandLineTakesTheSamePathToAStartupFailure() {
    int code = Main.run("serve", "--data-dir", dataDirectory.toString(), "--bind", "0.0.0.0");

    assertThat(code).isEqualTo(Main.STARTUP_FAILURE);
  }

  private int serve(String... flags) {
    String[] args = new String[flags.length + 3];
    args[0] = "serve";
    args[1] = "--data-dir";
    args[2] = dataDirectory.toString();
    System.arraycopy(flags, 0, args, 3, flags.length);
    return execute(args);
  }

  private int execute(String... args) {
    CommandLine commandLine = Main.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(args);
  }
}
