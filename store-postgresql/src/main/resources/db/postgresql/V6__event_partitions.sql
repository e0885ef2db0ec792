-- Docket PostgreSQL schema, version 6: the event log in range partitions of the event sequence,
-- so that trimmed history leaves as whole partitions (DROP TABLE) instead of dead rows for vacuum
-- (design note 0006, "As built: event log partitions"). Trimming becomes a per-bus watermark
-- (event_trims): the events of a bus up to it are no longer read, and stay in their partition
-- until every bus has trimmed past that partition, which is then dropped.

ALTER TABLE events RENAME TO events_v5;
ALTER INDEX events_pkey RENAME TO events_v5_pkey;
ALTER INDEX events_by_bus RENAME TO events_v5_by_bus;

CREATE TABLE events (
  sequence bigint NOT NULL,
  bus text COLLATE "C" NOT NULL,
  id text NOT NULL,
  time bigint NOT NULL,
  json text NOT NULL,
  trace_header text NOT NULL,
  PRIMARY KEY (sequence)
) PARTITION BY RANGE (sequence);

-- read and trim: one bus's events in sequence order (one such index per partition)
CREATE INDEX events_by_bus ON events (bus, sequence);

-- The width, in sequences, of the partitions created from now on (one row). 2^20: about 1 GiB of
-- 1 KiB events, created and dropped every few minutes at 5,000 events/s.
CREATE TABLE event_log_settings (
  one boolean PRIMARY KEY DEFAULT true CHECK (one),
  partition_width bigint NOT NULL CHECK (partition_width >= 2)
);

INSERT INTO event_log_settings (partition_width) VALUES (1048576);

-- The catalogue of partitions: events_<lower> holds the sequences lower <= s < upper. Written in
-- the transaction that creates or drops the partition, under the advisory lock of event-log DDL.
CREATE TABLE event_partitions (
  lower bigint PRIMARY KEY,
  upper bigint NOT NULL,
  CHECK (upper > lower)
);

-- A bus's trim watermark: its events with a sequence up to it are trimmed (never read again).
CREATE TABLE event_trims (
  bus text COLLATE "C" PRIMARY KEY,
  through bigint NOT NULL
);

-- version 5 deleted trimmed events: what a bus still has starts after its watermark
INSERT INTO event_trims (bus, through)
SELECT b.bus, coalesce((SELECT min(e.sequence) - 1 FROM events_v5 e WHERE e.bus = b.bus),
                       b.last_sequence)
FROM event_buses b;

-- the body on one line: migration scripts are split at lines ending in a semicolon
CREATE FUNCTION docket_v6_partition(lower bigint, upper bigint) RETURNS void LANGUAGE plpgsql AS
  $$BEGIN EXECUTE format('CREATE TABLE events_%s PARTITION OF events FOR VALUES FROM (%s) TO (%s)', lower, lower, upper); INSERT INTO event_partitions (lower, upper) VALUES (lower, upper); END$$;

-- a partition for each width of sequences the old table has rows in, the one the next sequence
-- falls in and the one after it (ahead of need)
SELECT docket_v6_partition(k * s.partition_width, (k + 1) * s.partition_width)
FROM event_log_settings s,
  LATERAL (
    SELECT DISTINCT e.sequence / s.partition_width AS k FROM events_v5 e
    UNION
    SELECT n.next / s.partition_width + i
    FROM (SELECT CASE WHEN is_called THEN last_value + 1 ELSE last_value END AS next
          FROM event_sequence) n,
      generate_series(0, 1) i
  ) ks
ORDER BY k;

DROP FUNCTION docket_v6_partition(bigint, bigint);

INSERT INTO events (sequence, bus, id, time, json, trace_header)
SELECT sequence, bus, id, time, json, trace_header FROM events_v5;

DROP TABLE events_v5;
