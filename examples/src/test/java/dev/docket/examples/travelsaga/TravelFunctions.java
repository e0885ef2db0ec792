package dev.docket.examples.travelsaga;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

/**
 * The saga's eight functions on a local HTTP server, each at {@code /<name>}, with the failure
 * injection of {@code travel-saga/functions.py}: the input's {@code failAt} names the step that
 * fails with its business error on every call ({@code flight}, {@code hotel}, {@code car}, {@code
 * payment}, {@code confirm}); {@code transientFailures} ({@code {"hotel": 2}}) makes a step answer
 * HTTP 503 to its first calls for the booking, as an overloaded service would. Every call is
 * recorded. Thread-safe.
 */
final class TravelFunctions implements AutoCloseable {

  /** One call of a function: its name and the payload it received. */
  record Call(String function, JsonNode payload) {}

  /** The forward steps: function, step name used by the flags, result field, business error. */
  private record Step(String step, String resultField, String resultPrefix, String error) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final Map<String, Step> FORWARD =
      Map.of(
          "reserveFlight", new Step("flight", "reservationId", "FL-", "FlightUnavailable"),
          "reserveHotel", new Step("hotel", "reservationId", "HO-", "HotelUnavailable"),
          "reserveCar", new Step("car", "reservationId", "CA-", "CarUnavailable"),
          "chargePayment", new Step("payment", "paymentId", "PAY-", "PaymentDeclined"),
          "confirmBooking",
              new Step("confirm", "confirmationNumber", "CONF-", "ConfirmationFailed"));

  /** The compensations: function to the step whose reservation it cancels. */
  private static final Map<String, String> CANCEL =
      Map.of("cancelFlight", "flight", "cancelHotel", "hotel", "cancelCar", "car");

  private final HttpServer server;
  private final List<Call> calls = new ArrayList<>();

  private TravelFunctions(HttpServer server) {
    this.server = server;
  }

  /** Starts the functions on a free loopback port. */
  static TravelFunctions start() {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      TravelFunctions functions = new TravelFunctions(server);
      server.createContext("/", functions::handle);
      server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
      server.start();
      return functions;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every function's endpoint by name: the value of {@code states.functions}. */
  Map<String, URI> endpoints() {
    String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    Map<String, URI> endpoints = new LinkedHashMap<>();
    Stream.concat(FORWARD.keySet().stream(), CANCEL.keySet().stream())
        .forEach(name -> endpoints.put(name, URI.create(base + name)));
    return endpoints;
  }

  /** The calls made for a booking, in the order they arrived. */
  synchronized List<Call> calls(String bookingId) {
    return calls.stream()
        .filter(call -> call.payload().path("bookingId").asText().equals(bookingId))
        .toList();
  }

  /** The names of the functions called for a booking, in order. */
  List<String> called(String bookingId) {
    return calls(bookingId).stream().map(Call::function).toList();
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String function = exchange.getRequestURI().getPath().substring(1);
      JsonNode payload = JSON.readTree(exchange.getRequestBody());
      int earlierCalls = record(function, payload);
      String bookingId = payload.path("bookingId").asText();
      Step step = FORWARD.get(function);
      if (step != null) {
        if (earlierCalls < payload.path("transientFailures").path(step.step()).asInt(0)) {
          answer(exchange, 503, null, JSON.createObjectNode().put("message", "Slow down"));
        } else if (payload.path("failAt").asText().equals(step.step())) {
          ObjectNode error = JSON.createObjectNode();
          error.put("errorType", step.error());
          error.put("errorMessage", function + " failed for booking " + bookingId);
          answer(exchange, 200, "Unhandled", error);
        } else {
          answer(
              exchange,
              200,
              null,
              JSON.createObjectNode().put(step.resultField(), step.resultPrefix() + bookingId));
        }
      } else if (CANCEL.containsKey(function)) {
        String reservation = payload.path(CANCEL.get(function)).path("reservationId").asText();
        answer(exchange, 200, null, JSON.createObjectNode().put("cancelled", reservation));
      } else {
        answer(exchange, 404, null, JSON.createObjectNode().put("message", "No such function"));
      }
    }
  }

  /** Records a call; answers how many calls of this function this booking made before. */
  private synchronized int record(String function, JsonNode payload) {
    String bookingId = payload.path("bookingId").asText();
    int earlier =
        (int)
            calls.stream()
                .filter(
                    call ->
                        call.function().equals(function)
                            && call.payload().path("bookingId").asText().equals(bookingId))
                .count();
    calls.add(new Call(function, payload));
    return earlier;
  }

  private static void answer(HttpExchange exchange, int status, String functionError, JsonNode body)
      throws IOException {
    byte[] bytes = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    if (functionError != null) {
      exchange.getResponseHeaders().set("X-Amz-Function-Error", functionError);
    }
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }
}
