package dev.docket.examples.travelsaga;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docket.states.StatesConfig;
import dev.docket.testing.DocketExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * Runs {@code travel-saga/statemachine.asl.json}, the file the README deploys, through the AWS SDK
 * against Docket in-process. The functions record every call, so each test states the exact
 * sequence of calls a booking makes: which compensations ran, and in which order; the execution
 * history must tell the same story.
 */
class TravelSagaTest {

  private static final Path DEFINITION = Path.of("travel-saga", "statemachine.asl.json");
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final TravelFunctions functions = TravelFunctions.start();

  @RegisterExtension
  static final DocketExtension docket =
      DocketExtension.builder()
          .configure(
              config -> {
                StatesConfig defaults = StatesConfig.defaults();
                return config.withStates(
                    new StatesConfig(
                        defaults.parkAfter(), defaults.activityPollWait(), functions.endpoints()));
              })
          .build();

  private static SfnClient sfn;
  private static String stateMachineArn;

  @BeforeAll
  static void createStateMachine() throws IOException {
    sfn =
        SfnClient.builder()
            .endpointOverride(docket.endpoint())
            .region(DocketExtension.REGION)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
            .httpClient(UrlConnectionHttpClient.create())
            .build();
    String definition = Files.readString(DEFINITION);
    stateMachineArn =
        sfn.createStateMachine(
                b ->
                    b.name("travel-saga")
                        .roleArn("arn:aws:iam::000000000000:role/travel-saga")
                        .definition(definition))
            .stateMachineArn();
  }

  @AfterAll
  static void close() {
    sfn.close();
    functions.close();
  }

  @Test
  void bookingReservesEverythingChargesAndConfirmsWithoutCancelling() {
    ObjectNode booking = booking();

    Execution execution = run(booking);

    String id = booking.get("bookingId").asText();
    assertThat(execution.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(functions.called(id))
        .containsExactly(
            "reserveFlight", "reserveHotel", "reserveCar", "chargePayment", "confirmBooking");
    assertThat(execution.statesEntered())
        .containsExactly(
            "ReserveFlight",
            "ReserveHotel",
            "ReserveCar",
            "ChargePayment",
            "ConfirmBooking",
            "BookingConfirmed");
    JsonNode output = execution.output();
    assertThat(output.path("customerId").asText()).isEqualTo("c-7");
    assertThat(output.at("/flight/reservationId").asText()).isEqualTo("FL-" + id);
    assertThat(output.at("/hotel/reservationId").asText()).isEqualTo("HO-" + id);
    assertThat(output.at("/car/reservationId").asText()).isEqualTo("CA-" + id);
    assertThat(output.at("/payment/paymentId").asText()).isEqualTo("PAY-" + id);
    assertThat(output.at("/confirmation/confirmationNumber").asText()).isEqualTo("CONF-" + id);
  }

  @Test
  void flightFailureHasNothingToCompensate() {
    ObjectNode booking = booking().put("failAt", "flight");

    Execution execution = run(booking);

    assertFailedWith(execution, "FlightUnavailable");
    assertThat(functions.called(booking.get("bookingId").asText()))
        .containsExactly("reserveFlight");
    assertThat(execution.statesEntered()).containsExactly("ReserveFlight", "BookingFailed");
  }

  @Test
  void hotelFailureCancelsTheFlight() {
    ObjectNode booking = booking().put("failAt", "hotel");

    Execution execution = run(booking);

    String id = booking.get("bookingId").asText();
    assertFailedWith(execution, "HotelUnavailable");
    assertThat(functions.called(id))
        .containsExactly("reserveFlight", "reserveHotel", "cancelFlight");
    assertThat(execution.statesEntered())
        .containsExactly("ReserveFlight", "ReserveHotel", "CancelFlight", "BookingFailed");
    JsonNode cancelled = functions.calls(id).get(2).payload();
    assertThat(cancelled.at("/flight/reservationId").asText()).isEqualTo("FL-" + id);
    assertThat(cancelled.at("/failure/Error").asText()).isEqualTo("HotelUnavailable");
    assertThat(cancelled.path("customerId").asText()).isEqualTo("c-7");
  }

  @Test
  void carFailureCancelsTheHotelThenTheFlight() {
    ObjectNode booking = booking().put("failAt", "car");

    Execution execution = run(booking);

    String id = booking.get("bookingId").asText();
    assertFailedWith(execution, "CarUnavailable");
    assertThat(functions.called(id))
        .containsExactly(
            "reserveFlight", "reserveHotel", "reserveCar", "cancelHotel", "cancelFlight");
    assertThat(execution.statesEntered())
        .containsExactly(
            "ReserveFlight",
            "ReserveHotel",
            "ReserveCar",
            "CancelHotel",
            "CancelFlight",
            "BookingFailed");
    assertThat(functions.calls(id).get(3).payload().at("/hotel/reservationId").asText())
        .isEqualTo("HO-" + id);
    assertThat(functions.calls(id).get(4).payload().at("/flight/reservationId").asText())
        .isEqualTo("FL-" + id);
  }

  @Test
  void declinedPaymentCancelsCarHotelAndFlightInReverseOrder() {
    ObjectNode booking = booking().put("failAt", "payment");

    Execution execution = run(booking);

    String id = booking.get("bookingId").asText();
    assertFailedWith(execution, "PaymentDeclined");
    assertThat(functions.called(id))
        .containsExactly(
            "reserveFlight",
            "reserveHotel",
            "reserveCar",
            "chargePayment",
            "cancelCar",
            "cancelHotel",
            "cancelFlight");
    assertThat(execution.statesEntered())
        .containsExactly(
            "ReserveFlight",
            "ReserveHotel",
            "ReserveCar",
            "ChargePayment",
            "CancelCar",
            "CancelHotel",
            "CancelFlight",
            "BookingFailed");
  }

  @Test
  void transientFailureIsRetriedAndCompensatesNothing() {
    ObjectNode booking = booking();
    booking.putObject("transientFailures").put("hotel", 1);

    Execution execution = run(booking);

    assertThat(execution.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(functions.called(booking.get("bookingId").asText()))
        .containsExactly(
            "reserveFlight",
            "reserveHotel",
            "reserveHotel",
            "reserveCar",
            "chargePayment",
            "confirmBooking");
    assertThat(execution.taskOutcomes("ReserveHotel"))
        .containsExactly("TaskFailed Lambda.ServiceException", "TaskSucceeded");
    assertThat(execution.statesEntered()).doesNotContain("CancelFlight", "BookingFailed");
  }

  @Test
  void transientFailuresOutlastingTheRetriesAreCompensated() {
    ObjectNode booking = booking();
    booking.putObject("transientFailures").put("car", 4);

    Execution execution = run(booking);

    assertFailedWith(execution, "Lambda.ServiceException");
    assertThat(functions.called(booking.get("bookingId").asText()))
        .containsExactly(
            "reserveFlight",
            "reserveHotel",
            "reserveCar",
            "reserveCar",
            "reserveCar",
            "reserveCar",
            "cancelHotel",
            "cancelFlight");
    assertThat(execution.taskOutcomes("ReserveCar"))
        .containsExactly(
            "TaskFailed Lambda.ServiceException",
            "TaskFailed Lambda.ServiceException",
            "TaskFailed Lambda.ServiceException",
            "TaskFailed Lambda.ServiceException");
  }

  @Test
  void failureAfterThePivotIsRetriedAndNeverCompensated() {
    ObjectNode booking = booking();
    booking.putObject("transientFailures").put("confirm", 2);

    Execution execution = run(booking);

    assertThat(execution.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(functions.called(booking.get("bookingId").asText()))
        .containsExactly(
            "reserveFlight",
            "reserveHotel",
            "reserveCar",
            "chargePayment",
            "confirmBooking",
            "confirmBooking",
            "confirmBooking");
    assertThat(execution.taskOutcomes("ConfirmBooking"))
        .containsExactly(
            "TaskFailed Lambda.ServiceException",
            "TaskFailed Lambda.ServiceException",
            "TaskSucceeded");
  }

  @Test
  void failureAfterThePivotOutlastingTheRetriesFailsWithoutCompensation() {
    ObjectNode booking = booking().put("failAt", "confirm");

    Execution execution = run(booking);

    assertThat(execution.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(execution.description().error()).isEqualTo("ConfirmationFailed");
    assertThat(execution.failedEventError()).isEqualTo("ConfirmationFailed");
    assertThat(functions.called(booking.get("bookingId").asText()))
        .containsExactly(
            "reserveFlight",
            "reserveHotel",
            "reserveCar",
            "chargePayment",
            "confirmBooking",
            "confirmBooking",
            "confirmBooking",
            "confirmBooking");
    assertThat(execution.statesEntered())
        .containsExactly(
            "ReserveFlight", "ReserveHotel", "ReserveCar", "ChargePayment", "ConfirmBooking");
  }

  /** A booking request with a fresh id; the functions key their failures and calls by it. */
  private static ObjectNode booking() {
    ObjectNode booking = JSON.createObjectNode();
    booking.put("bookingId", "trip-" + UUID.randomUUID());
    booking.put("customerId", "c-7");
    booking.putObject("trip").put("from", "LIS").put("to", "OSL").put("departure", "2027-03-01");
    booking.put("amount", 1250);
    return booking;
  }

  private static Execution run(ObjectNode booking) {
    String executionArn =
        sfn.startExecution(
                b ->
                    b.stateMachineArn(stateMachineArn)
                        .name(booking.get("bookingId").asText())
                        .input(booking.toString()))
            .executionArn();
    return Execution.awaitEnd(sfn, executionArn);
  }

  /**
   * The execution failed in BookingFailed with {@code error}, and the cause is the failing
   * function's own error body.
   */
  private static void assertFailedWith(Execution execution, String error) {
    assertThat(execution.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(execution.description().error()).isEqualTo(error);
    assertThat(execution.failedEventError()).isEqualTo(error);
    List<String> entered = execution.statesEntered();
    assertThat(entered.getLast()).isEqualTo("BookingFailed");
    if (!error.startsWith("Lambda.")) {
      assertThat(Execution.parse(execution.description().cause()).path("errorType").asText())
          .isEqualTo(error);
    }
  }
}
