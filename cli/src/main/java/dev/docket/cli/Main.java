package dev.docket.cli;

import dev.docket.server.Version;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of the {@code docket} command: {@code docket serve [--port N] [--bind ADDR]
 * [--data-dir DIR] [--config FILE] [--verbose]}, {@code docket --version}, {@code docket --help}.
 *
 * <p>Exit codes: 0 success (including a clean stop on SIGTERM/SIGINT), 1 the server could not start
 * (one-line message on stderr; the stack trace only with {@code --verbose}), 2 usage error.
 */
@Command(
    name = "docket",
    mixinStandardHelpOptions = true,
    versionProvider = Main.VersionProvider.class,
    description = "A self-hosted server speaking AWS wire protocols (SQS).",
    subcommands = {ServeCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

  /** Exit code of a server that could not start. */
  public static final int STARTUP_FAILURE = 1;

  /** Exit code of a command line that could not be parsed. */
  public static final int USAGE = 2;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Runs the command line and exits with its exit code. */
  public static void main(String[] args) {
    ConsoleLogging.install();
    SqliteNativeLibrary.useKeptCopy();
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit code, without exiting; used by tests. */
  public static int run(String... args) {
    Optional<ServeCommand> serve = ServeArguments.parse(args);
    if (serve.isPresent()) {
      return serve.get().call(); // the everyday case, without picocli's start-up cost
    }
    return commandLine().execute(args);
  }

  /** The command line, so tests can redirect its output before executing. */
  static CommandLine commandLine() {
    return new CommandLine(new Main());
  }

  /** {@code docket} without a subcommand prints the usage and fails as a usage error. */
  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing a command, e.g. serve");
  }

  /** Prints the version from the build, and the JVM running it. */
  static final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {
        "docket " + Version.current(),
        "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"
      };
    }
  }
}
