-- Docket SQLite schema, version 3: state-machine executions, their histories and task tokens
-- (design note 0003). Instants are microseconds since the epoch, as in version 1.

-- One row per Standard execution; the document is the states service's JSON. A rowid table: the
-- document (input, output, definition) is usually larger than a twentieth of a page.
CREATE TABLE executions (
  arn TEXT PRIMARY KEY,
  state_machine_arn TEXT NOT NULL,
  name TEXT NOT NULL,
  status TEXT NOT NULL,
  start_date INTEGER NOT NULL,
  stop_date INTEGER,
  last_event_id INTEGER NOT NULL,
  document TEXT NOT NULL
);

-- listing a machine's executions newest first (scanned backwards), after a page's last one
CREATE INDEX executions_by_machine ON executions (state_machine_arn, start_date, arn);
-- the same, with a status filter
CREATE INDEX executions_by_status ON executions (state_machine_arn, status, start_date, arn);
-- resumption: RUNNING executions in ARN order (a partial index: finished ones cost nothing)
CREATE INDEX executions_running ON executions (arn) WHERE status = 'RUNNING';

-- Append-only histories, numbered from 1 per execution by the engine. A rowid table: an event's
-- details (a state's input or output) are often larger than a twentieth of a page.
CREATE TABLE history (
  execution_arn TEXT NOT NULL,
  id INTEGER NOT NULL,
  previous_id INTEGER NOT NULL,
  key TEXT NOT NULL,
  type TEXT NOT NULL,
  timestamp INTEGER NOT NULL,
  details TEXT NOT NULL,
  PRIMARY KEY (execution_arn, id)
);

-- Task tokens: callbacks (no activity) and activity tasks, deleted once their outcome is recorded.
CREATE TABLE task_tokens (
  token TEXT PRIMARY KEY,
  execution_arn TEXT NOT NULL,
  key TEXT NOT NULL,
  activity_arn TEXT,
  input TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  claimed_by TEXT,
  outcome TEXT,
  heartbeat_at INTEGER NOT NULL
);

-- an execution's tokens (replay, delete)
CREATE INDEX task_tokens_by_execution ON task_tokens (execution_arn);
-- GetActivityTask: an activity's waiting tasks, oldest first (a partial index: only those waiting)
CREATE INDEX task_tokens_waiting ON task_tokens (activity_arn, created_at, token)
  WHERE activity_arn IS NOT NULL AND claimed_by IS NULL AND outcome IS NULL;
