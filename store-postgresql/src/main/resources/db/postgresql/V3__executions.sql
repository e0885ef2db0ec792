-- Docket PostgreSQL schema, version 3: state-machine executions, their histories and task tokens
-- (design note 0003).

CREATE TABLE executions (
  arn text COLLATE "C" PRIMARY KEY,
  state_machine_arn text COLLATE "C" NOT NULL,
  name text NOT NULL,
  status text COLLATE "C" NOT NULL,
  start_date bigint NOT NULL,
  stop_date bigint,
  last_event_id bigint NOT NULL,
  document text NOT NULL
) WITH (fillfactor = 90);

-- listing a machine's executions newest first (scanned backwards), after a page's last one
CREATE INDEX executions_by_machine ON executions (state_machine_arn, start_date, arn);
-- the same, with a status filter
CREATE INDEX executions_by_status ON executions (state_machine_arn, status, start_date, arn);
-- resumption: RUNNING executions in ARN order (finished ones cost nothing)
CREATE INDEX executions_running ON executions (arn) WHERE status = 'RUNNING';

-- Append-only histories, numbered from 1 per execution by the engine.
CREATE TABLE history (
  execution_arn text COLLATE "C" NOT NULL,
  id bigint NOT NULL,
  previous_id bigint NOT NULL,
  key text NOT NULL,
  type text NOT NULL,
  timestamp bigint NOT NULL,
  details text NOT NULL,
  PRIMARY KEY (execution_arn, id)
);

-- Task tokens: callbacks (no activity) and activity tasks, deleted once their outcome is recorded.
CREATE TABLE task_tokens (
  token text COLLATE "C" PRIMARY KEY,
  execution_arn text COLLATE "C" NOT NULL,
  key text NOT NULL,
  activity_arn text COLLATE "C",
  input text NOT NULL,
  created_at bigint NOT NULL,
  claimed_by text,
  outcome text,
  heartbeat_at bigint NOT NULL
) WITH (fillfactor = 80);

CREATE INDEX task_tokens_by_execution ON task_tokens (execution_arn);
-- GetActivityTask: an activity's waiting tasks in claim order (only those waiting)
CREATE INDEX task_tokens_waiting ON task_tokens (activity_arn, created_at, token)
  WHERE activity_arn IS NOT NULL AND claimed_by IS NULL AND outcome IS NULL;
