-- Docket PostgreSQL schema, version 7: closed-execution retention (design note 0006, "As built:
-- closed-execution retention"). ExecutionStore.expire deletes the executions closed longest ago;
-- this partial index holds only closed executions, oldest stop date first, so the scan reads just
-- the ones it deletes. A RUNNING execution's appends change neither stop_date nor status, so they
-- stay HOT updates. (Version 6 is the event log's partitions.)
CREATE INDEX executions_closed ON executions (stop_date, arn) WHERE status <> 'RUNNING';
