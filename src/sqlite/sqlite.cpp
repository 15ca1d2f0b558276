// The SQLite access layer of every parley store.
#include "sqlite/sqlite.hpp"

#include <sqlite3.h>

#include "parley/error.hpp"

namespace parley::sqlite {

Connection::Connection(const std::string& path, Open open, std::string kind, bool shared)
    : path_(path), kind_(std::move(kind)) {
  int flags = open == Open::read_only    ? SQLITE_OPEN_READONLY
              : open == Open::read_write ? SQLITE_OPEN_READWRITE
                                         : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  flags |= shared ? SQLITE_OPEN_FULLMUTEX : SQLITE_OPEN_NOMUTEX;
  if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
    const std::string why = db_ != nullptr ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    db_ = nullptr;
    if (open == Open::create) throw OutputError(path + ": cannot create the " + kind_ + " (" + why + ")");
    throw InputError(path + ": cannot open the " + kind_ + " (" + why + ")");
  }
  sqlite3_extended_result_codes(db_, 1);
  sqlite3_busy_timeout(db_, 10000);
}

Connection::~Connection() {
  sqlite3_close(db_);
}

void Connection::fail(const std::string& doing) const {
  const int code = sqlite3_extended_errcode(db_) & 0xFF;
  const std::string why = sqlite3_errmsg(db_);
  switch (code) {
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
      throw DataError("not a parley " + kind_ + " (" + why + ")", path_);
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      throw OutputError(path_ + ": " + doing + ": the " + kind_ + " is locked by another process (" + why + ")");
    default:
      throw OutputError(path_ + ": " + doing + ": " + why);
  }
}

void Connection::exec(std::string_view sql, const std::string& doing) {
  if (sqlite3_exec(db_, std::string(sql).c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) fail(doing);
}

void Connection::run(std::string_view sql, std::initializer_list<Value> values,
                     const std::function<void(const Statement&)>& row) {
  Statement s(*this, sql);
  int i = 1;
  for (const auto& v : values) {
    if (const auto* x = std::get_if<std::int64_t>(&v)) {
      s.bind(i++, *x);
    } else {
      s.bind(i++, std::get<std::string_view>(v));
    }
  }
  while (s.step()) {
    if (row) row(s);
  }
}

std::int64_t Connection::integer(std::string_view sql) {
  Statement s(*this, sql);
  return s.step() ? s.integer(0) : 0;
}

int Connection::changes() const {
  return sqlite3_changes(db_);
}

std::int64_t Connection::last_insert_rowid() const {
  return sqlite3_last_insert_rowid(db_);
}

Statement::Statement(Connection& db, std::string_view sql) : db_(db) {
  if (sqlite3_prepare_v2(db.db_, sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr) != SQLITE_OK)
    db.fail("preparing a statement");
}

Statement::~Statement() {
  sqlite3_finalize(stmt_);
}

Statement& Statement::bind(int i, std::int64_t x) {
  if (sqlite3_bind_int64(stmt_, i, x) != SQLITE_OK) db_.fail("binding a value");
  return *this;
}

Statement& Statement::bind(int i, std::string_view s) {
  if (sqlite3_bind_text(stmt_, i, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT) != SQLITE_OK)
    db_.fail("binding a value");
  return *this;
}

bool Statement::step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  db_.fail("running a statement");
}

void Statement::run() {
  while (step()) {}
  sqlite3_reset(stmt_);
}

std::int64_t Statement::integer(int col) const {
  return sqlite3_column_int64(stmt_, col);
}

bool Statement::is_null(int col) const {
  return sqlite3_column_type(stmt_, col) == SQLITE_NULL;
}

std::string Statement::text(int col) const {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
  return p == nullptr ? std::string() : std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col)));
}

std::optional<std::string> Statement::optional_text(int col) const {
  if (is_null(col)) return std::nullopt;
  return text(col);
}

Transaction::Transaction(Connection& db) : db_(db) {
  db_.exec("BEGIN IMMEDIATE", "starting a transaction");
}

Transaction::~Transaction() {
  if (!done_) sqlite3_exec(db_.db_, "ROLLBACK", nullptr, nullptr, nullptr);
}

void Transaction::commit() {
  db_.exec("COMMIT", "committing");
  done_ = true;
}

}  // namespace parley::sqlite
