-- Docket PostgreSQL schema, version 1: queues, messages, FIFO deduplication, move tasks, timers.
-- The same tables as the SQLite store's version 1. Instants are bigint microseconds since the
-- epoch; names and ids that listings order by are COLLATE "C" (code point order, as SQLite's
-- BINARY). Message sequences and claim tokens (receipts, leases) come from database sequences:
-- never reused, even across nodes and restarts.

CREATE SEQUENCE message_sequence;
CREATE SEQUENCE claim_token;

CREATE TABLE queues (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id text COLLATE "C" NOT NULL,
  name text COLLATE "C" NOT NULL,
  fifo boolean NOT NULL,
  attributes text NOT NULL,
  tags text NOT NULL,
  created_at bigint NOT NULL,
  last_modified_at bigint NOT NULL,
  UNIQUE (account_id, name)
);

-- A hot table: updated in place at every receive; fillfactor leaves room for HOT updates.
CREATE TABLE messages (
  seq bigint PRIMARY KEY,
  queue_id bigint NOT NULL,
  message_id text NOT NULL,
  body text NOT NULL,
  attributes text NOT NULL,
  sent_at bigint NOT NULL,
  visible_at bigint NOT NULL,
  receive_count integer NOT NULL,
  first_received_at bigint,
  receipt_token bigint NOT NULL,
  group_id text COLLATE "C",
  dedup_id text COLLATE "C",
  dead_letter_source_queue_id bigint
) WITH (fillfactor = 80);

-- receive (standard): the claim order, earliest visible first, then sequence
CREATE INDEX messages_by_visibility ON messages (queue_id, visible_at, seq);
-- receive (FIFO) and redrive: a queue's messages in sequence order
CREATE INDEX messages_by_sequence ON messages (queue_id, seq) INCLUDE (group_id, visible_at, receive_count);
-- retention: a queue's messages by send time
CREATE INDEX messages_by_sent_at ON messages (queue_id, sent_at);

CREATE TABLE deduplication (
  queue_id bigint NOT NULL,
  dedup_id text COLLATE "C" NOT NULL,
  seq bigint NOT NULL,
  message_id text NOT NULL,
  sent_at bigint NOT NULL,
  PRIMARY KEY (queue_id, dedup_id)
);

CREATE INDEX deduplication_by_sent_at ON deduplication (queue_id, sent_at);

CREATE TABLE move_tasks (
  task_handle text COLLATE "C" PRIMARY KEY,
  source_queue_id bigint NOT NULL,
  source_arn text NOT NULL,
  destination_arn text,
  max_messages_per_second integer,
  status text NOT NULL,
  moved bigint NOT NULL,
  to_move bigint NOT NULL,
  failure_reason text,
  started_at bigint NOT NULL,
  saved bigint GENERATED ALWAYS AS IDENTITY
);

CREATE INDEX move_tasks_by_source ON move_tasks (source_queue_id, started_at);
CREATE INDEX move_tasks_by_status ON move_tasks (status);

-- A hot table: leases are written in place.
CREATE TABLE timers (
  id text COLLATE "C" PRIMARY KEY,
  kind text COLLATE "C" NOT NULL,
  due_at bigint NOT NULL,
  payload text NOT NULL,
  lease_token bigint NOT NULL,
  lease_until bigint NOT NULL
) WITH (fillfactor = 80);

-- claims: a kind's timers in claim order
CREATE INDEX timers_by_due_time ON timers (kind, due_at, id);
