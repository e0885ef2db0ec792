package dev.docket.benchmarks.raw;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * The Step Functions scenarios: a state machine of ten Pass states and a Choice (eleven states
 * entered per execution, which is what AWS bills as eleven state transitions), kept {@code
 * --connections} executions in flight.
 *
 * <p>Standard: each worker starts an execution and waits for it to succeed before starting the
 * next. How it learns of the end is {@code --observe}: {@code list} (default) has one observer
 * connection list the machine's SUCCEEDED executions, newest first, every {@code --poll-ms}, and
 * wake the workers whose executions appear (one cheap call per poll for all executions in flight,
 * instead of one per execution per poll); {@code describe} has every worker poll DescribeExecution
 * of its own execution every {@code --poll-ms}, for comparison. Express: StartSyncExecution answers
 * at the end, so the call's latency is the execution's. Not thread-safe: built once, then its
 * workers share only concurrent maps and atomic counters.
 */
final class StepFunctions {

  static final String TARGET = "AWSStepFunctions.";

  /** State transitions per execution: ten Pass states and one Choice, each entered once. */
  static final int TRANSITIONS = 11;

  private static final long WAIT_LIMIT_NANOS = 30_000_000_000L;
  private static final long SECOND = 1_000_000_000L;

  private final RawLoad load;
  private final RawLoad.Stats stats;
  private final Map<String, Waiter> pending = new ConcurrentHashMap<>();
  private final AtomicLong names = new AtomicLong();
  private String machineArn;

  StepFunctions(RawLoad load) {
    this.load = load;
    this.stats = load.stats;
  }

  /** An execution a worker waits for; the observer fills in its end and wakes the worker. */
  private static final class Waiter {
    final Thread worker;
    final long sequence;
    final long sentNanos;
    volatile long observedNanos;
    volatile long serverMicros;
    volatile String status;

    Waiter(Thread worker, long sequence, long sentNanos) {
      this.worker = worker;
      this.sequence = sequence;
      this.sentNanos = sentNanos;
    }
  }

  /** The definition: P1 sets a value, P2..P9 pass it on, Route checks it, P10 ends. */
  static String definition() {
    ObjectNode root = RawLoad.JSON.createObjectNode();
    root.put("Comment", "Docket benchmark: ten Pass states and a Choice");
    root.put("StartAt", "P1");
    ObjectNode states = root.putObject("States");
    ObjectNode first = states.putObject("P1").put("Type", "Pass");
    first.putObject("Result").put("n", 7);
    first.put("ResultPath", "$.check").put("Next", "P2");
    for (int i = 2; i <= 9; i++) {
      states.putObject("P" + i).put("Type", "Pass").put("Next", i == 9 ? "Route" : "P" + (i + 1));
    }
    ObjectNode route = states.putObject("Route").put("Type", "Choice");
    route
        .putArray("Choices")
        .addObject()
        .put("Variable", "$.check.n")
        .put("NumericGreaterThan", 5)
        .put("Next", "P10");
    route.put("Default", "P10");
    states.putObject("P10").put("Type", "Pass").put("End", true);
    return root.toString();
  }

  /** Creates the machine ({@code STANDARD} or {@code EXPRESS}) and returns the workers. */
  List<Runnable> workers(boolean express) throws IOException {
    Setup setup = new Setup(load);
    if (load.moto) {
      // moto 5.2.1 then runs the first execution of the process only: every later StartExecution
      // fails (HTTP 500, "cannot pickle '_thread.RLock' object" deep-copying the machine)
      setup.motoExecutes();
    }
    ObjectNode create =
        RawLoad.JSON
            .createObjectNode()
            .put("name", "raw-" + (express ? "express-" : "standard-") + System.currentTimeMillis())
            .put("definition", definition())
            .put("roleArn", "arn:aws:iam::123456789012:role/docket-benchmark")
            .put("type", express ? "EXPRESS" : "STANDARD");
    machineArn =
        setup
            .call(RawLoad.SFN, TARGET + "CreateStateMachine", create)
            .path("stateMachineArn")
            .asText();
    List<Runnable> workers = new ArrayList<>();
    for (int w = 0; w < load.connections; w++) {
      workers.add(express ? express(w) : standard(w));
    }
    if (!express && load.observe == RawLoad.Observe.LIST) {
      workers.add(this::observer);
    }
    return workers;
  }

  private String input(int w) {
    return "{\"worker\":" + w + ",\"payload\":\"" + "x".repeat(64) + "\"}";
  }

  private Runnable express(int w) {
    Histogram latency = stats.histogram("StartSyncExecution");
    ObjectNode body =
        RawLoad.JSON.createObjectNode().put("stateMachineArn", machineArn).put("input", input(w));
    byte[] request =
        RawRequest.json(load.host(), RawLoad.SFN, TARGET + "StartSyncExecution", body.toString())
            .copy();
    return () -> {
      try (RawConnection connection = load.connect()) {
        while (!stats.stop) {
          long t0 = System.nanoTime();
          if (t0 >= stats.measureUntil) {
            break;
          }
          RawConnection.Response response = connection.exchange(request);
          long t1 = System.nanoTime();
          boolean ok = response.status() == 200 && response.text().contains("\"SUCCEEDED\"");
          if (t0 >= stats.measureFrom && t1 <= stats.measureUntil) {
            if (ok) {
              latency.recordValue(Math.max(1, (t1 - t0) / 1000));
              stats.sentEntries.incrementAndGet();
              stats.receivedEntries.incrementAndGet();
              stats.requests.incrementAndGet();
            } else {
              stats.errors.incrementAndGet();
              stats.lastError = response.status() + " " + response.text();
            }
          }
        }
      } catch (IOException | RuntimeException e) {
        stats.errors.incrementAndGet();
        stats.lastError = String.valueOf(e);
      }
    };
  }

  private Runnable standard(int w) {
    Histogram startLatency = stats.histogram("StartExecution");
    Histogram observed = stats.histogram("start→observed");
    Histogram serverSide = stats.histogram("start→stop (server)");
    ObjectNode body =
        RawLoad.JSON
            .createObjectNode()
            .put("stateMachineArn", machineArn)
            .put("name", "e" + RawRequest.SLOT)
            .put("input", input(w));
    RawRequest template =
        RawRequest.json(load.host(), RawLoad.SFN, TARGET + "StartExecution", body.toString());
    byte[] request = template.copy();
    boolean describe = load.observe == RawLoad.Observe.DESCRIBE;
    return () -> {
      try (RawConnection connection = load.connect()) {
        while (!stats.stop) {
          long t0 = System.nanoTime();
          if (t0 >= stats.measureUntil) {
            break;
          }
          long sequence = names.incrementAndGet();
          String name = "e" + String.format("%019d", sequence);
          Waiter waiter = new Waiter(Thread.currentThread(), sequence, t0);
          if (!describe) {
            pending.put(name, waiter);
          }
          template.stamp(request, sequence);
          RawConnection.Response response = connection.exchange(request);
          long t1 = System.nanoTime();
          boolean measured = t0 >= stats.measureFrom;
          if (response.status() != 200) {
            pending.remove(name);
            fail(measured, response.status() + " " + response.text());
            continue;
          }
          if (measured) {
            startLatency.recordValue(Math.max(1, (t1 - t0) / 1000));
            stats.sentEntries.incrementAndGet();
          }
          long serverMicros =
              describe
                  ? pollDescribe(connection, name, RawLoad.JSON.readTree(response.body()), waiter)
                  : awaitObserver(name, waiter);
          if (waiter.status == null) {
            fail(measured, "not seen to end within 30 s: " + name);
          } else if (!waiter.status.equals("SUCCEEDED")) {
            fail(measured, name + " ended " + waiter.status);
          } else if (measured && waiter.observedNanos <= stats.measureUntil) {
            observed.recordValue(Math.max(1, (waiter.observedNanos - t0) / 1000));
            serverSide.recordValue(Math.max(1, serverMicros));
            stats.receivedEntries.incrementAndGet();
          }
        }
      } catch (IOException | RuntimeException e) {
        stats.errors.incrementAndGet();
        stats.lastError = String.valueOf(e);
      }
    };
  }

  private void fail(boolean measured, String error) {
    if (measured) {
      stats.errors.incrementAndGet();
      stats.lastError = error;
    }
  }

  /** Parks until the observer saw the execution end; returns its server-side duration in µs. */
  private long awaitObserver(String name, Waiter waiter) {
    long deadline = System.nanoTime() + WAIT_LIMIT_NANOS;
    while (waiter.status == null && System.nanoTime() < deadline) {
      LockSupport.parkNanos(waiter, 100_000_000L);
    }
    pending.remove(name);
    return waiter.serverMicros;
  }

  /** Polls DescribeExecution every {@code --poll-ms}; returns the server-side duration in µs. */
  private long pollDescribe(RawConnection connection, String name, JsonNode started, Waiter waiter)
      throws IOException {
    String arn = started.path("executionArn").asText();
    byte[] request =
        RawRequest.json(
                load.host(),
                RawLoad.SFN,
                TARGET + "DescribeExecution",
                RawLoad.JSON.createObjectNode().put("executionArn", arn).toString())
            .copy();
    long deadline = System.nanoTime() + WAIT_LIMIT_NANOS;
    while (System.nanoTime() < deadline) {
      LockSupport.parkNanos(load.pollMillis * 1_000_000L);
      RawConnection.Response response = connection.exchange(request);
      stats.observerCalls.incrementAndGet();
      if (response.status() != 200) {
        waiter.status = "describe failed: " + response.status() + " " + response.text();
        return 0;
      }
      JsonNode execution = RawLoad.JSON.readTree(response.body());
      String status = execution.path("status").asText();
      if (!status.equals("RUNNING")) {
        waiter.observedNanos = System.nanoTime();
        waiter.status = status;
        return micros(execution);
      }
    }
    return 0;
  }

  private static long micros(JsonNode execution) {
    double seconds = execution.path("stopDate").asDouble() - execution.path("startDate").asDouble();
    return Math.round(seconds * 1_000_000);
  }

  /**
   * Lists SUCCEEDED executions newest first, a page just large enough for what may have ended since
   * the last poll, following pages while a waiting execution may be further down, and wakes the
   * workers of those it finds.
   */
  private void observer() {
    String list = TARGET + "ListExecutions";
    int lastFound = 0;
    try (RawConnection connection = load.connect()) {
      while (!(stats.stop && pending.isEmpty() && System.nanoTime() > stats.measureUntil + SECOND)
          && System.nanoTime() < stats.measureUntil + WAIT_LIMIT_NANOS) {
        LockSupport.parkNanos(load.pollMillis * 1_000_000L);
        if (pending.isEmpty()) {
          continue;
        }
        int size = Math.min(1000, load.connections + 2 * lastFound + 8);
        lastFound = 0;
        String token = null;
        while (true) {
          long oldest = Long.MAX_VALUE;
          for (Waiter w : pending.values()) {
            oldest = Math.min(oldest, w.sequence);
          }
          ObjectNode body =
              RawLoad.JSON
                  .createObjectNode()
                  .put("stateMachineArn", machineArn)
                  .put("statusFilter", "SUCCEEDED")
                  .put("maxResults", size);
          if (token != null) {
            body.put("nextToken", token);
          }
          RawConnection.Response response =
              connection.exchange(
                  RawRequest.json(load.host(), RawLoad.SFN, list, body.toString()).copy());
          long now = System.nanoTime();
          stats.observerCalls.incrementAndGet();
          if (response.status() != 200) {
            stats.errors.incrementAndGet();
            stats.lastError = "ListExecutions: " + response.status() + " " + response.text();
            break;
          }
          JsonNode page = RawLoad.JSON.readTree(response.body());
          ArrayNode items = (ArrayNode) page.path("executions");
          stats.observerRows.addAndGet(items.size());
          long lastSequence = Long.MAX_VALUE;
          for (JsonNode item : items) {
            String name = item.path("name").asText();
            lastSequence = sequence(name);
            Waiter waiter = pending.remove(name);
            if (waiter != null) {
              lastFound++;
              waiter.serverMicros = micros(item);
              waiter.observedNanos = now;
              waiter.status = item.path("status").asText();
              LockSupport.unpark(waiter.worker);
            }
          }
          token = page.path("nextToken").asText(null);
          // start dates of concurrent starts may order differently from their names: a margin
          if (token == null || lastSequence < oldest - 2L * load.connections) {
            break;
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      stats.errors.incrementAndGet();
      stats.lastError = "observer: " + e;
    }
  }

  private static long sequence(String name) {
    try {
      return Long.parseLong(name.substring(1));
    } catch (RuntimeException e) {
      return Long.MAX_VALUE;
    }
  }
}
