/**
 * The SQLite schema as numbered steps. A step, once released, is never edited: change the schema by
 * appending a step. Dates are epoch milliseconds (sortable, compact); booleans are 0/1.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
CREATE TABLE reports (
  id TEXT PRIMARY KEY,
  source_ref TEXT NOT NULL UNIQUE,
  code TEXT NOT NULL UNIQUE,
  channel TEXT NOT NULL,
  locale TEXT NOT NULL,
  type TEXT NOT NULL,
  platform TEXT,
  affected TEXT,
  age_group TEXT,
  gender TEXT,
  disability TEXT,
  region TEXT,
  immediate_danger INTEGER NOT NULL CHECK (immediate_danger IN (0, 1)),
  description TEXT,
  contact TEXT NOT NULL,
  sealed_contact TEXT,
  safe_hours_start INTEGER,
  safe_hours_end INTEGER,
  risk_flags TEXT NOT NULL,
  priority INTEGER NOT NULL CHECK (priority IN (1, 2, 3)),
  status TEXT NOT NULL,
  outcome TEXT,
  assigned_to TEXT,
  version INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  closed_at INTEGER,
  purged_at INTEGER
) STRICT;
CREATE INDEX reports_queue ON reports (priority DESC, created_at, id);
CREATE INDEX reports_status ON reports (status, priority DESC, created_at, id);
CREATE INDEX reports_assigned_to ON reports (assigned_to, priority DESC, created_at, id);
CREATE INDEX reports_type ON reports (type);
CREATE INDEX reports_region ON reports (region);
CREATE INDEX reports_created_at ON reports (created_at);
CREATE INDEX reports_retention ON reports (closed_at) WHERE purged_at IS NULL;

CREATE TABLE report_notes (
  id TEXT PRIMARY KEY,
  report_id TEXT NOT NULL REFERENCES reports (id),
  author_id TEXT NOT NULL,
  text TEXT NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX report_notes_report ON report_notes (report_id, created_at);

CREATE TABLE report_replies (
  id TEXT PRIMARY KEY,
  report_id TEXT NOT NULL REFERENCES reports (id),
  author_id TEXT NOT NULL,
  text TEXT NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX report_replies_report ON report_replies (report_id, created_at);

CREATE TABLE report_referrals (
  id TEXT PRIMARY KEY,
  report_id TEXT NOT NULL REFERENCES reports (id),
  directory_entry_id TEXT NOT NULL,
  author_id TEXT NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX report_referrals_report ON report_referrals (report_id, created_at);

CREATE TABLE report_takedowns (
  id TEXT PRIMARY KEY,
  report_id TEXT NOT NULL REFERENCES reports (id),
  platform TEXT NOT NULL,
  submitted_on INTEGER NOT NULL,
  state TEXT NOT NULL,
  author_id TEXT NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX report_takedowns_report ON report_takedowns (report_id, submitted_on);

CREATE TABLE audit_log (
  id TEXT PRIMARY KEY,
  at INTEGER NOT NULL,
  actor_id TEXT,
  action TEXT NOT NULL,
  report_id TEXT,
  details TEXT NOT NULL
) STRICT;
CREATE INDEX audit_log_at ON audit_log (at DESC, id DESC);
CREATE INDEX audit_log_report ON audit_log (report_id, at DESC, id DESC);
CREATE INDEX audit_log_actor ON audit_log (actor_id, at DESC, id DESC);
CREATE INDEX audit_log_action ON audit_log (action, at DESC, id DESC);

CREATE TABLE subscribers (
  caller_key TEXT PRIMARY KEY,
  locale TEXT NOT NULL,
  tips INTEGER NOT NULL CHECK (tips IN (0, 1)),
  suppressed INTEGER NOT NULL CHECK (suppressed IN (0, 1)),
  suppressed_reason TEXT,
  tip_index INTEGER NOT NULL,
  safe_hours_start INTEGER NOT NULL,
  safe_hours_end INTEGER NOT NULL,
  sealed_number TEXT,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX subscribers_tips ON subscribers (caller_key) WHERE tips = 1 AND suppressed = 0;

CREATE TABLE counsellors (
  id TEXT PRIMARY KEY,
  email TEXT NOT NULL,
  email_key TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  role TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  failed_logins INTEGER NOT NULL,
  locked_until INTEGER,
  active INTEGER NOT NULL CHECK (active IN (0, 1)),
  created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE console_sessions (
  id TEXT PRIMARY KEY,
  counsellor_id TEXT NOT NULL,
  csrf_token TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL
) STRICT;
CREATE INDEX console_sessions_last_seen ON console_sessions (last_seen_at);

CREATE TABLE outbox (
  id TEXT PRIMARY KEY,
  dedupe_key TEXT NOT NULL UNIQUE,
  caller_key TEXT NOT NULL,
  sealed_to TEXT NOT NULL,
  text TEXT NOT NULL,
  not_before INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  claimed_at INTEGER,
  claimed_by TEXT
) STRICT;
CREATE INDEX outbox_due ON outbox (not_before, created_at) WHERE claimed_at IS NULL;

CREATE TABLE sms_log (
  message_id TEXT PRIMARY KEY,
  job_id TEXT NOT NULL,
  status TEXT NOT NULL,
  failure_reason TEXT,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX sms_log_job ON sms_log (job_id);
`,
  },
  {
    version: 2,
    name: 'sms_log keeps the recipient caller key',
    sql: `ALTER TABLE sms_log ADD COLUMN caller_key TEXT;`,
  },
  {
    version: 3,
    name: 'test calls of directory contacts',
    sql: `
CREATE TABLE contact_test_calls (
  id TEXT PRIMARY KEY,
  contact_id TEXT NOT NULL,
  outcome TEXT NOT NULL CHECK (outcome IN ('confirmed', 'no_answer', 'wrong_number', 'changed')),
  by_id TEXT NOT NULL,
  note TEXT,
  at INTEGER NOT NULL
) STRICT;
CREATE INDEX contact_test_calls_contact ON contact_test_calls (contact_id, at DESC, id DESC);
`,
  },
  {
    version: 4,
    name: 'inbox of inbound SMS kept until handled',
    sql: `
CREATE TABLE inbox (
  key TEXT PRIMARY KEY,
  channel TEXT NOT NULL,
  message_id TEXT NOT NULL,
  caller_key TEXT NOT NULL,
  sealed_from TEXT NOT NULL,
  text TEXT NOT NULL,
  received_at INTEGER NOT NULL,
  claimed_at INTEGER,
  claimed_by TEXT
) STRICT;
CREATE INDEX inbox_due ON inbox (claimed_at, received_at);
`,
  },
  {
    version: 5,
    name: 'support directory managed in the console',
    sql: `
CREATE TABLE directory_contacts (
  id TEXT PRIMARY KEY,
  position INTEGER NOT NULL,
  name TEXT NOT NULL,
  label_fr TEXT,
  label_bm TEXT,
  regions TEXT NOT NULL,
  kind TEXT NOT NULL,
  phone TEXT,
  address TEXT,
  source TEXT,
  verified TEXT,
  note TEXT,
  from_sources INTEGER NOT NULL CHECK (from_sources IN (0, 1)),
  origin TEXT NOT NULL CHECK (origin IN ('yaml', 'console')),
  phone_changed_at INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  updated_by TEXT,
  CHECK ((label_fr IS NULL) = (label_bm IS NULL))
) STRICT;
CREATE INDEX directory_contacts_position ON directory_contacts (position, id);
`,
  },
];
