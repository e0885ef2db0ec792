package dev.docket.states.data;

import com.dashjoin.jsonata.Jsonata;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Field;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;

/**
 * Lends dashjoin jsonata its per-thread evaluator from a pool.
 *
 * <p>Why: dashjoin keeps an expression's mutable evaluation state in a per-thread {@code Jsonata}
 * instance (a static {@code ThreadLocal} named {@code current}), created on a thread's first
 * evaluation together with a new parser (about 100 µs). The engine runs every execution on its own
 * virtual thread, so each execution would pay that price. Instead, an evaluator is taken from a
 * pool, installed in dashjoin's thread-local for the duration of one evaluation, and returned: any
 * instance serves, since the expression's tree and bindings are passed explicitly and the
 * evaluator's own fields are saved and restored around each evaluation.
 *
 * <p>The thread-local and the evaluator's timestamp are looked up once, by reflection, when this
 * class loads; if a dashjoin version no longer has it, evaluation falls back to dashjoin's own
 * per-thread instances (correct, slower). Thread-safe.
 */
final class JsonataEvaluators {

  private static final ThreadLocal<Object> CURRENT = lookUpCurrent();
  private static final VarHandle TIMESTAMP = lookUpTimestamp();
  private static final ConcurrentLinkedQueue<Jsonata> POOL = new ConcurrentLinkedQueue<>();

  private JsonataEvaluators() {}

  @SuppressWarnings("unchecked")
  private static ThreadLocal<Object> lookUpCurrent() {
    try {
      Field field = Jsonata.class.getDeclaredField("current");
      field.setAccessible(true);
      Object value = field.get(null);
      return value instanceof ThreadLocal<?> threadLocal ? (ThreadLocal<Object>) threadLocal : null;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  /**
   * dashjoin's {@code $now()} and {@code $millis()} read the per-thread evaluator's timestamp,
   * which dashjoin itself sets only on the compiled expression: it is set here before each
   * evaluation.
   */
  private static VarHandle lookUpTimestamp() {
    try {
      return MethodHandles.privateLookupIn(Jsonata.class, MethodHandles.lookup())
          .findVarHandle(Jsonata.class, "timestamp", long.class);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  /** Whether evaluators are pooled (dashjoin's internals as expected). */
  static boolean pooled() {
    return CURRENT != null && TIMESTAMP != null;
  }

  /** Runs one evaluation with a pooled evaluator installed on this thread. */
  static <T> T with(Supplier<T> evaluation) {
    if (CURRENT == null || TIMESTAMP == null) {
      return evaluation.get();
    }
    Object previous = CURRENT.get();
    Jsonata evaluator = POOL.poll();
    if (evaluator == null) {
      evaluator = newEvaluator();
    }
    TIMESTAMP.set(evaluator, System.currentTimeMillis());
    CURRENT.set(evaluator);
    try {
      return evaluation.get();
    } finally {
      if (previous == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(previous);
      }
      POOL.offer(evaluator);
    }
  }

  private static Jsonata newEvaluator() {
    Object previous = CURRENT.get();
    try {
      return Jsonata.jsonata("$");
    } finally {
      if (previous == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(previous);
      }
    }
  }
}
