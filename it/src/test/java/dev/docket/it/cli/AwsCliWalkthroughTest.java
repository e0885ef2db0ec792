package dev.docket.it.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.docket.testing.DocketExtension;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the README's walkthroughs ({@code scripts/walkthrough.sh}, {@code
 * scripts/walkthrough-events.sh}, {@code scripts/walkthrough-states.sh}, {@code
 * scripts/walkthrough-scheduler.sh}) with the real {@code aws} CLI against an in-process Docket,
 * and checks how an error reaches a CLI user. Skipped when {@code aws} is not on the PATH.
 */
class AwsCliWalkthroughTest {

  private static final Duration WALKTHROUGH_TIMEOUT = Duration.ofMinutes(10);
  private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(1);

  @RegisterExtension static DocketExtension docket = DocketExtension.create();

  @TempDir Path workDir;

  @BeforeAll
  static void requireAwsCli() {
    assumeTrue(onPath("aws"), "the aws CLI is not on the PATH");
  }

  @Test
  void walkthroughScriptSucceedsAgainstDocket() throws Exception {
    assumeTrue(
        onPath("jq"), "jq (which the walkthrough script checks answers with) is not on the PATH");
    Path script = repositoryRoot().resolve("scripts/walkthrough.sh");

    Result result = run(WALKTHROUGH_TIMEOUT, "bash", script.toString(), endpoint());

    assertThat(result.exitCode()).as("walkthrough output:%n%s", result.output()).isZero();
    assertThat(result.output()).contains("walkthrough: OK");
  }

  @Test
  void statesWalkthroughScriptSucceedsAgainstDocket() throws Exception {
    assumeTrue(onPath("jq"), "jq (which the walkthrough script uses) is not on the PATH");
    Path script = repositoryRoot().resolve("scripts/walkthrough-states.sh");

    Result result = run(WALKTHROUGH_TIMEOUT, "bash", script.toString(), endpoint());

    assertThat(result.exitCode()).as("walkthrough output:%n%s", result.output()).isZero();
    assertThat(result.output()).contains("walkthrough-states: OK");
  }

  @Test
  void eventsWalkthroughScriptSucceedsAgainstDocket() throws Exception {
    assumeTrue(onPath("jq"), "jq (which the walkthrough script uses) is not on the PATH");
    Path script = repositoryRoot().resolve("scripts/walkthrough-events.sh");

    Result result = run(WALKTHROUGH_TIMEOUT, "bash", script.toString(), endpoint());

    assertThat(result.exitCode()).as("walkthrough output:%n%s", result.output()).isZero();
    assertThat(result.output()).contains("walkthrough-events: OK");
  }

  @Test
  void schedulerWalkthroughScriptSucceedsAgainstDocket() throws Exception {
    assumeTrue(onPath("jq"), "jq (which the walkthrough script uses) is not on the PATH");
    Path script = repositoryRoot().resolve("scripts/walkthrough-scheduler.sh");

    Result result = run(WALKTHROUGH_TIMEOUT, "bash", script.toString(), endpoint());

    assertThat(result.exitCode()).as("walkthrough output:%n%s", result.output()).isZero();
    assertThat(result.output()).contains("walkthrough-scheduler: OK");
  }

  @Test
  void getQueueUrlOfAMissingQueueFailsWithNonExistentQueue() throws Exception {
    Result result =
        run(
            COMMAND_TIMEOUT,
            "aws",
            "--endpoint-url",
            endpoint(),
            "sqs",
            "get-queue-url",
            "--queue-name",
            "no-such-queue");

    assertThat(result.exitCode()).as("aws output:%n%s", result.output()).isIn(254, 255);
    assertThat(result.output())
        .containsAnyOf("AWS.SimpleQueueService.NonExistentQueue", "QueueDoesNotExist");
  }

  private static String endpoint() {
    return docket.endpoint().toString();
  }

  private record Result(int exitCode, String output) {}

  /** Runs a command with test credentials and no user AWS configuration, bounded in time. */
  private Result run(Duration timeout, String... command) throws IOException, InterruptedException {
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

  private static boolean onPath(String executable) {
    String path = System.getenv().getOrDefault("PATH", "");
    return Stream.of(path.split(File.pathSeparator))
        .filter(dir -> !dir.isEmpty())
        .map(dir -> Path.of(dir, executable))
        .anyMatch(Files::isExecutable);
  }

  /** The directory holding {@code scripts/}, searched upwards from the working directory. */
  private static Path repositoryRoot() {
    List<Path> tried = new ArrayList<>();
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("scripts/walkthrough.sh"))) {
        return dir;
      }
      tried.add(dir);
    }
    throw new IllegalStateException("scripts/walkthrough.sh not found in any of " + tried);
  }
}
