-- Docket SQLite schema, version 6: closed-execution retention (design note 0006, "As built:
-- closed-execution retention"). ExecutionStore.expire deletes the executions closed longest ago;
-- this partial index holds only closed executions, oldest stop date first, so the scan reads just
-- the ones it deletes and a RUNNING execution's writes never touch it.
CREATE INDEX executions_closed ON executions (stop_date, arn) WHERE status <> 'RUNNING';
