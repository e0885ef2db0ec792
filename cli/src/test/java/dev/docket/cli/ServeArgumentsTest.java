package dev.docket.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

class ServeArgumentsTest {

  static Stream<String> acceptedCommandLines() {
    return Stream.of(
        "serve",
        "serve --port 8080",
        "serve --port 0",
        "serve --port=4566 --bind 0.0.0.0",
        "serve --data-dir /var/lib/docket --config docket.yaml",
        "serve --data-dir=relative/data --config=c.yaml -v",
        "serve --verbose --bind localhost --port 65535",
        "serve --bind serve");
  }

  static Stream<String> declinedCommandLines() {
    return Stream.of(
        "",
        "--version",
        "help serve",
        "serve --help",
        "serve -h",
        "serve -V",
        "serve --port",
        "serve --port x",
        "serve --port 010",
        "serve --port 0x10",
        "serve --port -1",
        "serve --port=",
        "serve --port 1 --port 2",
        "serve -v -v",
        "serve --prot 1",
        "serve extra",
        "serve --bind @args.txt",
        "serve -- --port 1",
        "serve -vh");
  }

  @ParameterizedTest
  @MethodSource("acceptedCommandLines")
  void acceptedCommandLinesMeanWhatTheyMeanToPicocli(String commandLine) {
    String[] args = commandLine.split(" ");

    Optional<ServeCommand> fast = ServeArguments.parse(args);
    ServeCommand viaPicocli = picocli(args);

    assertThat(fast).isPresent();
    assertThat(fast.get())
        .usingRecursiveComparison()
        .comparingOnlyFields("port", "bind", "dataDirectory", "configFile", "verbose")
        .isEqualTo(viaPicocli);
  }

  @ParameterizedTest
  @MethodSource("declinedCommandLines")
  void everythingElseIsLeftToPicocli(String commandLine) {
    String[] args = commandLine.isEmpty() ? new String[0] : commandLine.split(" ");

    Optional<ServeCommand> fast = ServeArguments.parse(args);

    assertThat(fast).isEmpty();
  }

  private static ServeCommand picocli(String... args) {
    CommandLine.ParseResult result = Main.commandLine().parseArgs(args);
    return (ServeCommand) result.subcommand().commandSpec().userObject();
  }
}
