package dev.docket.events.destinations;

import dev.docket.delivery.Outcome;
import dev.docket.delivery.Target;
import dev.docket.delivery.TargetProvider;
import dev.docket.store.ResourceStore;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Provides API destinations as delivery targets: claims every ARN of the form {@code
 * arn:aws:events:<region>:<account>:api-destination/<name>/<uuid>} and delivers to it with an HTTP
 * call (see {@link ApiDestinationTarget}). One provider per server; it holds the shared {@link
 * HttpClient}, the OAuth token cache and the per-destination rate limiters. Thread-safe.
 */
public final class ApiDestinationTargets implements TargetProvider, AutoCloseable {

  private static final Pattern ARN =
      Pattern.compile(
          "^arn:aws([a-z]|-)*:events:[a-z0-9-]*:([0-9]{12})?:api-destination/[.\\-_A-Za-z0-9]+/"
              + "[-A-Za-z0-9]+$");

  private static final Logger LOG = LoggerFactory.getLogger(ApiDestinationTargets.class);

  private final AuthorizedCalls calls;
  private final Invoker invoker;
  private final HttpClient ownedClient;

  /**
   * Creates the provider.
   *
   * @param store where connections and API destinations are (as {@link ApiDestinations} keeps them)
   * @param clock the clock of the rate limiters and of OAuth token expiry
   * @param http the client every call goes through (one shared instance; see {@link
   *     #newHttpClient})
   * @param config the timeout and the rate-limit wait
   */
  public ApiDestinationTargets(
      ResourceStore store, Clock clock, HttpClient http, ApiDestinationConfig config) {
    this(store, clock, http, config, duration -> Thread.sleep(duration), null);
  }

  ApiDestinationTargets(
      ResourceStore store,
      Clock clock,
      HttpClient http,
      ApiDestinationConfig config,
      Invoker.Sleeper sleeper) {
    this(store, clock, http, config, sleeper, null);
  }

  private ApiDestinationTargets(
      ResourceStore store,
      Clock clock,
      HttpClient http,
      ApiDestinationConfig config,
      Invoker.Sleeper sleeper,
      HttpClient ownedClient) {
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(http, "http");
    Objects.requireNonNull(config, "config");
    this.calls = new AuthorizedCalls(store, clock, http, config.invocationTimeout());
    this.invoker = new Invoker(store, clock, calls, config, sleeper);
    this.ownedClient = ownedClient;
  }

  /**
   * A provider with its own HTTP client (closed by {@link #close()}) and {@link
   * ApiDestinationConfig#defaults()}.
   */
  public static ApiDestinationTargets create(ResourceStore store, Clock clock) {
    ApiDestinationConfig config = ApiDestinationConfig.defaults();
    HttpClient http = newHttpClient(config.invocationTimeout());
    return new ApiDestinationTargets(
        store, clock, http, config, duration -> Thread.sleep(duration), http);
  }

  /**
   * The HTTP client API destinations should share: HTTP/1.1, no redirects followed, {@code
   * connectTimeout} to connect.
   */
  public static HttpClient newHttpClient(Duration connectTimeout) {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(connectTimeout)
        .build();
  }

  @Override
  public Optional<Target> target(String arn) {
    if (!ARN.matcher(arn).matches()) {
      return Optional.empty();
    }
    return Optional.of(
        delivery -> {
          try {
            return invoker.invoke(arn, delivery);
          } catch (RuntimeException e) {
            // a store failure or a corrupt document: targets answer outcomes, they do not throw
            LOG.warn("Delivery of event {} to {} failed unexpectedly", delivery.eventId(), arn, e);
            return new Outcome.Failed(
                "INTERNAL_FAILURE",
                "Docket could not invoke the API destination: " + e.getMessage(),
                true);
          }
        });
  }

  /**
   * The provider of connection targets (for Step Functions' {@code http:invoke}), sharing this
   * provider's HTTP client and OAuth token cache.
   */
  public ConnectionTargets connectionTargets() {
    return new ConnectionTargets(calls);
  }

  /** Closes the HTTP client if {@link #create} made it; a client passed in is the caller's. */
  @Override
  public void close() {
    if (ownedClient != null) {
      ownedClient.close();
    }
  }
}
