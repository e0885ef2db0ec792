-- Docket SQLite schema, version 4: EventBridge archives (design note 0004). Instants are
-- microseconds since the epoch, as in version 1.

-- An archive's number, used in the names of its segment tables. AUTOINCREMENT: a number is never
-- given again, so a deleted archive's segments can never be mistaken for a new one's.
CREATE TABLE archives (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  arn TEXT NOT NULL UNIQUE
);

-- The catalogue of segments: one row per archive and UTC day (days since the epoch) with the
-- events and bytes of that day's table. Describe sums an archive's rows; retention and replay walk
-- them in day order.
--
-- Each segment is its own table, created by the first event of that archive and day:
--   CREATE TABLE archive_<id>_<day> (time, sequence, id, json, trace_header,
--                                     PRIMARY KEY (time, sequence))
-- so that retention and DeleteArchive drop tables instead of deleting rows.
CREATE TABLE archive_segments (
  archive INTEGER NOT NULL,
  day INTEGER NOT NULL,
  events INTEGER NOT NULL,
  bytes INTEGER NOT NULL,
  PRIMARY KEY (archive, day)
) WITHOUT ROWID;
