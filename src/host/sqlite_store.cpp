// The SQLite negotiation store: one file in WAL mode with synchronous = FULL, so that every acknowledged
// change is on disk before the answer leaves (docs/serve.md, "Choices"). Reads go through a pool of
// connections: in WAL mode they see the last committed state without waiting for a change in progress.
//
// A change is computed outside the write lock, from the state as read, and then committed only if the state's
// version is still the one read (else it is computed again): SQLite has one writer at a time, so the write
// lock is held only for the SQL. Changes waiting for it are committed together, one transaction and one sync
// for the lot (group commit), each in its own savepoint so that one failing leaves the others in; every
// waiter returns once the transaction holding its change has committed. Within a process, changes to one
// negotiation take turns, so they never need computing twice; BEGIN IMMEDIATE and the version make another
// process on the same file safe too.
#include <sqlite3.h>

#include <array>
#include <condition_variable>
#include <cstring>
#include <exception>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <map>
#include <mutex>
#include <variant>

#include "host/store_sql.hpp"
#include "parley/error.hpp"

namespace parley::host {

namespace {

/// PRAGMA application_id of a negotiation store: "PRLN" (the run store is "PRLY").
constexpr std::int32_t kApplicationId = 0x50524C4E;
constexpr int kSchemaVersion = 1;
/// Connections that serve reads side by side.
constexpr std::size_t kReaders = 8;

using Value = std::variant<std::int64_t, std::string>;

class Db {
 public:
  Db(const std::string& path, int flags) : path_(path) {
    if (sqlite3_open_v2(path.c_str(), &db_, flags | SQLITE_OPEN_FULLMUTEX, nullptr) != SQLITE_OK) {
      const std::string why = db_ != nullptr ? sqlite3_errmsg(db_) : "out of memory";
      sqlite3_close(db_);
      db_ = nullptr;
      if ((flags & SQLITE_OPEN_CREATE) != 0)
        throw OutputError(path + ": cannot create the negotiation store (" + why + ")");
      throw InputError(path + ": cannot open the negotiation store (" + why + ")");
    }
    sqlite3_extended_result_codes(db_, 1);
    sqlite3_busy_timeout(db_, 10000);
  }
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;
  ~Db() { sqlite3_close(db_); }

  [[nodiscard]] const std::string& path() const { return path_; }

  /// Runs `sql` with `values` bound in order, calling `row` for each result row.
  void run(std::string_view sql, std::initializer_list<Value> values = {},
           const std::function<void(sqlite3_stmt*)>& row = {}) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr) != SQLITE_OK)
      failed("preparing a statement");
    struct Finalize {
      sqlite3_stmt* s;
      ~Finalize() { sqlite3_finalize(s); }
    } finalize{stmt};
    int i = 1;
    for (const auto& v : values) {
      const int rc = std::holds_alternative<std::int64_t>(v)
                         ? sqlite3_bind_int64(stmt, i, std::get<std::int64_t>(v))
                         : sqlite3_bind_text(stmt, i, std::get<std::string>(v).data(),
                                             static_cast<int>(std::get<std::string>(v).size()), SQLITE_TRANSIENT);
      if (rc != SQLITE_OK) failed("binding a value");
      ++i;
    }
    for (;;) {
      const int rc = sqlite3_step(stmt);
      if (rc == SQLITE_DONE) return;
      if (rc != SQLITE_ROW) failed("running a statement");
      if (row) row(stmt);
    }
  }
  void script(const char* sql) {
    if (sqlite3_exec(db_, sql, nullptr, nullptr, nullptr) != SQLITE_OK) failed("running a script");
  }
  [[nodiscard]] int changes() const { return sqlite3_changes(db_); }
  std::int64_t integer(std::string_view sql) {
    std::int64_t out = 0;
    run(sql, {}, [&](sqlite3_stmt* s) { out = sqlite3_column_int64(s, 0); });
    return out;
  }

  [[noreturn]] void failed(const std::string& doing) {
    const int code = sqlite3_extended_errcode(db_) & 0xFF;
    const std::string why = sqlite3_errmsg(db_);
    if (code == SQLITE_NOTADB || code == SQLITE_CORRUPT)
      throw DataError("not a parley negotiation store (" + why + ")", path_);
    throw OutputError(path_ + ": " + doing + ": " + why);
  }

 private:
  sqlite3* db_ = nullptr;
  std::string path_;
};

std::string column(sqlite3_stmt* s, int i) {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s, i));
  return p == nullptr ? std::string() : std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(s, i)));
}

// Whether the file's header says it is a parley negotiation store (SQLite's magic string, and the application id
// at byte 68, big-endian), read without SQLite: a store damaged past SQLite's reading still says whose it is.
bool says_parley_store(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::array<unsigned char, 72> header{};
  if (!in.read(reinterpret_cast<char*>(header.data()), header.size())) return false;
  if (std::memcmp(header.data(), "SQLite format 3", 16) != 0) return false;
  const auto id = (std::uint32_t{header[68]} << 24) | (std::uint32_t{header[69]} << 16) |
                  (std::uint32_t{header[70]} << 8) | std::uint32_t{header[71]};
  return id == static_cast<std::uint32_t>(kApplicationId);
}

[[noreturn]] void damaged(const std::string& path, const std::string& why) {
  throw DataError("a damaged parley negotiation store (" + why +
                      "). Nothing was changed. Restore it from a backup; `parley audit verify --db` on a copy tells "
                      "which negotiations' logs still verify",
                  path);
}

class SqliteStore final : public Store {
 public:
  SqliteStore(const std::string& path, bool write)
      : db_(path, write ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READWRITE) {
    std::int64_t app = 0, version = 0, objects = 0;
    try {
      app = db_.integer("PRAGMA application_id");
      version = db_.integer("PRAGMA user_version");
      objects = db_.integer("SELECT count(*) FROM sqlite_master");
    } catch (const Error& e) {
      if (says_parley_store(path)) damaged(path, e.what());
      if (dynamic_cast<const DataError*>(&e) != nullptr) throw;
      throw DataError("not a parley negotiation store (it cannot be read as an SQLite database)", path);
    }
    // A store whose pages are damaged (a disk error, a copy cut short) must not be served from: every answer
    // could be wrong. quick_check reads every page once (O(N), about 1 s per GB).
    if (app == kApplicationId) {
      std::string verdict;
      try {
        db_.run("PRAGMA quick_check(1)", {}, [&](sqlite3_stmt* st) { verdict = column(st, 0); });
      } catch (const Error& e) {
        damaged(path, e.what());
      }
      if (verdict != "ok") damaged(path, "SQLite's quick_check: " + verdict);
    }
    if (app != kApplicationId && (app != 0 || objects != 0))
      throw DataError("not a parley negotiation store (an SQLite database of another program)", path);
    if (version > kSchemaVersion)
      throw DataError("written by a newer parley (negotiation store schema " + std::to_string(version) + ")", path);
    if (!write && version == 0) throw DataError("not a parley negotiation store (an empty SQLite database)", path);
    if (!write) return;  // reading (audit verify --db) writes nothing: the file is already in WAL mode
    std::string mode;
    db_.run("PRAGMA journal_mode = WAL", {}, [&](sqlite3_stmt* s) { mode = column(s, 0); });
    if (mode != "wal") db_.failed("switching to WAL mode");
    db_.script("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON");
    if (version == 0) {
      transaction([&] {
        // Read again under the write lock: another process may have made the schema meanwhile.
        if (db_.integer("PRAGMA user_version") != 0) return;
        db_.script(kSchema);
        db_.script(kAppendOnlySqlite);
        db_.script(("PRAGMA application_id = " + std::to_string(kApplicationId) +
                    "; PRAGMA user_version = " + std::to_string(kSchemaVersion))
                       .c_str());
      });
    }
  }

  [[nodiscard]] std::string name() const override { return db_.path(); }

  void create(const std::string& id, const std::string& scenario, const std::string& state,
              const std::vector<std::pair<std::string, TokenRow>>& tokens, const std::vector<Entry>& entries) override {
    std::lock_guard lock(mutex_);
    transaction([&] {
      db_.run("INSERT INTO negotiations (id, scenario, state) VALUES (?, ?, ?)", {id, scenario, state});
      insert_tokens(tokens);
      append(id, entries);
    });
  }

  std::optional<TokenRow> token(const std::string& hash) override {
    Reader r(*this);
    std::optional<TokenRow> out;
    r.db.run("SELECT negotiation, role, party FROM tokens WHERE hash = ?", {hash}, [&](sqlite3_stmt* s) {
      out = TokenRow{column(s, 0), column(s, 1), column(s, 2)};
    });
    return out;
  }

  std::optional<std::string> scenario(const std::string& id) override {
    Reader r(*this);
    std::optional<std::string> out;
    r.db.run("SELECT scenario FROM negotiations WHERE id = ?", {id}, [&](sqlite3_stmt* s) { out = column(s, 0); });
    return out;
  }

  std::optional<std::string> state(const std::string& id) override {
    Reader r(*this);
    std::optional<std::string> out;
    r.db.run("SELECT state FROM negotiations WHERE id = ?", {id}, [&](sqlite3_stmt* s) { out = column(s, 0); });
    return out;
  }

  bool update(const std::string& id, const std::function<Change(const std::string&)>& change) override {
    const std::lock_guard turn(*turn_of(id));
    for (int attempt = 0;; ++attempt) {
      std::optional<std::pair<std::string, std::int64_t>> current;
      {
        Reader r(*this);
        r.db.run("SELECT state, version FROM negotiations WHERE id = ?", {id},
                 [&](sqlite3_stmt* s) { current.emplace(column(s, 0), sqlite3_column_int64(s, 1)); });
      }
      if (!current) return false;
      const Change c = change(current->first);
      if (!c.state) return true;
      Pending p{id, current->second, c, false, false, nullptr};
      if (commit(p)) return true;
      // Another process changed the negotiation after it was read: compute the change again on its state.
      if (attempt == 100) throw OutputError(db_.path() + ": a negotiation kept changing under this server");
    }
  }

  std::vector<Entry> audit(const std::string& id) override {
    Reader r(*this);
    std::vector<Entry> out;
    r.db.run("SELECT seq, time, actor, action, detail, prev, hash FROM audit WHERE negotiation = ? ORDER BY seq", {id},
             [&](sqlite3_stmt* s) {
               out.push_back(entry_of(sqlite3_column_int64(s, 0), column(s, 1), column(s, 2), column(s, 3),
                                      column(s, 4), column(s, 5), column(s, 6)));
             });
    return out;
  }

  std::vector<std::string> negotiations() override {
    Reader r(*this);
    std::vector<std::string> out;
    r.db.run("SELECT id FROM negotiations ORDER BY id", {}, [&](sqlite3_stmt* s) { out.push_back(column(s, 0)); });
    return out;
  }

 private:
  // A change computed from the state at `version`, waiting for the write lock.
  struct Pending {
    const std::string& id;
    std::int64_t version;
    const Change& change;
    bool done = false, applied = false;
    std::exception_ptr error;
  };

  std::shared_ptr<std::mutex> turn_of(const std::string& id) {
    std::lock_guard lock(turns_mutex_);
    auto& turn = turns_[id];
    if (!turn) turn = std::make_shared<std::mutex>();
    return turn;
  }

  // Queues `p` and waits until a transaction holding it has committed. The first waiter to find no commit
  // under way commits everything queued by then; the others wait for it. False when the state had moved on.
  bool commit(Pending& p) {
    std::unique_lock lock(queue_mutex_);
    queue_.push_back(&p);
    while (!p.done) {
      if (committing_) {
        committed_.wait(lock);
        continue;
      }
      committing_ = true;
      std::vector<Pending*> batch;
      batch.swap(queue_);
      lock.unlock();
      std::exception_ptr failed;
      {
        std::lock_guard writer(mutex_);
        try {
          transaction([&] {
            for (Pending* q : batch) apply(*q);
          });
        } catch (...) {
          failed = std::current_exception();
        }
      }
      lock.lock();
      for (Pending* q : batch) {
        if (failed) {
          q->applied = false;
          if (!q->error) q->error = failed;
        }
        q->done = true;
      }
      committing_ = false;
      committed_.notify_all();
    }
    if (p.error) std::rethrow_exception(p.error);
    return p.applied;
  }

  // One queued change inside the group's transaction, in a savepoint of its own.
  void apply(Pending& p) {
    db_.script("SAVEPOINT change");
    try {
      db_.run("UPDATE negotiations SET state = ?, version = version + 1 WHERE id = ? AND version = ?",
              {*p.change.state, p.id, p.version});
      p.applied = db_.changes() == 1;
      if (p.applied) {
        append(p.id, p.change.entries);
        insert_tokens(p.change.tokens);
      }
      db_.script("RELEASE change");
    } catch (...) {
      p.applied = false;
      p.error = std::current_exception();
      db_.script("ROLLBACK TO change");
      db_.script("RELEASE change");
    }
  }

  template <typename F>
  void transaction(F&& body) {
    db_.script("BEGIN IMMEDIATE");
    try {
      body();
      db_.script("COMMIT");
    } catch (...) {
      db_.script("ROLLBACK");
      throw;
    }
  }

  void insert_tokens(const std::vector<std::pair<std::string, TokenRow>>& tokens) {
    for (const auto& [hash, row] : tokens)
      db_.run("INSERT INTO tokens (hash, negotiation, role, party) VALUES (?, ?, ?, ?)",
              {hash, row.negotiation, row.role, row.party});
  }

  void append(const std::string& id, const std::vector<Entry>& entries) {
    for (const auto& e : entries)
      db_.run(
          "INSERT INTO audit (negotiation, seq, time, actor, action, detail, prev, hash) VALUES (?, ?, ?, ?, ?, ?, ?, "
          "?)",
          {id, e.seq, e.time, e.actor, e.action, doc::to_json_line(e.detail), e.prev, e.hash});
  }

  // A read connection taken from the pool for one call (opened on first need, at most kReaders).
  struct Reader {
    explicit Reader(SqliteStore& s) : store(s), db(take(s)) {}
    Reader(const Reader&) = delete;
    Reader& operator=(const Reader&) = delete;
    ~Reader() {
      {
        std::lock_guard lock(store.readers_mutex_);
        store.idle_.push_back(&db);
      }
      store.returned_.notify_one();
    }
    static Db& take(SqliteStore& s) {
      std::unique_lock lock(s.readers_mutex_);
      if (s.idle_.empty() && s.readers_.size() < kReaders) {
        s.readers_.push_back(std::make_unique<Db>(s.db_.path(), SQLITE_OPEN_READWRITE));
        return *s.readers_.back();
      }
      s.returned_.wait(lock, [&] { return !s.idle_.empty(); });
      Db* db = s.idle_.back();
      s.idle_.pop_back();
      return *db;
    }
    SqliteStore& store;
    Db& db;
  };

  Db db_;
  std::mutex mutex_;  // the writer connection
  std::mutex turns_mutex_;
  std::map<std::string, std::shared_ptr<std::mutex>> turns_;  // per negotiation: one change at a time
  std::mutex queue_mutex_;
  std::condition_variable committed_;
  std::vector<Pending*> queue_;
  bool committing_ = false;
  std::mutex readers_mutex_;
  std::condition_variable returned_;
  std::vector<std::unique_ptr<Db>> readers_;
  std::vector<Db*> idle_;
};

}  // namespace

std::unique_ptr<Store> open_sqlite_store(const std::string& path, bool write) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    if (write) throw OutputError(path + ": is a directory; --db takes a file");
    throw InputError(path + ": is a directory, not a negotiation store");
  }
  if (!write && !fs::exists(path, ec)) throw InputError(path + ": no such file");
  return std::make_unique<SqliteStore>(path, write);
}

}  // namespace parley::host
