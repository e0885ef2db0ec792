package dev.docket.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PrincipalTest {

  @Test
  void identityArnsAreRecognised() {
    assertThat(Principal.ofArn("arn:aws:iam::111111111111:root"))
        .isEqualTo(Principal.root("111111111111"));
    assertThat(Principal.ofArn("arn:aws:iam::111111111111:user/ops/alice").type())
        .isEqualTo(Principal.Type.USER);
    assertThat(Principal.ofArn("arn:aws:iam::111111111111:role/ops/Deployer").roleName())
        .isEqualTo("Deployer");
    Principal session = Principal.ofArn("arn:aws:sts::111111111111:assumed-role/Deployer/run-7");
    assertThat(session.type()).isEqualTo(Principal.Type.ASSUMED_ROLE);
    assertThat(session.account()).isEqualTo("111111111111");
    assertThat(session.roleName()).isEqualTo("Deployer");
  }

  @Test
  void otherPartitionsAreRecognised() {
    assertThat(Principal.ofArn("arn:aws-cn:iam::111111111111:user/a").account())
        .isEqualTo("111111111111");
  }

  @Test
  void nonIdentityArnsAreRefused() {
    assertThatThrownBy(() -> Principal.ofArn("arn:aws:iam::111111111111:group/admins"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Principal.ofArn("arn:aws:sqs:us-east-1:111111111111:q"))
        .isInstanceOf(IllegalArgumentException.class);
    for (String bad :
        new String[] {
          "arn:aws:iam::111111111111:user/",
          "arn:aws:iam::111111111111:role/",
          "arn:aws:iam::11111111111:root",
          "arn:aws:iam::1111111111111:root",
          "arn:aws:iam::11111111111a:root",
          "arn:aws:iam:us-east-1:111111111111:root",
          "arn:aws:sts::111111111111:assumed-role/R/",
          "arn:aws:sts::111111111111:assumed-role//s",
          "arn:aws:sts::111111111111:assumed-role/R",
          "arn:aws:sts::111111111111:root",
          "arn:AWS:iam::111111111111:root",
          "arn:aws:iam::111111111111:rooty",
          ""
        }) {
      assertThatThrownBy(() -> Principal.ofArn(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void accountAndArnMustAgree() {
    assertThatThrownBy(
            () ->
                new Principal(
                    "222222222222", "arn:aws:iam::111111111111:root", Principal.Type.ROOT))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                new Principal(
                    "111111111111", "arn:aws:iam::111111111111:root", Principal.Type.USER))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Principal("1", "events.amazonaws.com", Principal.Type.SERVICE))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
