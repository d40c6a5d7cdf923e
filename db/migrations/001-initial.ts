/** Schema version 1: models, training runs, batches, scans, fields, digits, corrections. */
export const sql = /* sql */ `
CREATE TABLE models (
  id               INTEGER PRIMARY KEY,
  name             TEXT NOT NULL UNIQUE,        -- the engine's model id
  file             TEXT NOT NULL,
  architecture     TEXT NOT NULL,
  parent_id        INTEGER REFERENCES models(id),
  metrics          TEXT NOT NULL DEFAULT '{}',  -- JSON object of numbers
  review_threshold REAL NOT NULL CHECK (review_threshold BETWEEN 0 AND 1),
  active           INTEGER NOT NULL DEFAULT 0 CHECK (active IN (0, 1)),
  created_at       TEXT NOT NULL
);
CREATE UNIQUE INDEX models_one_active ON models(active) WHERE active = 1;

CREATE TABLE training_runs (
  id              INTEGER PRIMARY KEY,
  parent_model_id INTEGER REFERENCES models(id),
  model_id        INTEGER REFERENCES models(id), -- the version it made, once finished
  status          TEXT NOT NULL CHECK (status IN ('running', 'done', 'failed', 'cancelled')),
  settings        TEXT NOT NULL DEFAULT '{}',
  progress        TEXT NOT NULL DEFAULT '{}',
  metrics         TEXT NOT NULL DEFAULT '{}',
  error           TEXT,
  started_at      TEXT NOT NULL,
  finished_at     TEXT
);

CREATE TABLE batches (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL,
  kind        TEXT NOT NULL CHECK (kind IN ('zip', 'cheque', 'digits', 'auto')),
  status      TEXT NOT NULL CHECK (status IN ('running', 'done', 'cancelled', 'interrupted')),
  pid         INTEGER,                          -- the process running it, to spot interrupted batches
  created_at  TEXT NOT NULL,
  finished_at TEXT
);

-- One row per scanned file content.
CREATE TABLE scans (
  id       INTEGER PRIMARY KEY,
  hash     TEXT NOT NULL UNIQUE,                -- sha256 hex of the file bytes
  path     TEXT NOT NULL,                       -- where it was read from (first or latest read)
  name     TEXT NOT NULL,                       -- display name (an upload keeps its original name)
  size     INTEGER NOT NULL,
  status   TEXT NOT NULL CHECK (status IN ('read', 'failed')),
  error    TEXT,
  kind     TEXT NOT NULL,                       -- the kind it was read as
  pages    TEXT NOT NULL DEFAULT '[]',          -- JSON [{page, width, height}]
  model_id INTEGER REFERENCES models(id),
  read_at  TEXT NOT NULL
);

-- The input list of a batch; 'pending' rows are what a resumed batch still has to read.
CREATE TABLE batch_files (
  id       INTEGER PRIMARY KEY,
  batch_id INTEGER NOT NULL REFERENCES batches(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  path     TEXT NOT NULL,
  name     TEXT NOT NULL,
  status   TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'failed')),
  error    TEXT,
  scan_id  INTEGER REFERENCES scans(id) ON DELETE SET NULL,
  UNIQUE (batch_id, position)
);
CREATE INDEX batch_files_status ON batch_files(batch_id, status, position);
CREATE INDEX batch_files_scan ON batch_files(scan_id);

CREATE TABLE fields (
  id           INTEGER PRIMARY KEY,
  scan_id      INTEGER NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
  page         INTEGER NOT NULL,
  position     INTEGER NOT NULL,
  kind         TEXT NOT NULL CHECK (kind IN ('zip', 'cheque', 'digits')),
  x INTEGER NOT NULL, y INTEGER NOT NULL, w INTEGER NOT NULL, h INTEGER NOT NULL,
  predicted_text TEXT NOT NULL,                 -- as read, separators kept
  text         TEXT NOT NULL,                   -- with the operator's corrections applied
  confidence   REAL NOT NULL,
  needs_review INTEGER NOT NULL CHECK (needs_review IN (0, 1)),
  accepted_at  TEXT,
  accepted_by  TEXT,
  UNIQUE (scan_id, page, position)
);
CREATE INDEX fields_review ON fields(confidence) WHERE needs_review = 1 AND accepted_at IS NULL;

CREATE TABLE digits (
  id              INTEGER PRIMARY KEY,
  field_id        INTEGER NOT NULL REFERENCES fields(id) ON DELETE CASCADE,
  position        INTEGER NOT NULL,
  x INTEGER NOT NULL, y INTEGER NOT NULL, w INTEGER NOT NULL, h INTEGER NOT NULL,
  crop_width      INTEGER NOT NULL,
  crop_height     INTEGER NOT NULL,
  crop            BLOB NOT NULL,                -- grey bytes, crop_width × crop_height
  input           BLOB NOT NULL,                -- the 32×32 normalized network input
  label           INTEGER NOT NULL CHECK (label BETWEEN 0 AND 9),
  confidence      REAL NOT NULL,
  probabilities   BLOB NOT NULL,                -- 10 float32, little-endian
  model_id        INTEGER REFERENCES models(id),
  corrected_label INTEGER CHECK (corrected_label BETWEEN 0 AND 9),
  UNIQUE (field_id, position)
);

-- The operator's log. A label correction copies the digit's input so it stays training data even when the
-- scan is re-read with another model (which replaces fields and digits).
CREATE TABLE corrections (
  id        INTEGER PRIMARY KEY,
  scan_id   INTEGER REFERENCES scans(id) ON DELETE SET NULL,
  field_id  INTEGER REFERENCES fields(id) ON DELETE SET NULL,
  digit_id  INTEGER REFERENCES digits(id) ON DELETE SET NULL,
  kind      TEXT NOT NULL CHECK (kind IN ('label', 'accept')),
  old_label INTEGER CHECK (old_label BETWEEN 0 AND 9),
  new_label INTEGER CHECK (new_label BETWEEN 0 AND 9),
  input     BLOB,
  who       TEXT NOT NULL,
  at        TEXT NOT NULL,
  undone_at TEXT
);
CREATE INDEX corrections_latest ON corrections(who, id) WHERE undone_at IS NULL;
CREATE INDEX corrections_field ON corrections(field_id);
CREATE INDEX corrections_digit ON corrections(digit_id);
`;
