-- Docket PostgreSQL schema, version 5: named leases for single-owner work (design note 0006).
-- Instants are bigint microseconds since the epoch, as in version 1, and come from the caller's
-- clock, never the database's. A new owner's token comes from the lease_token sequence, so it is
-- larger than every token given before, on any node.

CREATE SEQUENCE lease_token;

CREATE TABLE leases (
  name text COLLATE "C" PRIMARY KEY,
  owner text NOT NULL,
  token bigint NOT NULL,
  until bigint NOT NULL
) WITH (fillfactor = 80);
