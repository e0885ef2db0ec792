package dev.docket.store.jdbc;

import static dev.docket.store.jdbc.Codec.decodeMap;
import static dev.docket.store.jdbc.Codec.instant;
import static dev.docket.store.jdbc.Codec.optionalInstant;
import static dev.docket.store.jdbc.Codec.optionalString;

import dev.docket.store.ArchivedEvent;
import dev.docket.store.ExecutionRecord;
import dev.docket.store.Lease;
import dev.docket.store.LoggedEvent;
import dev.docket.store.QueueRecord;
import dev.docket.store.ResourceRecord;
import dev.docket.store.TaskToken;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps result rows to the SPI's records. Each mapper reads the columns by position, in the order of
 * the record's components, stored as {@link Codec} writes them; each store's {@code SELECT} lists
 * its columns in that order. Thread-safe (stateless).
 */
public final class Rows {

  /** Maps the current row of a result set. */
  @FunctionalInterface
  public interface Mapper<T> {
    /** The value the current row holds. */
    T map(ResultSet rows) throws SQLException;
  }

  private Rows() {}

  /** Runs a query and maps every row, in the order the query returns them. */
  public static <T> List<T> list(PreparedStatement select, Mapper<T> mapper) throws SQLException {
    List<T> values = new ArrayList<>();
    try (ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        values.add(mapper.map(rows));
      }
    }
    return values;
  }

  /**
   * A queue: id, account id, name, fifo, attributes (JSON), tags (JSON), created at, last modified
   * at (microseconds).
   */
  public static QueueRecord queue(ResultSet rows) throws SQLException {
    return new QueueRecord(
        rows.getLong(1),
        rows.getString(2),
        rows.getString(3),
        rows.getBoolean(4),
        decodeMap(rows.getString(5)),
        decodeMap(rows.getString(6)),
        instant(rows.getLong(7)),
        instant(rows.getLong(8)));
  }

  /** A resource: kind, id, parent, name, version, document. */
  public static ResourceRecord resource(ResultSet rows) throws SQLException {
    return new ResourceRecord(
        rows.getString(1),
        rows.getString(2),
        rows.getString(3),
        rows.getString(4),
        rows.getLong(5),
        rows.getString(6));
  }

  /**
   * An execution: arn, state machine arn, name, status, start date, stop date (nullable), last
   * event id, document.
   */
  public static ExecutionRecord execution(ResultSet rows) throws SQLException {
    return new ExecutionRecord(
        rows.getString(1),
        rows.getString(2),
        rows.getString(3),
        rows.getString(4),
        instant(rows.getLong(5)),
        optionalInstant(rows, 6),
        rows.getLong(7),
        rows.getString(8));
  }

  /**
   * A task token: token, execution arn, key, activity arn (nullable), input, created at, claimed by
   * (nullable), outcome (nullable), heartbeat at.
   */
  public static TaskToken taskToken(ResultSet rows) throws SQLException {
    return new TaskToken(
        rows.getString(1),
        rows.getString(2),
        rows.getString(3),
        optionalString(rows, 4),
        rows.getString(5),
        instant(rows.getLong(6)),
        optionalString(rows, 7),
        optionalString(rows, 8),
        instant(rows.getLong(9)));
  }

  /** A lease: name, owner, token, until. */
  public static Lease lease(ResultSet rows) throws SQLException {
    return new Lease(
        rows.getString(1), rows.getString(2), rows.getLong(3), instant(rows.getLong(4)));
  }

  /** An event of {@code bus}'s log: sequence, id, time, json, trace header. */
  public static LoggedEvent loggedEvent(String bus, ResultSet rows) throws SQLException {
    return new LoggedEvent(
        bus,
        rows.getLong(1),
        rows.getString(2),
        instant(rows.getLong(3)),
        rows.getString(4),
        rows.getString(5));
  }

  /**
   * An event of {@code archive}: time, sequence, id, json, trace header, the time first as the
   * archive's (time, sequence) order reads it.
   */
  public static ArchivedEvent archivedEvent(String archive, ResultSet rows) throws SQLException {
    return new ArchivedEvent(
        archive,
        rows.getLong(2),
        rows.getString(3),
        instant(rows.getLong(1)),
        rows.getString(4),
        rows.getString(5));
  }
}
