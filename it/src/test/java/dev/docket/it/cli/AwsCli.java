package dev.docket.it.cli;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs the real {@code aws} CLI (or any command) with test credentials and no user AWS
 * configuration, bounded in time, from a working directory of the test's.
 */
public final class AwsCli {

  /** Long enough for one CLI call on a slow machine. */
  public static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(1);

  private final Path workDir;

  /** A runner whose logs and fake configuration files live in {@code workDir}. */
  public AwsCli(Path workDir) {
    this.workDir = workDir;
  }

  /** What a command did: its exit code and its output (stdout and stderr together). */
  public record Result(int exitCode, String output) {}

  /** Whether {@code executable} is on the PATH (tests that need it assume it). */
  public static boolean onPath(String executable) {
    String path = System.getenv().getOrDefault("PATH", "");
    return Stream.of(path.split(File.pathSeparator))
        .filter(dir -> !dir.isEmpty())
        .map(dir -> Path.of(dir, executable))
        .anyMatch(Files::isExecutable);
  }

  /** {@code aws --endpoint-url <endpoint> <arguments...>}. */
  public Result aws(URI endpoint, String... arguments) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("aws", "--endpoint-url", endpoint.toString()));
    command.addAll(List.of(arguments));
    return run(COMMAND_TIMEOUT, command.toArray(String[]::new));
  }

  /** Runs a command; a command still running after {@code timeout} is killed (exit code -1). */
  public Result run(Duration timeout, String... command) throws IOException, InterruptedException {
    return run(timeout, Map.of(), command);
  }

  /**
   * Runs a command with some environment variables changed (another access key, a profile, an
   * {@code AWS_CONFIG_FILE} of the test's; a {@code null} value removes the variable); a command
   * still running after {@code timeout} is killed (exit code -1).
   */
  public Result run(Duration timeout, Map<String, String> environment, String... command)
      throws IOException, InterruptedException {
    Path log = Files.createTempFile(workDir, "command", ".log");
    ProcessBuilder builder =
        new ProcessBuilder(List.of(command))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .directory(workDir.toFile());
    Map<String, String> env = builder.environment();
    env.put("AWS_ACCESS_KEY_ID", "test");
    env.put("AWS_SECRET_ACCESS_KEY", "test");
    env.put("AWS_DEFAULT_REGION", "us-east-1");
    env.put("AWS_CONFIG_FILE", workDir.resolve("no-aws-config").toString());
    env.put("AWS_SHARED_CREDENTIALS_FILE", workDir.resolve("no-aws-credentials").toString());
    env.put("AWS_PAGER", "");
    env.remove("AWS_PROFILE");
    env.remove("AWS_SESSION_TOKEN");
    environment.forEach(
        (name, value) -> {
          if (value == null) {
            env.remove(name);
          } else {
            env.put(name, value);
          }
        });
    Process process = builder.start();
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly().waitFor();
      return new Result(-1, "timed out after " + timeout + ":\n" + read(log));
    }
    return new Result(process.exitValue(), read(log));
  }

  private static String read(Path log) throws IOException {
    return Files.readString(log, StandardCharsets.UTF_8);
  }
}
