package dev.docket.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * One-line console logging for the distribution (slf4j → java.util.logging → stderr): {@code
 * 2026-01-01T12:00:00.123Z INFO DocketServer: Docket 0.1.0 serving ...}. Helidon's and HikariCP's
 * own chatter is limited to warnings. Left alone when the user configured {@code java.util.logging}
 * through {@code -Djava.util.logging.config.file}. Call from {@code main} only.
 */
final class ConsoleLogging {

  /** Held so the configured levels are not garbage-collected with their loggers. */
  private static final Logger ROOT = Logger.getLogger("");

  private static final Logger HELIDON = Logger.getLogger("io.helidon");

  /**
   * HikariCP, the PostgreSQL store's pool: its start and stop notices are chatter; its warnings (a
   * connection found broken, a pool that cannot connect) are kept once running.
   */
  private static final Logger HIKARI = Logger.getLogger("com.zaxxer.hikari");

  /** HikariCP's level before {@link #quietStart()}, restored by {@link #started()}. */
  private static Level hikariLevel;

  private static final Logger DOCKET = Logger.getLogger("dev.docket");

  /** Logs a failed start with a stack trace; the command reports it in one line instead. */
  private static final Logger HELIDON_SERVER = Logger.getLogger("io.helidon.webserver.LoomServer");

  private ConsoleLogging() {}

  /** Replaces the root handlers with one concise console handler. */
  static void install() {
    if (System.getProperty("java.util.logging.config.file") != null
        || System.getProperty("java.util.logging.config.class") != null) {
      return;
    }
    // Helidon's JUL provider would otherwise re-read a logging.properties from the working
    // directory
    System.setProperty("io.helidon.logging.config.disabled", "true");
    for (Handler handler : ROOT.getHandlers()) {
      ROOT.removeHandler(handler);
    }
    ConsoleHandler console = new ConsoleHandler();
    console.setLevel(Level.ALL);
    console.setFormatter(new OneLine());
    ROOT.addHandler(console);
    ROOT.setLevel(Level.INFO);
    HELIDON.setLevel(Level.WARNING);
    HIKARI.setLevel(Level.WARNING);
  }

  /**
   * Silences Helidon's and HikariCP's own reports of a failed start (stack traces) until {@link
   * #started()}: the serve command prints the failure in one line, with the stack trace under
   * {@code --verbose}.
   */
  static void quietStart() {
    HELIDON_SERVER.setLevel(Level.OFF);
    hikariLevel = HIKARI.getLevel();
    HIKARI.setLevel(Level.OFF);
  }

  /** Restores Helidon's and HikariCP's logging once the server runs (or failed to start). */
  static void started() {
    HELIDON_SERVER.setLevel(null);
    if (HIKARI.getLevel() == Level.OFF) {
      HIKARI.setLevel(hikariLevel);
    }
  }

  /** Debug output from Docket's own classes. */
  static void verbose() {
    DOCKET.setLevel(Level.FINE);
  }

  /** {@code <UTC instant> <LEVEL> <simple logger name>: <message>} and the stack trace if any. */
  static final class OneLine extends Formatter {

    private static final DateTimeFormatter TIME =
        DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    @Override
    public String format(LogRecord record) {
      String name = record.getLoggerName() == null ? "" : record.getLoggerName();
      StringBuilder line =
          new StringBuilder(128)
              .append(TIME.format(Instant.ofEpochMilli(record.getMillis())))
              .append(' ')
              .append(String.format("%-5s", level(record.getLevel())))
              .append(' ')
              .append(name.substring(name.lastIndexOf('.') + 1))
              .append(": ")
              .append(formatMessage(record))
              .append(System.lineSeparator());
      if (record.getThrown() != null) {
        StringWriter trace = new StringWriter();
        record.getThrown().printStackTrace(new PrintWriter(trace));
        line.append(trace);
      }
      return line.toString();
    }

    private static String level(Level level) {
      if (level.intValue() >= Level.SEVERE.intValue()) {
        return "ERROR";
      } else if (level.intValue() >= Level.WARNING.intValue()) {
        return "WARN";
      } else if (level.intValue() >= Level.INFO.intValue()) {
        return "INFO";
      }
      return "DEBUG";
    }
  }
}
