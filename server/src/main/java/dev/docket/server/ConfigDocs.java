package dev.docket.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Renders {@code docs/configuration.md} from {@link ConfigKeys}, so the documentation cannot drift
 * from the parser. {@code ConfigDocsTest} fails when the committed file differs from {@link
 * #markdown()}; regenerate it with
 *
 * <pre>
 * ./mvnw -o -q -pl server test -Dtest=ConfigDocsTest -Ddocket.docs.write=true
 * </pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class ConfigDocs {

  private ConfigDocs() {}

  /** Writes the markdown to the path given as the only argument. */
  public static void main(String[] args) {
    if (args.length != 1) {
      System.err.println("usage: ConfigDocs <path of configuration.md>");
      System.exit(2);
    }
    write(Path.of(args[0]));
  }

  /** Writes {@link #markdown()} to {@code file}. */
  public static void write(Path file) {
    try {
      Files.writeString(file, markdown(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + file, e);
    }
  }

  /** The whole of {@code docs/configuration.md}. */
  public static String markdown() {
    StringBuilder md = new StringBuilder();
    md.append(
        """
        # Configuration

        <!-- Generated from dev.docket.server.ConfigKeys by ConfigDocs; do not edit by hand.
             Regenerate: ./mvnw -o -q -pl server test -Dtest=ConfigDocsTest -Ddocket.docs.write=true -->

        Docket reads its configuration from, in increasing precedence:

        1. the defaults below;
        2. a YAML file given with `docket serve --config FILE`;
        3. environment variables, one per key (`server.port` → `DOCKET_SERVER_PORT`);
        4. the flags of `docket serve`: `--port`, `--bind`, `--data-dir`.

        In the file, keys may be nested (`server:` then `port: 8080`) or written dotted
        (`server.port: 8080`). An unknown key is an error, so a typo never goes unnoticed.

        **Security.** With the default bind address (`127.0.0.1`) only this machine can connect and
        authentication is off. Binding to any other address turns SigV4 authentication on, and Docket
        refuses to start unless `auth.access-keys` lists at least one key. `auth.enabled: true` turns
        authentication on for a loopback bind too.

        ## Keys

        | key | type | default | environment | description |
        | --- | --- | --- | --- | --- |
        """);
    for (ConfigKey<?> key : ConfigKeys.ALL) {
      md.append("| `")
          .append(key.name())
          .append("` | ")
          .append(key.type().documentation())
          .append(" | ")
          .append(key.defaultValue().isEmpty() ? "(none)" : "`" + key.defaultValue() + "`")
          .append(" | `")
          .append(key.environmentVariable())
          .append("` | ")
          .append(key.description().replace("|", "\\|"))
          .append(" |\n");
    }
    md.append(
        """

        ## Example

        ```yaml
        server:
          bind: 0.0.0.0
          port: 4566
        store:
          data-dir: /var/lib/docket
        auth:
          access-keys:
            - access-key-id: AKIDEXAMPLE
              secret-key: change-me
              account-id: "123456789012"
        aws:
          default-region: eu-west-1
        ```

        The same through the environment:

        ```sh
        DOCKET_SERVER_BIND=0.0.0.0 \\
        DOCKET_AUTH_ACCESS_KEYS=AKIDEXAMPLE:change-me:123456789012 \\
        bin/docket serve --data-dir /var/lib/docket
        ```

        ## Accounts and identities

        Each access key acts as a principal of one account: the account's root by default, or the
        IAM user or role its `principal` names. STS `GetCallerIdentity` answers who that is, and
        `AssumeRole` hands out temporary credentials (an `ASIA…` key, a secret and a session token)
        that act as the role session `arn:aws:sts::<account>:assumed-role/<role>/<session>`. Any
        role of the caller's own account can be assumed; another account's role only when
        `auth.roles` trusts the caller's account. Session tokens are stateless: they are encrypted
        (AES-256-GCM) under a key Docket creates in the data directory on first start, so they
        survive restarts and anyone with the data directory could mint one. Docket has no identity
        policies: a principal may do everything in its own account; resource policies govern what
        other accounts may do. Nor has it trust policies: `ExternalId` and MFA parameters of
        AssumeRole are not checked, and (unlike AWS) an account's root may assume roles.

        ```yaml
        auth:
          enabled: true
          access-keys:
            - access-key-id: AKIDPLATFORM
              secret-key: platform-secret
              account-id: "111111111111"
            - access-key-id: AKIDALICE
              secret-key: alice-secret
              principal: arn:aws:iam::222222222222:user/alice
          organizations:
            o-exampleorgid: ["111111111111", "222222222222"]
          roles:
            "arn:aws:iam::111111111111:role/publisher": ["222222222222"]
        ```

        With authentication off (the default on a loopback bind) nothing is configured and no
        signature is checked: an access key id of exactly twelve digits acts as that account's
        root (LocalStack's convention), any other as `aws.default-account`, and credentials from
        `AssumeRole` still act as their session.

        ## The launcher

        `bin/docket` finds a JDK 21 or newer (`JAVA_HOME`, then `java` on the `PATH`, then the usual
        install locations), builds the distribution (`cli/target/docket/lib`) on first use, and runs
        `dev.docket.cli.Main`. Extra JVM options go in `DOCKET_JAVA_OPTS`, e.g.
        `DOCKET_JAVA_OPTS=-Xmx512m`. To start faster, the first `bin/docket serve` records the classes
        it loads and writes a cache beside the distribution when it stops (an AOT cache on JDK 25+, a
        class-data-sharing archive on JDK 19–24); later starts load from it. `bin/measure-startup`
        times start to first request served. Where start-up matters more than peak throughput (short
        test runs), `DOCKET_JAVA_OPTS=-XX:TieredStopAtLevel=1` saves about a third more.
        """);
    return md.toString();
  }
}
