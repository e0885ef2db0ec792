-- Docket PostgreSQL schema, version 2: resource documents, per-bus event logs and consumer cursors
-- (design notes 0002 and 0006).

CREATE TABLE resources (
  kind text COLLATE "C" NOT NULL,
  id text COLLATE "C" NOT NULL,
  parent text COLLATE "C" NOT NULL,
  name text COLLATE "C" NOT NULL,
  version bigint NOT NULL,
  document text NOT NULL,
  PRIMARY KEY (kind, id)
);

-- listing: a kind's resources under one parent in name order (code point order)
CREATE UNIQUE INDEX resources_by_name ON resources (kind, parent, name);

-- Event sequences are drawn from one database sequence, store-wide increasing, while the
-- appending transaction holds its bus's row in event_buses (updated in that transaction). Appends
-- to one bus therefore draw and commit in sequence order: a reader that sees a sequence committed
-- knows every smaller one of that bus has committed or rolled back. Buses do not contend.
CREATE SEQUENCE event_sequence;

CREATE TABLE event_buses (
  bus text COLLATE "C" PRIMARY KEY,
  last_sequence bigint NOT NULL
);

CREATE TABLE events (
  sequence bigint PRIMARY KEY,
  bus text COLLATE "C" NOT NULL,
  id text NOT NULL,
  time bigint NOT NULL,
  json text NOT NULL,
  trace_header text NOT NULL
);

-- read and trim: one bus's events in sequence order
CREATE INDEX events_by_bus ON events (bus, sequence);

-- A consumer's cursor: the last sequence it is done with.
CREATE TABLE cursors (
  consumer text COLLATE "C" PRIMARY KEY,
  sequence bigint NOT NULL
);
