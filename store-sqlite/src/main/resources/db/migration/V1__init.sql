-- Docket SQLite schema, version 1: queues, messages, FIFO deduplication, move tasks, timers.
-- Instants are stored as microseconds since the epoch. Sequences and tokens come from the
-- counters table (the writer thread keeps them in memory and saves them with each commit).

CREATE TABLE counters (
  name TEXT PRIMARY KEY,
  value INTEGER NOT NULL
) WITHOUT ROWID;

INSERT INTO counters (name, value) VALUES ('sequence', 0), ('token', 0);

CREATE TABLE queues (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  account_id TEXT NOT NULL,
  name TEXT NOT NULL,
  fifo INTEGER NOT NULL,
  attributes TEXT NOT NULL,
  tags TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  last_modified_at INTEGER NOT NULL,
  UNIQUE (account_id, name)
);

CREATE TABLE messages (
  seq INTEGER PRIMARY KEY,
  queue_id INTEGER NOT NULL,
  message_id TEXT NOT NULL,
  body TEXT NOT NULL,
  attributes TEXT NOT NULL,
  sent_at INTEGER NOT NULL,
  visible_at INTEGER NOT NULL,
  receive_count INTEGER NOT NULL,
  first_received_at INTEGER,
  receipt_token INTEGER NOT NULL,
  group_id TEXT,
  dedup_id TEXT,
  dead_letter_source_queue_id INTEGER
);

-- receive (standard): visible messages, earliest visible first; the rowid (seq) is implied last
CREATE INDEX messages_by_visibility ON messages (queue_id, visible_at);
-- receive (FIFO) and redrive: a queue's messages in sequence order, covering what the FIFO walk
-- reads, so skipping the messages of blocked groups never touches message rows
CREATE INDEX messages_by_sequence ON messages (queue_id, seq, group_id, visible_at, receive_count);
-- retention: a queue's messages by send time
CREATE INDEX messages_by_sent_at ON messages (queue_id, sent_at);

CREATE TABLE deduplication (
  queue_id INTEGER NOT NULL,
  dedup_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  message_id TEXT NOT NULL,
  sent_at INTEGER NOT NULL,
  PRIMARY KEY (queue_id, dedup_id)
) WITHOUT ROWID;

-- pruning entries older than every deduplication window still open
CREATE INDEX deduplication_by_sent_at ON deduplication (queue_id, sent_at);

CREATE TABLE move_tasks (
  task_handle TEXT PRIMARY KEY,
  source_queue_id INTEGER NOT NULL,
  source_arn TEXT NOT NULL,
  destination_arn TEXT,
  max_messages_per_second INTEGER,
  status TEXT NOT NULL,
  moved INTEGER NOT NULL,
  to_move INTEGER NOT NULL,
  failure_reason TEXT,
  started_at INTEGER NOT NULL
);

CREATE INDEX move_tasks_by_source ON move_tasks (source_queue_id, started_at);
CREATE INDEX move_tasks_by_status ON move_tasks (status);

CREATE TABLE timers (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  due_at INTEGER NOT NULL,
  payload TEXT NOT NULL,
  lease_token INTEGER NOT NULL,
  lease_until INTEGER NOT NULL
) WITHOUT ROWID;

CREATE INDEX timers_by_due_time ON timers (kind, due_at);
