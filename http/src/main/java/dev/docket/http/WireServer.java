package dev.docket.http;

import dev.docket.model.AwsService;
import dev.docket.model.SessionTokens;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Docket's one HTTP port: a Helidon SE WebServer (a virtual thread per request) whose only route
 * hands every request to the wire layer, which routes it to one of the given services.
 *
 * <p>Thread-safe. {@link #start} returns once the port is listening; {@link #close} stops accepting
 * and waits briefly for requests in flight.
 */
public final class WireServer implements AutoCloseable {

  private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(2);

  private final WebServer server;

  private WireServer(WebServer server) {
    this.server = server;
  }

  /**
   * Starts listening.
   *
   * @param config where to listen and how to authenticate
   * @param services the services to serve; their signing names and target prefixes must differ
   * @param clock the clock for request timestamps and signature expiry
   * @return the running server, already listening
   * @throws IllegalStateException when the address cannot be bound (in use, not local)
   */
  public static WireServer start(HttpConfig config, List<AwsService> services, Clock clock) {
    return start(config, services, SessionTokens.random(), clock);
  }

  /**
   * Starts listening, opening session tokens ({@code X-Amz-Security-Token}) with {@code tokens}.
   *
   * @param config where to listen and how to authenticate
   * @param services the services to serve; their signing names and target prefixes must differ
   * @param tokens the server key's session tokens, the ones STS hands out
   * @param clock the clock for request timestamps, signature and token expiry
   * @return the running server, already listening
   * @throws IllegalStateException when the address cannot be bound (in use, not local)
   */
  public static WireServer start(
      HttpConfig config, List<AwsService> services, SessionTokens tokens, Clock clock) {
    var port = new java.util.concurrent.atomic.AtomicInteger(config.port());
    WireHandler handler =
        new WireHandler(
            config,
            List.copyOf(services),
            tokens,
            clock,
            () -> "http://" + config.bindAddress() + ":" + port.get());
    WebServer server =
        WebServer.builder()
            .host(config.bindAddress())
            .port(config.port())
            .shutdownGracePeriod(SHUTDOWN_GRACE)
            // Without TCP_NODELAY a response written in two segments (headers, then a body of
            // some kilobytes, as ReceiveMessage's) waits for the client's delayed ACK: ~40 ms.
            .connectionOptions(options -> options.tcpNoDelay(true))
            .routing(r -> r.any((req, res) -> serve(handler, config.maxRequestBytes(), req, res)))
            .build()
            .start();
    if (!server.isRunning() || server.port() <= 0) {
      // Helidon logs a failed bind and reports it only through the port: make it an error
      server.stop();
      throw new IllegalStateException(
          "Cannot listen on "
              + config.bindAddress()
              + ":"
              + config.port()
              + ": the address is in use or not available");
    }
    port.set(server.port());
    return new WireServer(server);
  }

  /** The port the server listens on (the real one when configured with port 0). */
  public int port() {
    return server.port();
  }

  /** Stops the server, waiting briefly for requests in flight. */
  @Override
  public void close() {
    server.stop();
  }

  private static void serve(
      WireHandler handler, int maxBytes, ServerRequest req, ServerResponse res) {
    // all(), not values(): values() splits on commas, which breaks the Authorization header.
    WireRequest.Headers headers = name -> req.headers().all(HeaderNames.create(name), List::of);
    String method = req.prologue().method().text();
    String rawPath = req.prologue().uriPath().rawPath();
    String rawQuery = req.prologue().query().rawValue();
    WireResponse response;
    OptionalLong declared = req.headers().contentLength();
    if (declared.isPresent() && declared.getAsLong() > maxBytes) {
      response =
          handler.tooLarge(
              new WireRequest(method, rawPath, rawQuery, headers, new byte[0]),
              declared.getAsLong());
    } else {
      byte[] body =
          req.content().hasEntity() ? read(req.content().inputStream(), maxBytes) : new byte[0];
      response =
          body == null
              ? handler.tooLarge(
                  new WireRequest(method, rawPath, rawQuery, headers, new byte[0]), -1)
              : handler.handle(new WireRequest(method, rawPath, rawQuery, headers, body));
    }
    res.status(Status.create(response.status()));
    res.header(HeaderNames.CONTENT_TYPE, response.contentType());
    for (Map.Entry<String, String> header : response.headers().entrySet()) {
      res.header(header.getKey(), header.getValue());
    }
    res.send(response.body());
  }

  /** Reads the whole body, or returns {@code null} once it exceeds {@code maxBytes}. */
  private static byte[] read(InputStream in, int maxBytes) {
    try (in) {
      byte[] body = in.readNBytes(maxBytes + 1);
      return body.length > maxBytes ? null : body;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the request body", e);
    }
  }
}
