package dev.docket.benchmarks.sqs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * One bounded load run: producers loop SendMessageBatch, consumers loop ReceiveMessage (10, long
 * poll 1 s) and DeleteMessageBatch, each on its own virtual thread, until the warm-up and the
 * measured time have passed. Latencies go to one HdrHistogram {@link Recorder} per operation (in
 * microseconds); what was recorded during the warm-up is discarded.
 *
 * <p>Thread-safety: {@link #run()} is called once, from one thread; the recorders and counters it
 * shares with its workers are thread-safe.
 */
final class LoadRun {

  static final String SEND = "SendMessageBatch";
  static final String RECEIVE = "ReceiveMessage";
  static final String DELETE = "DeleteMessageBatch";

  private final SqsClient sqs;
  private final String queueUrl;
  private final LoadSettings settings;
  private final List<SendMessageBatchRequestEntry> entries;
  private final Map<String, Recorder> latencies = new LinkedHashMap<>();
  private final Map<String, LongAdder> errors = new LinkedHashMap<>();
  private final LongAdder sent = new LongAdder();
  private final LongAdder received = new LongAdder();
  private final LongAdder deleted = new LongAdder();
  private final AtomicReference<String> firstError = new AtomicReference<>();
  private volatile long endNanos;

  LoadRun(SqsClient sqs, String queueUrl, LoadSettings settings) {
    this.sqs = sqs;
    this.queueUrl = queueUrl;
    this.settings = settings;
    String body = "x".repeat(settings.bodyBytes());
    List<SendMessageBatchRequestEntry> batch = new ArrayList<>();
    for (int i = 0; i < settings.batch(); i++) {
      batch.add(SendMessageBatchRequestEntry.builder().id("m" + i).messageBody(body).build());
    }
    this.entries = List.copyOf(batch);
    for (String operation : List.of(SEND, RECEIVE, DELETE)) {
      latencies.put(operation, new Recorder(3));
      errors.put(operation, new LongAdder());
    }
  }

  LoadReport run() throws InterruptedException {
    if (settings.mode() == SqsLoad.Mode.RECEIVE_DELETE) {
      prefill();
    }
    long start = System.nanoTime();
    endNanos = start + settings.warmup().plus(settings.duration()).toNanos();
    long measuredFrom;
    try (ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < settings.concurrency(); i++) {
        if (settings.producing()) {
          workers.submit(this::produce);
        }
        if (settings.consuming()) {
          workers.submit(this::consume);
        }
      }
      Thread.sleep(settings.warmup());
      latencies.values().forEach(Recorder::reset);
      errors.values().forEach(LongAdder::reset);
      sent.reset();
      received.reset();
      deleted.reset();
      measuredFrom = System.nanoTime();
    }
    double seconds = (System.nanoTime() - measuredFrom) / 1e9;
    Map<String, Histogram> histograms = new LinkedHashMap<>();
    latencies.forEach(
        (operation, recorder) -> histograms.put(operation, recorder.getIntervalHistogram()));
    Map<String, Long> errorCounts = new LinkedHashMap<>();
    errors.forEach((operation, count) -> errorCounts.put(operation, count.sum()));
    return new LoadReport(
        settings,
        seconds,
        sent.sum(),
        received.sum(),
        deleted.sum(),
        histograms,
        errorCounts,
        firstError.get());
  }

  private void prefill() {
    for (int done = 0; done < settings.prefill(); done += entries.size()) {
      sqs.sendMessageBatch(r -> r.queueUrl(queueUrl).entries(entries));
    }
  }

  private boolean running() {
    return System.nanoTime() < endNanos;
  }

  private void produce() {
    while (running()) {
      Integer ok =
          timed(
              SEND,
              () ->
                  sqs.sendMessageBatch(r -> r.queueUrl(queueUrl).entries(entries))
                      .successful()
                      .size());
      if (ok != null) {
        sent.add(ok);
      }
    }
  }

  private void consume() {
    while (running()) {
      List<Message> messages =
          timed(
              RECEIVE,
              () ->
                  sqs.receiveMessage(
                          r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1))
                      .messages());
      if (messages == null || messages.isEmpty()) {
        continue;
      }
      received.add(messages.size());
      List<DeleteMessageBatchRequestEntry> deletes = new ArrayList<>(messages.size());
      for (Message message : messages) {
        deletes.add(
            DeleteMessageBatchRequestEntry.builder()
                .id("d" + deletes.size())
                .receiptHandle(message.receiptHandle())
                .build());
      }
      Integer ok =
          timed(
              DELETE,
              () ->
                  sqs.deleteMessageBatch(r -> r.queueUrl(queueUrl).entries(deletes))
                      .successful()
                      .size());
      if (ok != null) {
        deleted.add(ok);
      }
    }
  }

  /** Calls the operation, recording its latency, or counting its failure and returning null. */
  private <T> T timed(String operation, Supplier<T> call) {
    long begin = System.nanoTime();
    try {
      T result = call.get();
      latencies.get(operation).recordValue((System.nanoTime() - begin) / 1_000);
      return result;
    } catch (RuntimeException e) {
      errors.get(operation).increment();
      firstError.compareAndSet(null, operation + ": " + e);
      return null;
    }
  }
}
