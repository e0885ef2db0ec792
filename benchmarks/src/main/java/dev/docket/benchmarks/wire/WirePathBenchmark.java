package dev.docket.benchmarks.wire;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docket.http.HttpConfig;
import dev.docket.http.WireServer;
import dev.docket.model.ServiceModel;
import dev.docket.model.ValidationProblem;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The wire layer's hot path for an SQS {@code SendMessageBatch} of 10 × 1 KB messages (each with
 * one string message attribute), in both protocols, with no store or queue logic behind it.
 *
 * <p>The protocol codecs of {@code dev.docket.http} ({@code QueryDecoder}, {@code XmlEncoder}, the
 * handler) are package-private, so this measures two things through public API only:
 *
 * <ul>
 *   <li>{@code inProcess*}: the public pieces of the JSON path exactly as the handler runs them —
 *       Jackson parses the body bytes into a tree, {@link ServiceModel#validate} checks it, Jackson
 *       writes the output tree to bytes — and validation alone;
 *   <li>{@code loopback*}: a real {@link WireServer} (Helidon, virtual threads) serving a {@link
 *       NoOpSqs}, called over 127.0.0.1 by one {@link HttpClient} (HTTP/1.1, keep-alive): the whole
 *       wire path (HTTP, routing, decode, validate, invoke, encode) for an awsJson request and for
 *       the same batch as an awsQuery form answered in XML. {@code loopbackHealth} is the floor:
 *       the same round trip for the health check, which decodes nothing. The query codecs' cost is
 *       roughly {@code loopbackQuery − loopbackHealth} minus the validation share.
 * </ul>
 *
 * <p>Run (after {@code ./mvnw -B -o -q -pl benchmarks -am install -DskipTests}): {@code java -cp
 * <benchmarks classpath> org.openjdk.jmh.Main WirePathBenchmark -wi 2 -i 3 -f 1}. Scores are
 * microseconds per call; the loopback ones include the client's side of HTTP on the same machine.
 *
 * <p>Thread-safety: the states are shared by the benchmark threads; the server and the client are
 * thread-safe and the fixture is only read, so running with {@code -t N} measures concurrent calls.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 3)
public class WirePathBenchmark {

  private static final String OPERATION = "SendMessageBatch";
  private static final String QUEUE_URL = "http://127.0.0.1:4566/000000000000/benchmark";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** The model and the batch, for the in-process benchmarks; no server runs. */
  @State(Scope.Benchmark)
  public static class Codec {
    ServiceModel model;
    SendMessageBatchFixture batch;

    /** Loads the SQS model and builds the batch, checking that it is valid. */
    @Setup
    public void load() {
      model = ServiceModel.load("/dev/docket/model/aws/sqs.json");
      batch = SendMessageBatchFixture.create(MAPPER, QUEUE_URL);
      Optional<ValidationProblem> problem = model.validate(OPERATION, batch.input());
      if (problem.isPresent()) {
        throw new IllegalStateException("The benchmark batch is invalid: " + problem.get());
      }
    }
  }

  /** A wire server with a {@link NoOpSqs} on a free loopback port, and a client for it. */
  @State(Scope.Benchmark)
  public static class Loopback {
    private WireServer server;
    private HttpClient client;
    HttpRequest json;
    HttpRequest query;
    HttpRequest health;

    /** Starts the server and checks that both requests are answered as expected. */
    @Setup
    public void start(Codec codec) throws IOException, InterruptedException {
      HttpConfig defaults = HttpConfig.defaults();
      HttpConfig config =
          new HttpConfig(
              "127.0.0.1",
              0,
              false,
              Map.of(),
              defaults.defaultAccountId(),
              defaults.defaultRegion(),
              defaults.maxRequestBytes());
      server =
          WireServer.start(
              config, List.of(new NoOpSqs(codec.model, codec.batch.output())), Clock.systemUTC());
      URI endpoint = URI.create("http://127.0.0.1:" + server.port() + "/");
      client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      json =
          HttpRequest.newBuilder(endpoint)
              .header("Content-Type", "application/x-amz-json-1.0")
              .header("X-Amz-Target", "AmazonSQS." + OPERATION)
              .POST(HttpRequest.BodyPublishers.ofByteArray(codec.batch.jsonBody()))
              .build();
      query =
          HttpRequest.newBuilder(endpoint)
              .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
              .POST(HttpRequest.BodyPublishers.ofByteArray(codec.batch.queryBody()))
              .build();
      health = HttpRequest.newBuilder(endpoint.resolve("/_docket/health")).GET().build();
      requireOk(json, "\"Successful\"");
      requireOk(query, "<SendMessageBatchResultEntry>");
      requireOk(health, "UP");
    }

    /** Stops the client and the server. */
    @TearDown
    public void stop() {
      client.close();
      server.close();
    }

    byte[] send(HttpRequest request) throws IOException, InterruptedException {
      return client.send(request, HttpResponse.BodyHandlers.ofByteArray()).body();
    }

    private void requireOk(HttpRequest request, String expected)
        throws IOException, InterruptedException {
      HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
      String body = new String(response.body(), StandardCharsets.UTF_8);
      if (response.statusCode() != 200 || !body.contains(expected)) {
        throw new IllegalStateException(
            "Expected 200 with '"
                + expected
                + "' from "
                + request.uri()
                + ", but got "
                + response.statusCode()
                + ": "
                + body);
      }
    }
  }

  /** JSON in process: parse the body, validate, encode the output. */
  @Benchmark
  public byte[] inProcessJson(Codec codec) throws IOException {
    ObjectNode input = (ObjectNode) MAPPER.readTree(codec.batch.jsonBody());
    Optional<ValidationProblem> problem = codec.model.validate(OPERATION, input);
    if (problem.isPresent()) {
      throw new IllegalStateException(problem.get().message());
    }
    return MAPPER.writeValueAsBytes(codec.batch.output());
  }

  /** Validation alone, of the already decoded input (the same node for both protocols). */
  @Benchmark
  public Optional<ValidationProblem> inProcessValidate(Codec codec) {
    return codec.model.validate(OPERATION, codec.batch.input());
  }

  /** The whole wire path over loopback, awsJson 1.0 in and out. */
  @Benchmark
  public byte[] loopbackJson(Loopback loopback) throws IOException, InterruptedException {
    return loopback.send(loopback.json);
  }

  /** The whole wire path over loopback, awsQuery form in and XML out. */
  @Benchmark
  public byte[] loopbackQuery(Loopback loopback) throws IOException, InterruptedException {
    return loopback.send(loopback.query);
  }

  /** The loopback floor: an HTTP round trip to the health check, which decodes nothing. */
  @Benchmark
  public byte[] loopbackHealth(Loopback loopback) throws IOException, InterruptedException {
    return loopback.send(loopback.health);
  }
}
