package dev.docket.it.sts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.docket.testing.DocketExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * GetCallerIdentity with authentication on, through the SDK's STS client: each configured access
 * key acts as its principal (an account's root, a user, a role) in its account, with the UserId AWS
 * forms for it; the awsQuery GET form answers the same; an unknown key is refused as STS refuses
 * it.
 */
class CallerIdentityTest {

  private static final String ACCOUNT_A = "111111111111";
  private static final String ACCOUNT_B = "222222222222";

  @RegisterExtension
  static DocketExtension docket =
      DocketExtension.builder()
          .accessKey("AKIDROOTA00000000001", "root-a-secret", ACCOUNT_A)
          .accessKey("AKIDROOTB00000000001", "root-b-secret", ACCOUNT_B)
          .accessKeyAs(
              "AKIDALICE0000000001", "alice-secret", "arn:aws:iam::" + ACCOUNT_A + ":user/alice")
          .accessKeyAs(
              "AKIDDEPLOYER0000001",
              "deployer-secret",
              "arn:aws:iam::" + ACCOUNT_B + ":role/ci/deployer")
          .build();

  @Test
  void rootKeyActsAsTheRootOfItsAccount() {
    try (StsClient sts = StsClients.sts(docket, "AKIDROOTA00000000001", "root-a-secret")) {

      GetCallerIdentityResponse identity = sts.getCallerIdentity();

      assertThat(identity.account()).isEqualTo(ACCOUNT_A);
      assertThat(identity.arn()).isEqualTo("arn:aws:iam::111111111111:root");
      assertThat(identity.userId()).isEqualTo(ACCOUNT_A);
    }
  }

  @Test
  void keysOfTwoAccountsActAsTheirOwnAccounts() {
    try (StsClient a = StsClients.sts(docket, "AKIDROOTA00000000001", "root-a-secret");
        StsClient b = StsClients.sts(docket, "AKIDROOTB00000000001", "root-b-secret")) {

      String accountA = a.getCallerIdentity().account();
      String accountB = b.getCallerIdentity().account();

      assertThat(accountA).isEqualTo(ACCOUNT_A);
      assertThat(accountB).isEqualTo(ACCOUNT_B);
    }
  }

  @Test
  void userKeyActsAsTheUserWithAnAidaUserId() {
    try (StsClient sts = StsClients.sts(docket, "AKIDALICE0000000001", "alice-secret")) {

      GetCallerIdentityResponse identity = sts.getCallerIdentity();

      assertThat(identity.account()).isEqualTo(ACCOUNT_A);
      assertThat(identity.arn()).isEqualTo("arn:aws:iam::111111111111:user/alice");
      assertThat(identity.userId()).matches("AIDA[A-Z2-7]{17}");
      assertThat(sts.getCallerIdentity().userId()).isEqualTo(identity.userId());
    }
  }

  @Test
  void roleKeyActsAsTheRoleWithAnAroaUserId() {
    try (StsClient sts = StsClients.sts(docket, "AKIDDEPLOYER0000001", "deployer-secret")) {

      GetCallerIdentityResponse identity = sts.getCallerIdentity();

      assertThat(identity.account()).isEqualTo(ACCOUNT_B);
      assertThat(identity.arn()).isEqualTo("arn:aws:iam::222222222222:role/ci/deployer");
      assertThat(identity.userId()).matches("AROA[A-Z2-7]{17}");
    }
  }

  @Test
  void unknownAccessKeyIsRefusedWithInvalidClientTokenId() {
    try (StsClient sts = StsClients.sts(docket, "AKIDNOBODY000000001", "whatever")) {

      StsException e = catchThrowableOfType(StsException.class, sts::getCallerIdentity);

      assertThat(e.statusCode()).isEqualTo(403);
      assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidClientTokenId");
      assertThat(e.awsErrorDetails().errorMessage())
          .isEqualTo("The security token included in the request is invalid.");
    }
  }

  @Test
  void signedGetWithTheActionInTheQueryStringAnswersInStsXml() throws Exception {
    SdkHttpRequest request =
        SdkHttpRequest.builder()
            .method(SdkHttpMethod.GET)
            .uri(URI.create(docket.endpoint() + "/"))
            .appendRawQueryParameter("Action", "GetCallerIdentity")
            .appendRawQueryParameter("Version", "2011-06-15")
            .build();
    SignedRequest signed =
        AwsV4HttpSigner.create()
            .sign(
                r ->
                    r.identity(AwsCredentialsIdentity.create("AKIDALICE0000000001", "alice-secret"))
                        .request(request)
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "sts")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                        .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, Clock.systemUTC()));
    HttpRequest.Builder get = HttpRequest.newBuilder(signed.request().getUri()).GET();
    signed
        .request()
        .headers()
        .forEach(
            (name, values) -> {
              if (!name.equalsIgnoreCase("host")) {
                values.forEach(v -> get.header(name, v));
              }
            });

    HttpResponse<String> response;
    try (HttpClient http = HttpClient.newHttpClient()) {
      response = http.send(get.build(), HttpResponse.BodyHandlers.ofString());
    }

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body())
        .contains("<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">")
        .contains("<GetCallerIdentityResult>")
        .contains("<Arn>arn:aws:iam::111111111111:user/alice</Arn>")
        .contains("<Account>111111111111</Account>");
  }
}
