package dev.docket.it.sts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.docket.sts.StsConfig;
import dev.docket.testing.DocketExtension;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkGlobalTime;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SqsException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * AssumeRole through the SDK, with authentication on and the server on a manual clock: the
 * temporary credentials act as the role session in every service (STS, SQS, EventBridge), in the
 * role's account; a role of another account is assumable only when configuration trusts the
 * caller's account, else refused with AWS's AccessDenied; the SDK's {@code
 * StsAssumeRoleCredentialsProvider} works unchanged; expired and tampered tokens are refused with
 * AWS's codes.
 */
class AssumeRoleTest {

  private static final String ACCOUNT_A = "111111111111";
  private static final String ACCOUNT_B = "222222222222";
  private static final String SHARED_ROLE = "arn:aws:iam::" + ACCOUNT_B + ":role/shared";
  private static final AwsBasicCredentials ROOT_A =
      AwsBasicCredentials.create("AKIDROOTA00000000001", "root-a-secret");
  private static final AwsBasicCredentials ALICE =
      AwsBasicCredentials.create("AKIDALICE0000000001", "alice-secret");
  private static final Instant START = Instant.now().truncatedTo(ChronoUnit.SECONDS);

  @RegisterExtension
  static DocketExtension docket =
      DocketExtension.builder()
          .accessKey(ROOT_A.accessKeyId(), ROOT_A.secretAccessKey(), ACCOUNT_A)
          .accessKey("AKIDROOTB00000000001", "root-b-secret", ACCOUNT_B)
          .accessKeyAs(
              ALICE.accessKeyId(), ALICE.secretAccessKey(), "arn:aws:iam::111111111111:user/alice")
          .manualClock(START)
          .configure(
              c -> c.withSts(new StsConfig(Map.of(SHARED_ROLE, Set.of(ACCOUNT_A)), Map.of())))
          .build();

  @BeforeEach
  void signWithTheServersClock() {
    SdkGlobalTime.setGlobalTimeOffset(
        (int) -Duration.between(Instant.now(), docket.clock().instant()).toSeconds());
  }

  @AfterEach
  void noClockCorrection() {
    SdkGlobalTime.setGlobalTimeOffset(0);
  }

  @Test
  void assumingARoleOfTheOwnAccountHandsOutTemporaryCredentials() {
    try (StsClient sts = StsClients.sts(docket, ALICE)) {

      AssumeRoleResponse answer =
          sts.assumeRole(
              r -> r.roleArn("arn:aws:iam::111111111111:role/ops/reader").roleSessionName("s1"));

      assertThat(answer.credentials().accessKeyId()).matches("ASIA[A-Z2-7]{16}");
      assertThat(answer.credentials().secretAccessKey()).hasSize(40);
      assertThat(answer.credentials().sessionToken()).isNotBlank();
      assertThat(answer.credentials().expiration())
          .isEqualTo(docket.clock().instant().truncatedTo(ChronoUnit.SECONDS).plusSeconds(3600));
      assertThat(answer.assumedRoleUser().arn())
          .isEqualTo("arn:aws:sts::111111111111:assumed-role/reader/s1");
      assertThat(answer.assumedRoleUser().assumedRoleId()).matches("AROA[A-Z2-7]{17}:s1");
    }
  }

  @Test
  void temporaryCredentialsActAsTheRoleSession() {
    AwsSessionCredentials session = assume(ALICE, "arn:aws:iam::111111111111:role/reader", "me");

    try (StsClient sts = StsClients.sts(docket, session)) {
      GetCallerIdentityResponse identity = sts.getCallerIdentity();

      assertThat(identity.arn()).isEqualTo("arn:aws:sts::111111111111:assumed-role/reader/me");
      assertThat(identity.account()).isEqualTo(ACCOUNT_A);
      assertThat(identity.userId()).matches("AROA[A-Z2-7]{17}:me");
    }
  }

  @Test
  void crossAccountRoleTrustedByConfigurationActsInTheRolesAccount() {
    AwsSessionCredentials session = assume(ROOT_A, SHARED_ROLE, "cross");
    String name = "assumed-" + UUID.randomUUID().toString().substring(0, 8);

    try (SqsClient sqs = StsClients.sqs(docket, session);
        EventBridgeClient events = StsClients.events(docket, session);
        StsClient sts = StsClients.sts(docket, session)) {
      String url = sqs.createQueue(b -> b.queueName(name)).queueUrl();
      String busArn = events.describeEventBus(b -> b.name("default")).arn();

      assertThat(url).contains("/" + ACCOUNT_B + "/" + name);
      assertThat(busArn).isEqualTo("arn:aws:events:us-east-1:222222222222:event-bus/default");
      assertThat(sts.getCallerIdentity().arn())
          .isEqualTo("arn:aws:sts::222222222222:assumed-role/shared/cross");
    }
  }

  @Test
  void roleOfAnotherAccountNotTrustedIsAccessDenied() {
    String role = "arn:aws:iam::333333333333:role/private";
    try (StsClient sts = StsClients.sts(docket, ALICE)) {

      StsException e =
          catchThrowableOfType(
              StsException.class, () -> sts.assumeRole(r -> r.roleArn(role).roleSessionName("xx")));

      assertThat(e.statusCode()).isEqualTo(403);
      assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
      assertThat(e.awsErrorDetails().errorMessage())
          .isEqualTo(
              "User: arn:aws:iam::111111111111:user/alice is not authorized to perform:"
                  + " sts:AssumeRole on resource: "
                  + role);
    }
  }

  @Test
  void durationAndSessionNameAreValidatedAsStsDoes() {
    try (StsClient sts = StsClients.sts(docket, ALICE)) {
      String role = "arn:aws:iam::111111111111:role/reader";

      StsException tooShort =
          catchThrowableOfType(
              StsException.class, () -> sts.assumeRole(r -> r.roleArn(role).roleSessionName("s")));
      StsException badName =
          catchThrowableOfType(
              StsException.class,
              () -> sts.assumeRole(r -> r.roleArn(role).roleSessionName("has space")));

      assertThat(tooShort.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
      assertThat(tooShort.awsErrorDetails().errorMessage())
          .isEqualTo(
              "1 validation error detected: Value 's' at 'roleSessionName' failed to satisfy"
                  + " constraint: Member must have length greater than or equal to 2");
      assertThat(badName.awsErrorDetails().errorMessage())
          .isEqualTo(
              "1 validation error detected: Value 'has space' at 'roleSessionName' failed to"
                  + " satisfy constraint: Member must satisfy regular expression pattern:"
                  + " [\\w+=,.@-]*");
    }
  }

  @Test
  void durationBelowFifteenMinutesIsRefused() {
    try (StsClient sts = StsClients.sts(docket, ALICE)) {

      StsException e =
          catchThrowableOfType(
              StsException.class,
              () ->
                  sts.assumeRole(
                      r ->
                          r.roleArn("arn:aws:iam::111111111111:role/reader")
                              .roleSessionName("short")
                              .durationSeconds(899)));

      assertThat(e.statusCode()).isEqualTo(400);
      assertThat(e.awsErrorDetails().errorMessage())
          .isEqualTo(
              "1 validation error detected: Value '899' at 'durationSeconds' failed to satisfy"
                  + " constraint: Member must have value greater than or equal to 900");
    }
  }

  @Test
  void sdkAssumeRoleCredentialsProviderWorksUnchanged() {
    String name = "provider-" + UUID.randomUUID().toString().substring(0, 8);
    try (StsClient sts = StsClients.sts(docket, ROOT_A);
        StsAssumeRoleCredentialsProvider provider =
            StsAssumeRoleCredentialsProvider.builder()
                .stsClient(sts)
                .refreshRequest(r -> r.roleArn(SHARED_ROLE).roleSessionName("provider"))
                .build();
        SqsClient sqs = StsClients.sqs(docket, provider)) {

      String url = sqs.createQueue(b -> b.queueName(name)).queueUrl();

      assertThat(url).contains("/" + ACCOUNT_B + "/" + name);
    }
  }

  @Test
  void sessionIsAcceptedUntilItExpiresThenRefusedWithExpiredToken() {
    AwsSessionCredentials session =
        assume(ALICE, "arn:aws:iam::111111111111:role/reader", "expiring", 900);

    StsClients.advance(docket, Duration.ofSeconds(899));
    String beforeExpiry;
    try (StsClient sts = StsClients.sts(docket, session)) {
      beforeExpiry = sts.getCallerIdentity().arn();
    }
    StsClients.advance(docket, Duration.ofSeconds(1));
    // clients made after the clock moved: the SDK reads its signing-time offset when built
    try (SqsClient sqs = StsClients.sqs(docket, session);
        StsClient sts = StsClients.sts(docket, session)) {
      SqsException sqsRefusal = catchThrowableOfType(SqsException.class, sqs::listQueues);
      StsException stsRefusal = catchThrowableOfType(StsException.class, sts::getCallerIdentity);

      assertThat(beforeExpiry).endsWith("assumed-role/reader/expiring");
      assertThat(sqsRefusal.statusCode()).isEqualTo(403);
      assertThat(sqsRefusal.awsErrorDetails().errorCode()).isEqualTo("ExpiredToken");
      assertThat(stsRefusal.statusCode()).isEqualTo(403);
      assertThat(stsRefusal.awsErrorDetails().errorCode()).isEqualTo("ExpiredToken");
      assertThat(stsRefusal.awsErrorDetails().errorMessage())
          .isEqualTo("The security token included in the request is expired");
    }
  }

  @Test
  void tamperedTokenIsRefusedWithInvalidClientTokenId() {
    AwsSessionCredentials session = assume(ALICE, "arn:aws:iam::111111111111:role/reader", "tt");
    char[] token = session.sessionToken().toCharArray();
    int middle = token.length / 2;
    token[middle] = token[middle] == 'A' ? 'B' : 'A';
    AwsSessionCredentials tampered =
        AwsSessionCredentials.create(
            session.accessKeyId(), session.secretAccessKey(), new String(token));

    try (StsClient sts = StsClients.sts(docket, tampered);
        SqsClient sqs = StsClients.sqs(docket, tampered)) {
      StsException stsRefusal = catchThrowableOfType(StsException.class, sts::getCallerIdentity);
      SqsException sqsRefusal = catchThrowableOfType(SqsException.class, sqs::listQueues);

      assertThat(stsRefusal.statusCode()).isEqualTo(403);
      assertThat(stsRefusal.awsErrorDetails().errorCode()).isEqualTo("InvalidClientTokenId");
      assertThat(stsRefusal.awsErrorDetails().errorMessage())
          .isEqualTo("The security token included in the request is invalid.");
      assertThat(sqsRefusal.statusCode()).isEqualTo(403);
    }
  }

  @Test
  void tokenOfAnotherSessionDoesNotVouchForThisKey() {
    AwsSessionCredentials one = assume(ALICE, "arn:aws:iam::111111111111:role/reader", "one");
    AwsSessionCredentials two = assume(ALICE, "arn:aws:iam::111111111111:role/reader", "two");
    AwsSessionCredentials mixed =
        AwsSessionCredentials.create(one.accessKeyId(), one.secretAccessKey(), two.sessionToken());

    try (StsClient sts = StsClients.sts(docket, mixed)) {
      StsException e = catchThrowableOfType(StsException.class, sts::getCallerIdentity);

      assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidClientTokenId");
    }
  }

  @Test
  void sessionSecretIsNeededToSign() {
    AwsSessionCredentials session = assume(ALICE, "arn:aws:iam::111111111111:role/reader", "ss");
    AwsSessionCredentials forged =
        AwsSessionCredentials.create(
            session.accessKeyId(), "not-the-session-secret", session.sessionToken());

    try (StsClient sts = StsClients.sts(docket, forged)) {
      StsException e = catchThrowableOfType(StsException.class, sts::getCallerIdentity);

      assertThat(e.statusCode()).isEqualTo(403);
      assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SignatureDoesNotMatch");
    }
  }

  @Test
  void roleChainingIsLimitedToOneHour() {
    AwsSessionCredentials session = assume(ALICE, "arn:aws:iam::111111111111:role/reader", "cc");

    try (StsClient sts = StsClients.sts(docket, session)) {
      StsException e =
          catchThrowableOfType(
              StsException.class,
              () ->
                  sts.assumeRole(
                      r ->
                          r.roleArn("arn:aws:iam::111111111111:role/writer")
                              .roleSessionName("chained")
                              .durationSeconds(7200)));
      AssumeRoleResponse chained =
          sts.assumeRole(
              r -> r.roleArn("arn:aws:iam::111111111111:role/writer").roleSessionName("chained"));

      assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
      assertThat(chained.assumedRoleUser().arn())
          .isEqualTo("arn:aws:sts::111111111111:assumed-role/writer/chained");
    }
  }

  private static AwsSessionCredentials assume(
      AwsBasicCredentials caller, String role, String session) {
    return assume(caller, role, session, 3600);
  }

  private static AwsSessionCredentials assume(
      AwsBasicCredentials caller, String role, String session, int seconds) {
    try (StsClient sts = StsClients.sts(docket, StaticCredentialsProvider.create(caller))) {
      return StsClients.session(
          sts.assumeRole(r -> r.roleArn(role).roleSessionName(session).durationSeconds(seconds))
              .credentials());
    }
  }
}
