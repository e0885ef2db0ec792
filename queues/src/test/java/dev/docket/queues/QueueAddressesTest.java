package dev.docket.queues;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.docket.model.ServiceException;
import org.junit.jupiter.api.Test;

class QueueAddressesTest {

  @Test
  void urlOfAnAwsHostTakesTheRegionFromTheHost() {
    QueueAddresses.QueueKey key =
        QueueAddresses.parseUrl("https://sqs.eu-west-1.amazonaws.com/123456789012/orders.fifo")
            .key("us-east-1");

    assertThat(key)
        .isEqualTo(new QueueAddresses.QueueKey("123456789012", "eu-west-1", "orders.fifo"));
  }

  @Test
  void urlWithTheRegionInThePathNamesThatRegion() {
    String url = "http://127.0.0.1:4566/queue/eu-central-1/000000000000/orders";

    QueueAddresses.QueueKey key = QueueAddresses.parseUrl(url).key("us-east-1");

    assertThat(key)
        .isEqualTo(new QueueAddresses.QueueKey("000000000000", "eu-central-1", "orders"));
    assertThat(QueueAddresses.url("http://127.0.0.1:4566", key)).isEqualTo(url);
  }

  @Test
  void urlWithoutARegionIsReadInTheGivenRegion() {
    QueueAddresses.QueueKey key =
        QueueAddresses.parseUrl("http://localhost:4566/000000000000/orders").key("ap-south-1");

    assertThat(key).isEqualTo(new QueueAddresses.QueueKey("000000000000", "ap-south-1", "orders"));
  }

  @Test
  void homeRegionQueuesAreStoredUnderThePlainAccount() {
    assertThat(QueueAddresses.storeAccount("000000000000", "us-east-1", "us-east-1"))
        .isEqualTo("000000000000");
    assertThat(QueueAddresses.storeAccount("000000000000", "eu-west-1", "us-east-1"))
        .isEqualTo("000000000000@eu-west-1");
    assertThat(QueueAddresses.keyOf("000000000000@eu-west-1", "q", "us-east-1"))
        .isEqualTo(new QueueAddresses.QueueKey("000000000000", "eu-west-1", "q"));
    assertThat(QueueAddresses.keyOf("000000000000", "q", "us-east-1"))
        .isEqualTo(new QueueAddresses.QueueKey("000000000000", "us-east-1", "q"));
  }

  @Test
  void urlWithoutAccountAndNameIsAnInvalidAddress() {
    assertThatThrownBy(() -> QueueAddresses.parseUrl("http://127.0.0.1:4566/orders"))
        .isInstanceOf(ServiceException.class)
        .hasMessageContaining("http://127.0.0.1:4566/orders")
        .extracting(e -> ((ServiceException) e).code())
        .isEqualTo(SqsError.INVALID_ADDRESS);
  }

  @Test
  void arnNamesAccountAndQueue() {
    assertThat(QueueAddresses.parseArn("arn:aws:sqs:us-east-1:000000000000:dlq"))
        .contains(new QueueAddresses.QueueKey("000000000000", "us-east-1", "dlq"));
    assertThat(QueueAddresses.parseArn("arn:aws:sns:us-east-1:000000000000:topic")).isEmpty();
  }

  @Test
  void namesFollowSqsRulesPerQueueType() {
    QueueAddresses.checkName("a-b_C9", false);
    QueueAddresses.checkName("orders.fifo", true);

    assertThatThrownBy(() -> QueueAddresses.checkName("orders.fifo", false))
        .hasMessage(
            "Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length");
    assertThatThrownBy(() -> QueueAddresses.checkName("orders", true))
        .hasMessage(
            "The name of a FIFO queue can only include alphanumeric characters, hyphens, or"
                + " underscores, must end with .fifo suffix and be 1 to 80 in length");
    assertThatThrownBy(() -> QueueAddresses.checkName("x".repeat(81), false))
        .isInstanceOf(ServiceException.class);
  }
}
