package dev.docket.it.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.docket.it.cli.AwsCli;
import dev.docket.testing.DocketExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's archive-and-replay walkthrough ({@code scripts/walkthrough-archives.sh}) with the
 * real {@code aws} CLI against an in-process Docket: create-archive, describe-archive,
 * start-replay, describe-replay, the replayed events in a queue, and a refused cross-bus replay.
 * Skipped when {@code aws} or {@code jq} is not on the PATH.
 */
class ArchivesCliTest {

  @RegisterExtension static DocketExtension docket = DocketExtension.create();

  @TempDir Path workDir;

  @Test
  void archivesWalkthroughScriptSucceedsAgainstDocket() throws Exception {
    assumeTrue(AwsCli.onPath("aws") && AwsCli.onPath("jq"), "aws and jq must be on the PATH");
    Path script = repositoryRoot().resolve("scripts/walkthrough-archives.sh");

    AwsCli.Result result =
        new AwsCli(workDir)
            .run(Duration.ofMinutes(10), "bash", script.toString(), docket.endpoint().toString());

    assertThat(result.exitCode()).as("walkthrough output:%n%s", result.output()).isZero();
    assertThat(result.output()).contains("walkthrough-archives: OK");
  }

  private static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("scripts/walkthrough-archives.sh"))) {
      dir = dir.getParent();
    }
    assertThat(dir).as("the repository root above the working directory").isNotNull();
    return dir;
  }
}
