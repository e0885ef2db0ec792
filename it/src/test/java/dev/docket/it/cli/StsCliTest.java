package dev.docket.it.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.docket.it.cli.AwsCli.Result;
import dev.docket.testing.DocketExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code aws sts get-caller-identity} and a CLI profile that assumes a role ({@code role_arn} +
 * {@code source_profile}), with the real {@code aws} CLI. Skipped when {@code aws} is not on the
 * PATH.
 */
class StsCliTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void requireAwsCli() {
    assumeTrue(AwsCli.onPath("aws"), "the aws CLI is not on the PATH");
  }

  /** Authentication off: the LocalStack convention for key ids. */
  @Nested
  class AuthenticationOff {

    @RegisterExtension static DocketExtension docket = DocketExtension.create();

    @TempDir Path workDir;

    @Test
    void getCallerIdentityAnswersTheDefaultAccountsRoot() throws Exception {
      Result result = new AwsCli(workDir).aws(docket.endpoint(), "sts", "get-caller-identity");

      assertThat(result.exitCode()).as(result.output()).isZero();
      JsonNode identity = JSON.readTree(result.output());
      assertThat(identity.path("Account").asText()).isEqualTo("000000000000");
      assertThat(identity.path("Arn").asText()).isEqualTo("arn:aws:iam::000000000000:root");
      assertThat(identity.path("UserId").asText()).isEqualTo("000000000000");
    }

    @Test
    void twelveDigitAccessKeyIdActsAsThatAccount() throws Exception {
      Result result =
          new AwsCli(workDir)
              .run(
                  AwsCli.COMMAND_TIMEOUT,
                  Map.of("AWS_ACCESS_KEY_ID", "222222222222"),
                  "aws",
                  "--endpoint-url",
                  docket.endpoint().toString(),
                  "sts",
                  "get-caller-identity");

      assertThat(result.exitCode()).as(result.output()).isZero();
      assertThat(JSON.readTree(result.output()).path("Account").asText()).isEqualTo("222222222222");
    }
  }

  /** The README's profile: authentication off, a 12-digit key as the source profile. */
  @Nested
  class ReadmeProfile {

    @RegisterExtension static DocketExtension docket = DocketExtension.create();

    @TempDir Path workDir;

    @Test
    void profileOfATwelveDigitKeyAssumesARoleOfThatAccount() throws Exception {
      Path config = workDir.resolve("docket-aws-config");
      Files.writeString(
          config,
          """
          [profile team-a]
          aws_access_key_id = 111111111111
          aws_secret_access_key = test
          [profile deployer]
          role_arn = arn:aws:iam::111111111111:role/deployer
          source_profile = team-a
          region = us-east-1
          """);
      Map<String, String> environment = new HashMap<>();
      environment.put("AWS_CONFIG_FILE", config.toString());
      environment.put("AWS_ENDPOINT_URL", docket.endpoint().toString());
      environment.put("AWS_ACCESS_KEY_ID", null);
      environment.put("AWS_SECRET_ACCESS_KEY", null);
      environment.put("HOME", workDir.toString());

      Result result =
          new AwsCli(workDir)
              .run(
                  AwsCli.COMMAND_TIMEOUT,
                  environment,
                  "aws",
                  "--profile",
                  "deployer",
                  "sts",
                  "get-caller-identity");

      assertThat(result.exitCode()).as(result.output()).isZero();
      assertThat(JSON.readTree(result.output()).path("Arn").asText())
          .startsWith("arn:aws:sts::111111111111:assumed-role/deployer/botocore-session-");
    }
  }

  /** Authentication on: a user's key, and a profile assuming a role with it. */
  @Nested
  class AuthenticationOn {

    @RegisterExtension
    static DocketExtension docket =
        DocketExtension.builder()
            .accessKeyAs(
                "AKIDCLIUSER00000001", "cli-user-secret", "arn:aws:iam::111111111111:user/cli")
            .build();

    @TempDir Path workDir;

    @Test
    void getCallerIdentityAnswersTheKeysUser() throws Exception {
      Result result =
          new AwsCli(workDir)
              .run(
                  AwsCli.COMMAND_TIMEOUT,
                  Map.of(
                      "AWS_ACCESS_KEY_ID", "AKIDCLIUSER00000001",
                      "AWS_SECRET_ACCESS_KEY", "cli-user-secret"),
                  "aws",
                  "--endpoint-url",
                  docket.endpoint().toString(),
                  "sts",
                  "get-caller-identity");

      assertThat(result.exitCode()).as(result.output()).isZero();
      JsonNode identity = JSON.readTree(result.output());
      assertThat(identity.path("Arn").asText()).isEqualTo("arn:aws:iam::111111111111:user/cli");
      assertThat(identity.path("UserId").asText()).startsWith("AIDA");
    }

    @Test
    void profileWithRoleArnAndSourceProfileAssumesTheRole() throws Exception {
      Path config = workDir.resolve("aws-config");
      Files.writeString(
          config,
          """
          [profile base]
          aws_access_key_id = AKIDCLIUSER00000001
          aws_secret_access_key = cli-user-secret
          region = us-east-1

          [profile deployer]
          role_arn = arn:aws:iam::111111111111:role/deployer
          source_profile = base
          role_session_name = cli-session
          region = us-east-1
          """);
      Map<String, String> environment = new HashMap<>();
      environment.put("AWS_CONFIG_FILE", config.toString());
      // the endpoint of the client the CLI makes to call AssumeRole (--endpoint-url is only the
      // command's)
      environment.put("AWS_ENDPOINT_URL", docket.endpoint().toString());
      // no key in the environment: the profile's source_profile provides it
      environment.put("AWS_ACCESS_KEY_ID", null);
      environment.put("AWS_SECRET_ACCESS_KEY", null);
      // the CLI caches assumed-role credentials under ~/.aws/cli/cache: keep them in the test's
      environment.put("HOME", workDir.toString());
      AwsCli cli = new AwsCli(workDir);

      Result identity =
          cli.run(
              AwsCli.COMMAND_TIMEOUT,
              environment,
              "aws",
              "--profile",
              "deployer",
              "sts",
              "get-caller-identity");
      Result queue =
          cli.run(
              AwsCli.COMMAND_TIMEOUT,
              environment,
              "aws",
              "--profile",
              "deployer",
              "--endpoint-url",
              docket.endpoint().toString(),
              "sqs",
              "create-queue",
              "--queue-name",
              "assumed-by-cli");

      assertThat(identity.exitCode()).as(identity.output()).isZero();
      assertThat(JSON.readTree(identity.output()).path("Arn").asText())
          .isEqualTo("arn:aws:sts::111111111111:assumed-role/deployer/cli-session");
      assertThat(queue.exitCode()).as(queue.output()).isZero();
      assertThat(JSON.readTree(queue.output()).path("QueueUrl").asText())
          .endsWith("/111111111111/assumed-by-cli");
    }
  }
}
