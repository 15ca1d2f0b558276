// One way of using SQLite for every parley store: the run store of `sweep --out` (store/) and the site's
// negotiation store (host/). A connection names its file's kind in every error; statements are prepared, bound
// and finalised by scope; a transaction rolls back unless committed; and SQLite's result codes become parley's
// errors the same way everywhere (a file that is not a database: DataError; a lock held too long: OutputError
// saying so).
#pragma once

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

struct sqlite3;
struct sqlite3_stmt;

namespace parley::sqlite {

/// How a file is opened.
enum class Open {
  read_only,
  read_write,  // the file must exist
  create,      // read-write, created when missing
};

/// A value bound to a statement's parameter.
using Value = std::variant<std::int64_t, std::string_view>;

class Statement;

class Connection {
 public:
  /// Opens `path`; `kind` names the file in messages ("run store", "negotiation store"). `shared`: the connection
  /// is used from several threads (SQLite's serialized mode), else from one at a time. Throws OutputError when
  /// creating fails, InputError when opening does. Busy for up to 10 s before giving up on a lock.
  Connection(const std::string& path, Open open, std::string kind, bool shared = false);
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  Connection(Connection&&) = delete;
  Connection& operator=(Connection&&) = delete;
  ~Connection();

  [[nodiscard]] const std::string& path() const { return path_; }
  [[nodiscard]] const std::string& kind() const { return kind_; }

  /// SQLite's last error on this connection as parley's: DataError "not a parley KIND (why)" for a file that is
  /// not a database or is corrupt, OutputError "PATH: DOING: the KIND is locked by another process (why)" for a
  /// lock, else OutputError "PATH: DOING: why".
  [[noreturn]] void fail(const std::string& doing) const;
  /// Runs one or more statements with nothing bound and no rows read.
  void exec(std::string_view sql, const std::string& doing = "running a statement");
  /// Runs `sql` with `values` bound in order, calling `row` for each result row.
  void run(std::string_view sql, std::initializer_list<Value> values = {},
           const std::function<void(const Statement&)>& row = {});
  /// The first column of the first row of `sql` as an integer (0 when there is no row).
  [[nodiscard]] std::int64_t integer(std::string_view sql);
  /// Rows changed by the last statement; the rowid of the last insert.
  [[nodiscard]] int changes() const;
  [[nodiscard]] std::int64_t last_insert_rowid() const;

 private:
  friend class Statement;
  friend class Transaction;
  sqlite3* db_ = nullptr;
  std::string path_, kind_;
};

/// A prepared statement, finalised when it goes out of scope.
class Statement {
 public:
  Statement(Connection& db, std::string_view sql);
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  Statement& bind(int i, std::int64_t x);
  Statement& bind(int i, std::string_view s);
  /// Steps once: true while a row is available.
  bool step();
  /// Steps to the end and resets, so that it can be bound and run again.
  void run();

  [[nodiscard]] std::int64_t integer(int col) const;
  [[nodiscard]] bool is_null(int col) const;
  [[nodiscard]] std::string text(int col) const;
  [[nodiscard]] std::optional<std::string> optional_text(int col) const;

 private:
  Connection& db_;
  sqlite3_stmt* stmt_ = nullptr;
};

/// BEGIN IMMEDIATE (the write lock at once, so that two writers wait for each other instead of failing half way),
/// rolled back unless committed.
class Transaction {
 public:
  explicit Transaction(Connection& db);
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();
  void commit();

 private:
  Connection& db_;
  bool done_ = false;
};

}  // namespace parley::sqlite
