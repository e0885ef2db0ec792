package dev.docket.queues;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.docket.model.ServiceException;
import org.junit.jupiter.api.Test;

class ReceiptHandleTest {

  @Test
  void encodedHandleDecodesToTheSameReceipt() {
    ReceiptHandle handle = new ReceiptHandle(7, 1_234_567_890_123L, -42, 1_767_225_600L);

    ReceiptHandle decoded = ReceiptHandle.decode(handle.encode());

    assertThat(decoded).isEqualTo(handle);
    assertThat(decoded.receipt().sequence()).isEqualTo(1_234_567_890_123L);
    assertThat(decoded.receipt().receiptToken()).isEqualTo(-42);
  }

  @Test
  void handleIsOpaqueUrlSafeText() {
    String encoded = new ReceiptHandle(1, 2, 3, 4).encode();

    assertThat(encoded).matches("[A-Za-z0-9_-]+");
  }

  @Test
  void alteredHandleIsInvalidAndQuoted() {
    String encoded = new ReceiptHandle(1, 2, 3, 4).encode();
    char last = encoded.charAt(10);
    String altered = encoded.substring(0, 10) + (last == 'A' ? 'B' : 'A') + encoded.substring(11);

    assertThatThrownBy(() -> ReceiptHandle.decode(altered))
        .isInstanceOf(ServiceException.class)
        .hasMessageContaining("\"" + altered + "\"")
        .extracting(e -> ((ServiceException) e).code())
        .isEqualTo(SqsError.RECEIPT_HANDLE_IS_INVALID);
  }

  @Test
  void garbageIsInvalid() {
    assertThatThrownBy(() -> ReceiptHandle.decode("not a handle!"))
        .hasMessageContaining("not a handle!");
    assertThatThrownBy(() -> ReceiptHandle.decode("")).isInstanceOf(ServiceException.class);
    assertThatThrownBy(() -> ReceiptHandle.decode("AQID")).isInstanceOf(ServiceException.class);
  }
}
