#!/usr/bin/env python3
"""The travel saga's eight functions as one tiny HTTP service, for Docket's `states.functions`.

    python3 functions.py [port]        # default port 9000; prints the states.functions value

Each function is POSTed the state's JSON (the task's Payload) at /<name> and answers JSON, as a
Lambda function would. Failures are injected by the booking request itself:

    "failAt": "hotel"                       the step fails with its business error on every call
                                            (flight, hotel, car, payment or confirm)
    "transientFailures": {"hotel": 2}       the step answers HTTP 503 to its first 2 calls for this
                                            booking, as an overloaded service would (Docket reports
                                            Lambda.ServiceException, which the Retry absorbs)

A business error is answered the way Lambda reports an unhandled error: an X-Amz-Function-Error
header and {"errorType": ..., "errorMessage": ...}; the errorType becomes the Step Functions error.
Reservations are keyed by bookingId, so a retried call is idempotent, as it must be: Step Functions
(and Docket) invoke tasks at least once.
"""

import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# function -> (step name used by the flags, result field, id prefix, business error)
FORWARD = {
    "reserveFlight": ("flight", "reservationId", "FL-", "FlightUnavailable"),
    "reserveHotel": ("hotel", "reservationId", "HO-", "HotelUnavailable"),
    "reserveCar": ("car", "reservationId", "CA-", "CarUnavailable"),
    "chargePayment": ("payment", "paymentId", "PAY-", "PaymentDeclined"),
    "confirmBooking": ("confirm", "confirmationNumber", "CONF-", "ConfirmationFailed"),
}
# compensation -> the step whose reservation it cancels
CANCEL = {"cancelFlight": "flight", "cancelHotel": "hotel", "cancelCar": "car"}

calls = {}  # (bookingId, function) -> number of calls so far
calls_lock = threading.Lock()


class Functions(BaseHTTPRequestHandler):
    def do_POST(self):
        function = self.path.strip("/")
        length = int(self.headers.get("Content-Length") or 0)
        payload = json.loads(self.rfile.read(length) or b"{}")
        booking = payload.get("bookingId", "")
        with calls_lock:
            earlier = calls.get((booking, function), 0)
            calls[(booking, function)] = earlier + 1
        print(f"{function:15} {booking}", file=sys.stderr, flush=True)

        if function in FORWARD:
            step, field, prefix, error = FORWARD[function]
            if earlier < payload.get("transientFailures", {}).get(step, 0):
                return self.answer(503, {"message": "Slow down"})
            if payload.get("failAt") == step:
                return self.answer(
                    200,
                    {"errorType": error, "errorMessage": f"{function} failed for booking {booking}"},
                    function_error="Unhandled",
                )
            return self.answer(200, {field: prefix + booking})
        if function in CANCEL:
            reservation = payload.get(CANCEL[function], {}).get("reservationId")
            return self.answer(200, {"cancelled": reservation})
        return self.answer(404, {"message": f"No function {function}"})

    def answer(self, status, body, function_error=None):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        if function_error:
            self.send_header("X-Amz-Function-Error", function_error)
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format, *args):
        pass  # one line per call is printed above


if __name__ == "__main__":
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 9000
    names = list(FORWARD) + list(CANCEL)
    print(",".join(f"{name}=http://127.0.0.1:{port}/{name}" for name in names), flush=True)
    ThreadingHTTPServer(("127.0.0.1", port), Functions).serve_forever()
