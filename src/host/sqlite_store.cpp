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
#include "sqlite/sqlite.hpp"

namespace parley::host {

namespace {

/// PRAGMA application_id of a negotiation store: "PRLN" (the run store is "PRLY").
constexpr std::int32_t kApplicationId = 0x50524C4E;
constexpr int kSchemaVersion = 1;
/// Connections that serve reads side by side.
constexpr std::size_t kReaders = 8;

using sqlite::Connection;
using sqlite::Statement;

constexpr const char* kKind = "negotiation store";

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
      : db_(path, write ? sqlite::Open::create : sqlite::Open::read_write, kKind, true) {
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
        db_.run("PRAGMA quick_check(1)", {}, [&](const Statement& st) { verdict = st.text(0); });
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
    db_.run("PRAGMA journal_mode = WAL", {}, [&](const Statement& s) { mode = s.text(0); });
    if (mode != "wal") db_.fail("switching to WAL mode");
    db_.exec("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON");
    if (version == 0) {
      transaction([&] {
        // Read again under the write lock: another process may have made the schema meanwhile.
        if (db_.integer("PRAGMA user_version") != 0) return;
        db_.exec(kSchema);
        db_.exec(kAppendOnlySqlite);
        db_.exec(("PRAGMA application_id = " + std::to_string(kApplicationId) +
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
    r.db.run("SELECT negotiation, role, party FROM tokens WHERE hash = ?", {hash}, [&](const Statement& s) {
      out = TokenRow{s.text(0), s.text(1), s.text(2)};
    });
    return out;
  }

  std::optional<std::string> scenario(const std::string& id) override {
    Reader r(*this);
    std::optional<std::string> out;
    r.db.run("SELECT scenario FROM negotiations WHERE id = ?", {id}, [&](const Statement& s) { out = s.text(0); });
    return out;
  }

  std::optional<std::string> state(const std::string& id) override {
    Reader r(*this);
    std::optional<std::string> out;
    r.db.run("SELECT state FROM negotiations WHERE id = ?", {id}, [&](const Statement& s) { out = s.text(0); });
    return out;
  }

  bool update(const std::string& id, const std::function<Change(const std::string&)>& change) override {
    const std::lock_guard turn(*turn_of(id));
    for (int attempt = 0;; ++attempt) {
      std::optional<std::pair<std::string, std::int64_t>> current;
      {
        Reader r(*this);
        r.db.run("SELECT state, version FROM negotiations WHERE id = ?", {id},
                 [&](const Statement& s) { current.emplace(s.text(0), s.integer(1)); });
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
             [&](const Statement& s) {
               out.push_back(entry_of(s.integer(0), s.text(1), s.text(2), s.text(3), s.text(4), s.text(5), s.text(6)));
             });
    return out;
  }

  std::vector<std::string> negotiations() override {
    Reader r(*this);
    std::vector<std::string> out;
    r.db.run("SELECT id FROM negotiations ORDER BY id", {}, [&](const Statement& s) { out.push_back(s.text(0)); });
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
    db_.exec("SAVEPOINT change");
    try {
      db_.run("UPDATE negotiations SET state = ?, version = version + 1 WHERE id = ? AND version = ?",
              {*p.change.state, p.id, p.version});
      p.applied = db_.changes() == 1;
      if (p.applied) {
        append(p.id, p.change.entries);
        insert_tokens(p.change.tokens);
      }
      db_.exec("RELEASE change");
    } catch (...) {
      p.applied = false;
      p.error = std::current_exception();
      db_.exec("ROLLBACK TO change");
      db_.exec("RELEASE change");
    }
  }

  template <typename F>
  void transaction(F&& body) {
    db_.exec("BEGIN IMMEDIATE");
    try {
      body();
      db_.exec("COMMIT");
    } catch (...) {
      db_.exec("ROLLBACK");
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
    static Connection& take(SqliteStore& s) {
      std::unique_lock lock(s.readers_mutex_);
      if (s.idle_.empty() && s.readers_.size() < kReaders) {
        s.readers_.push_back(std::make_unique<Connection>(s.db_.path(), sqlite::Open::read_write, kKind, true));
        return *s.readers_.back();
      }
      s.returned_.wait(lock, [&] { return !s.idle_.empty(); });
      Connection* db = s.idle_.back();
      s.idle_.pop_back();
      return *db;
    }
    SqliteStore& store;
    Connection& db;
  };

  Connection db_;
  std::mutex mutex_;  // the writer connection
  std::mutex turns_mutex_;
  std::map<std::string, std::shared_ptr<std::mutex>> turns_;  // per negotiation: one change at a time
  std::mutex queue_mutex_;
  std::condition_variable committed_;
  std::vector<Pending*> queue_;
  bool committing_ = false;
  std::mutex readers_mutex_;
  std::condition_variable returned_;
  std::vector<std::unique_ptr<Connection>> readers_;
  std::vector<Connection*> idle_;
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
