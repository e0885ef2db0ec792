package dev.docket.it.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.docket.testing.DocketExtension;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
    assumeTrue(onPath("aws") && onPath("jq"), "aws and jq must be on the PATH");
    Path script = repositoryRoot().resolve("scripts/walkthrough-archives.sh");
    Path log = workDir.resolve("walkthrough.log");
    ProcessBuilder builder =
        new ProcessBuilder(List.of("bash", script.toString(), docket.endpoint().toString()))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .directory(workDir.toFile());
    Map<String, String> env = builder.environment();
    env.put("AWS_ACCESS_KEY_ID", "test");
    env.put("AWS_SECRET_ACCESS_KEY", "test");
    env.put("AWS_DEFAULT_REGION", "us-east-1");
    env.put("AWS_CONFIG_FILE", workDir.resolve("no-aws-config").toString());
    env.put("AWS_SHARED_CREDENTIALS_FILE", workDir.resolve("no-aws-credentials").toString());
    env.remove("AWS_PROFILE");

    Process process = builder.start();
    boolean ended = process.waitFor(10, TimeUnit.MINUTES);
    if (!ended) {
      process.destroyForcibly();
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);

    assertThat(ended).as("walkthrough output:%n%s", output).isTrue();
    assertThat(process.exitValue()).as("walkthrough output:%n%s", output).isZero();
    assertThat(output).contains("walkthrough-archives: OK");
  }

  private static boolean onPath(String tool) {
    return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        .anyMatch(dir -> Files.isExecutable(Path.of(dir, tool)));
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
