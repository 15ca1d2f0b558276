// The PostgreSQL negotiation store (`parley serve --db postgresql://...`): the schema of store_sql.hpp in one
// database that several server processes share behind a load balancer. A change takes the negotiation's row
// with SELECT ... FOR UPDATE, so two processes changing one negotiation take turns; the audit log's primary
// key (negotiation, seq) would refuse a second entry with one number in any case. Connections are pooled.
#include <libpq-fe.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <regex>
#include <vector>

#include "host/store_sql.hpp"
#include "parley/error.hpp"

namespace parley::host {

namespace {

constexpr std::size_t kConnections = 16;

// A query's result, cleared when it goes out of scope.
class Result {
 public:
  explicit Result(PGresult* r) : r_(r) {}
  Result(const Result&) = delete;
  Result& operator=(const Result&) = delete;
  ~Result() { PQclear(r_); }
  [[nodiscard]] PGresult* raw() const { return r_; }
  [[nodiscard]] int rows() const { return PQntuples(r_); }
  [[nodiscard]] std::string text(int row, int col) const {
    return {PQgetvalue(r_, row, col), static_cast<std::size_t>(PQgetlength(r_, row, col))};
  }

 private:
  PGresult* r_;
};

class PostgresStore final : public Store {
 public:
  PostgresStore(const std::string& url, bool create_schema)
      : name_(std::regex_replace(std::regex_replace(url, std::regex(":[^:@/]*@"), ":***@"),
                                 std::regex("password=[^&]*"), "password=***")) {
    for (std::size_t i = 0; i < kConnections; ++i) {
      PGconn* c = PQconnectdb(url.c_str());
      if (PQstatus(c) != CONNECTION_OK) {
        const std::string why = PQerrorMessage(c);
        PQfinish(c);
        for (auto* open : free_) PQfinish(open);
        throw OutputError(name_ + ": cannot connect to PostgreSQL (" + trimmed(why) + ")");
      }
      free_.push_back(c);
    }
    if (!create_schema) return;
    // Several servers may start at once on a new database: the advisory lock lets one create the schema.
    Lease l(*this);
    exec(l.c, "SELECT pg_advisory_lock(5042533)");
    try {
      exec(l.c, "SET client_min_messages = warning");
      exec(l.c, kSchema);
      exec(l.c, kAppendOnlyPostgres);
    } catch (...) {
      PQclear(PQexec(l.c, "SELECT pg_advisory_unlock(5042533)"));
      throw;
    }
    exec(l.c, "SELECT pg_advisory_unlock(5042533)");
  }
  ~PostgresStore() override {
    for (auto* c : free_) PQfinish(c);
  }

  [[nodiscard]] std::string name() const override { return name_; }

  void create(const std::string& id, const std::string& scenario, const std::string& state,
              const std::vector<std::pair<std::string, TokenRow>>& tokens, const std::vector<Entry>& entries) override {
    Lease l(*this);
    transaction(l.c, [&] {
      query(l.c, "INSERT INTO negotiations (id, scenario, state) VALUES ($1, $2, $3)", {id, scenario, state});
      insert_tokens(l.c, tokens);
      append(l.c, id, entries);
    });
  }

  std::optional<TokenRow> token(const std::string& hash) override {
    Lease l(*this);
    const Result r = query(l.c, "SELECT negotiation, role, party FROM tokens WHERE hash = $1", {hash});
    if (r.rows() == 0) return std::nullopt;
    return TokenRow{r.text(0, 0), r.text(0, 1), r.text(0, 2)};
  }

  std::optional<std::string> scenario(const std::string& id) override {
    Lease l(*this);
    const Result r = query(l.c, "SELECT scenario FROM negotiations WHERE id = $1", {id});
    if (r.rows() == 0) return std::nullopt;
    return r.text(0, 0);
  }

  std::optional<std::string> state(const std::string& id) override {
    Lease l(*this);
    const Result r = query(l.c, "SELECT state FROM negotiations WHERE id = $1", {id});
    if (r.rows() == 0) return std::nullopt;
    return r.text(0, 0);
  }

  bool update(const std::string& id, const std::function<Change(const std::string&)>& change) override {
    Lease l(*this);
    bool found = false;
    transaction(l.c, [&] {
      const Result r = query(l.c, "SELECT state FROM negotiations WHERE id = $1 FOR UPDATE", {id});
      if (r.rows() == 0) return;
      found = true;
      const Change c = change(r.text(0, 0));
      if (c.state)
        query(l.c, "UPDATE negotiations SET state = $1, version = version + 1 WHERE id = $2", {*c.state, id});
      append(l.c, id, c.entries);
      insert_tokens(l.c, c.tokens);
    });
    return found;
  }

  std::vector<Entry> audit(const std::string& id) override {
    Lease l(*this);
    const Result r =
        query(l.c, "SELECT seq, time, actor, action, detail, prev, hash FROM audit WHERE negotiation = $1 ORDER BY seq",
              {id});
    std::vector<Entry> out;
    out.reserve(static_cast<std::size_t>(r.rows()));
    for (int i = 0; i < r.rows(); ++i)
      out.push_back(entry_of(std::stoll(r.text(i, 0)), r.text(i, 1), r.text(i, 2), r.text(i, 3), r.text(i, 4),
                             r.text(i, 5), r.text(i, 6)));
    return out;
  }

  std::vector<std::string> negotiations() override {
    Lease l(*this);
    const Result r = query(l.c, "SELECT id FROM negotiations ORDER BY id", {});
    std::vector<std::string> out;
    out.reserve(static_cast<std::size_t>(r.rows()));
    for (int i = 0; i < r.rows(); ++i) out.push_back(r.text(i, 0));
    return out;
  }

 private:
  // A connection taken from the pool for one call, given back (reset when the server dropped it).
  struct Lease {
    explicit Lease(PostgresStore& s) : store(s) {
      std::unique_lock lock(s.mutex_);
      if (!s.available_.wait_for(lock, std::chrono::seconds(30), [&] { return !s.free_.empty(); }))
        throw OutputError(s.name_ + ": no database connection came free within 30 s");
      c = s.free_.back();
      s.free_.pop_back();
      lock.unlock();
      // A connection the server dropped, or one left inside a transaction (a failed ROLLBACK), starts afresh.
      if (PQstatus(c) == CONNECTION_OK && PQtransactionStatus(c) != PQTRANS_IDLE) PQclear(PQexec(c, "ROLLBACK"));
      if (PQstatus(c) != CONNECTION_OK || PQtransactionStatus(c) != PQTRANS_IDLE) PQreset(c);
    }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease() {
      {
        std::lock_guard lock(store.mutex_);
        store.free_.push_back(c);
      }
      store.available_.notify_one();
    }
    PostgresStore& store;
    PGconn* c = nullptr;
  };

  static std::string trimmed(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
    return s;
  }

  [[noreturn]] void failed(PGconn* c, const std::string& doing) const {
    throw OutputError(name_ + ": " + doing + ": " + trimmed(PQerrorMessage(c)));
  }

  void exec(PGconn* c, const char* sql) const {
    const Result r(PQexec(c, sql));
    const auto status = PQresultStatus(r.raw());
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) failed(c, "creating the schema");
  }

  Result query(PGconn* c, const char* sql, const std::vector<std::string>& params) const {
    std::vector<const char*> values;
    values.reserve(params.size());
    for (const auto& p : params) values.push_back(p.c_str());
    PGresult* r = PQexecParams(c, sql, static_cast<int>(values.size()), nullptr, values.data(), nullptr, nullptr, 0);
    const auto status = PQresultStatus(r);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
      const std::string why = trimmed(PQresultErrorMessage(r));
      PQclear(r);
      throw OutputError(name_ + ": " + why);
    }
    return Result(r);
  }

  template <typename F>
  void transaction(PGconn* c, F&& body) {
    query(c, "BEGIN", {});
    try {
      body();
      query(c, "COMMIT", {});
    } catch (...) {
      PQclear(PQexec(c, "ROLLBACK"));
      throw;
    }
  }

  void insert_tokens(PGconn* c, const std::vector<std::pair<std::string, TokenRow>>& tokens) const {
    for (const auto& [hash, row] : tokens)
      query(c, "INSERT INTO tokens (hash, negotiation, role, party) VALUES ($1, $2, $3, $4)",
            {hash, row.negotiation, row.role, row.party});
  }

  void append(PGconn* c, const std::string& id, const std::vector<Entry>& entries) const {
    for (const auto& e : entries)
      query(c,
            "INSERT INTO audit (negotiation, seq, time, actor, action, detail, prev, hash) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            {id, std::to_string(e.seq), e.time, e.actor, e.action, doc::to_json_line(e.detail), e.prev, e.hash});
  }

  std::string name_;
  std::mutex mutex_;
  std::condition_variable available_;
  std::vector<PGconn*> free_;
};

}  // namespace

std::unique_ptr<Store> open_postgres_store(const std::string& url, bool create_schema) {
  return std::make_unique<PostgresStore>(url, create_schema);
}

}  // namespace parley::host
