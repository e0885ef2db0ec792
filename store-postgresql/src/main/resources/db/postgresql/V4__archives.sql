-- Docket PostgreSQL schema, version 4: EventBridge archives (design notes 0004 and 0006).

-- An archive's number, used in its partitions' names; never given again.
CREATE TABLE archives (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  arn text COLLATE "C" NOT NULL UNIQUE
);

-- The catalogue of segments: one row per archive and UTC day (days since the epoch) with the
-- events and bytes of that day's partition.
CREATE TABLE archive_segments (
  archive bigint NOT NULL,
  day bigint NOT NULL,
  events bigint NOT NULL,
  bytes bigint NOT NULL,
  PRIMARY KEY (archive, day)
);

-- Archived events, range-partitioned by (archive, time): one partition archive_<id>_<day> per
-- archive and UTC day, created by the first event of that day, so that retention and
-- DeleteArchive drop partitions instead of deleting rows.
CREATE TABLE archive_events (
  archive bigint NOT NULL,
  time bigint NOT NULL,
  sequence bigint NOT NULL,
  id text NOT NULL,
  json text NOT NULL,
  trace_header text NOT NULL,
  PRIMARY KEY (archive, time, sequence)
) PARTITION BY RANGE (archive, time);
