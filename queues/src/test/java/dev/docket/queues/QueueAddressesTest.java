package dev.docket.queues;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.docket.model.ServiceException;
import org.junit.jupiter.api.Test;

class QueueAddressesTest {

  @Test
  void urlOfAnyHostResolvesByAccountAndName() {
    QueueAddresses.QueueKey key =
        QueueAddresses.parseUrl("https://sqs.eu-west-1.amazonaws.com/123456789012/orders.fifo");

    assertThat(key).isEqualTo(new QueueAddresses.QueueKey("123456789012", "orders.fifo"));
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
        .contains(new QueueAddresses.QueueKey("000000000000", "dlq"));
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
