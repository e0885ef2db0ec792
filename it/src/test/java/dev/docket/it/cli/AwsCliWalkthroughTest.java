package dev.docket.it.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.docket.it.cli.AwsCli.Result;
import dev.docket.testing.DocketExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
  private static final Duration COMMAND_TIMEOUT = AwsCli.COMMAND_TIMEOUT;

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

  private Result run(Duration timeout, String... command) throws IOException, InterruptedException {
    return new AwsCli(workDir).run(timeout, command);
  }

  private static boolean onPath(String executable) {
    return AwsCli.onPath(executable);
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
