-- Docket SQLite schema, version 5: named leases for single-owner work (design note 0006). Instants
-- are microseconds since the epoch, as in version 1. Tokens come from the 'token' counter, shared
-- with receipts and timer leases, so a new owner's token is larger than every token given before.

CREATE TABLE leases (
  name TEXT PRIMARY KEY,
  owner TEXT NOT NULL,
  token INTEGER NOT NULL,
  until INTEGER NOT NULL
) WITHOUT ROWID;
