// What the two negotiation stores share: the schema, in SQL both SQLite and PostgreSQL read, and their openers
// (private to host: callers use open_store).
#pragma once

#include <memory>
#include <string>

#include "host/store.hpp"

namespace parley::host {

/// One row per negotiation (the scenario as posted, its state document, and the state's version, which every
/// change increments), its tokens' hashes, and its audit log, keyed by (negotiation, seq) so that two writers
/// can never give one sequence number twice.
inline constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS negotiations (
  id       TEXT PRIMARY KEY,
  scenario TEXT NOT NULL,
  state    TEXT NOT NULL,
  version  BIGINT NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS tokens (
  hash        TEXT PRIMARY KEY,
  negotiation TEXT NOT NULL REFERENCES negotiations (id),
  role        TEXT NOT NULL,
  party       TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS audit (
  negotiation TEXT NOT NULL REFERENCES negotiations (id),
  seq         BIGINT NOT NULL,
  time        TEXT NOT NULL,
  actor       TEXT NOT NULL,
  action      TEXT NOT NULL,
  detail      TEXT NOT NULL,
  prev        TEXT NOT NULL,
  hash        TEXT NOT NULL,
  PRIMARY KEY (negotiation, seq)
);
)sql";

/// The log is append-only in the database itself, not only in parley's code.
inline constexpr const char* kAppendOnlySqlite = R"sql(
CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
)sql";

inline constexpr const char* kAppendOnlyPostgres = R"sql(
CREATE OR REPLACE FUNCTION parley_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS
  $$ BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$;
CREATE OR REPLACE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit
  FOR EACH ROW EXECUTE FUNCTION parley_audit_append_only();
)sql";

[[nodiscard]] std::unique_ptr<Store> open_sqlite_store(const std::string& path, bool write);
/// PostgreSQL 14 or later (CREATE OR REPLACE TRIGGER); the schema is made unless only reading.
[[nodiscard]] std::unique_ptr<Store> open_postgres_store(const std::string& url, bool create_schema);

}  // namespace parley::host
