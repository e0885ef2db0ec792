-- Docket SQLite schema, version 2: resource documents, per-bus event logs and consumer cursors
-- (design note 0002). Instants are microseconds since the epoch, as in version 1.

-- Versioned JSON documents (buses, rules with their targets, connections, API destinations, ...).
-- A rowid table rather than WITHOUT ROWID: documents are often larger than a twentieth of a page.
CREATE TABLE resources (
  kind TEXT NOT NULL,
  id TEXT NOT NULL,
  parent TEXT NOT NULL,
  name TEXT NOT NULL,
  version INTEGER NOT NULL,
  document TEXT NOT NULL,
  PRIMARY KEY (kind, id)
);

-- listing: a kind's resources under one parent in name order (BINARY collation: code point order)
CREATE UNIQUE INDEX resources_by_name ON resources (kind, parent, name);

-- The event logs of all buses, numbered by the store-wide 'event' counter (never reused, even
-- when the newest events are trimmed); the sequence is the rowid, so appends go to the end.
CREATE TABLE events (
  sequence INTEGER PRIMARY KEY,
  bus TEXT NOT NULL,
  id TEXT NOT NULL,
  time INTEGER NOT NULL,
  json TEXT NOT NULL,
  trace_header TEXT NOT NULL
);

-- read and trim: one bus's events in sequence order
CREATE INDEX events_by_bus ON events (bus, sequence);

INSERT INTO counters (name, value) VALUES ('event', 0);

-- A consumer's cursor: the last sequence it is done with.
CREATE TABLE cursors (
  consumer TEXT PRIMARY KEY,
  sequence INTEGER NOT NULL
) WITHOUT ROWID;
