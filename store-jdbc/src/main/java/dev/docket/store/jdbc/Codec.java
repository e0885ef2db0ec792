package dev.docket.store.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.docket.store.StoreException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Conversions between Java values and SQL columns, the same in every JDBC store. Instants are
 * stored as microseconds since the epoch (saturating at the {@code long} range), string maps as
 * JSON objects with sorted keys, absent optionals as SQL {@code NULL}. Thread-safe (stateless).
 */
public final class Codec {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {};

  private Codec() {}

  /** Microseconds since the epoch, saturating at the {@code long} range. */
  public static long micros(Instant instant) {
    try {
      return Math.addExact(
          Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
    } catch (ArithmeticException e) {
      return instant.getEpochSecond() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }

  /** The instant {@code micros} microseconds after the epoch. */
  public static Instant instant(long micros) {
    return Instant.ofEpochSecond(
        Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
  }

  /** A JSON object with the map's entries in key order. */
  public static String encode(Map<String, String> map) {
    try {
      return JSON.writeValueAsString(new TreeMap<>(map));
    } catch (JsonProcessingException e) {
      throw new StoreException("cannot encode map " + map, e);
    }
  }

  /** The map a JSON object encoded by {@link #encode} holds. */
  public static Map<String, String> decodeMap(String json) {
    try {
      return JSON.readValue(json, STRING_MAP);
    } catch (JsonProcessingException e) {
      throw new StoreException("corrupt map column: " + json, e);
    }
  }

  /** The instant in a nullable microseconds column. */
  public static Optional<Instant> optionalInstant(ResultSet rows, int column) throws SQLException {
    long value = rows.getLong(column);
    return rows.wasNull() ? Optional.empty() : Optional.of(instant(value));
  }

  /** The string in a nullable column. */
  public static Optional<String> optionalString(ResultSet rows, int column) throws SQLException {
    return Optional.ofNullable(rows.getString(column));
  }

  /** The long in a nullable column. */
  public static Optional<Long> optionalLong(ResultSet rows, int column) throws SQLException {
    long value = rows.getLong(column);
    return rows.wasNull() ? Optional.empty() : Optional.of(value);
  }

  /** The int in a nullable column. */
  public static Optional<Integer> optionalInt(ResultSet rows, int column) throws SQLException {
    int value = rows.getInt(column);
    return rows.wasNull() ? Optional.empty() : Optional.of(value);
  }

  /** Binds a string or {@code NULL}. */
  public static void setString(PreparedStatement statement, int index, Optional<String> value)
      throws SQLException {
    if (value.isPresent()) {
      statement.setString(index, value.get());
    } else {
      statement.setNull(index, Types.VARCHAR);
    }
  }

  /** Binds an int or {@code NULL}. */
  public static void setInt(PreparedStatement statement, int index, Optional<Integer> value)
      throws SQLException {
    if (value.isPresent()) {
      statement.setInt(index, value.get());
    } else {
      statement.setNull(index, Types.INTEGER);
    }
  }

  /** Binds an instant as microseconds, or {@code NULL}. */
  public static void setInstant(PreparedStatement statement, int index, Optional<Instant> value)
      throws SQLException {
    if (value.isPresent()) {
      statement.setLong(index, micros(value.get()));
    } else {
      statement.setNull(index, Types.BIGINT);
    }
  }

  /** Binds a number as a long, or {@code NULL}. */
  public static void setLong(
      PreparedStatement statement, int index, Optional<? extends Number> value)
      throws SQLException {
    if (value.isPresent()) {
      statement.setLong(index, value.get().longValue());
    } else {
      statement.setNull(index, Types.BIGINT);
    }
  }
}
