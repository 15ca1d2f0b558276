// Where hosted negotiations live (docs/serve.md): SQLite in WAL mode by default, PostgreSQL so that several
// server processes can share one database. Each negotiation is one state document (host/state.hpp), its
// tokens (as SHA-256 hashes) and its audit log. Every change is one transaction holding the negotiation's
// write lock, so an acknowledged write survives the server being killed at any moment.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "host/audit.hpp"

namespace parley::host {

struct TokenRow {
  std::string negotiation;
  std::string role;   // mediator | party
  std::string party;  // empty for the mediator
};

/// What a change writes: the new state (nothing when it changes nothing), the entries it appends and the
/// tokens it adds (hash -> row: a seat taken with its invitation), all in one transaction.
struct Change {
  std::optional<std::string> state;
  std::vector<Entry> entries;
  std::vector<std::pair<std::string, TokenRow>> tokens;
};

class Store {
 public:
  virtual ~Store() = default;
  /// The file or the database, for messages (a PostgreSQL URL without its password).
  [[nodiscard]] virtual std::string name() const = 0;
  /// A new negotiation (its scenario as posted, which never changes, and its state) with its tokens
  /// (hash -> row) and first entries, in one transaction.
  virtual void create(const std::string& id, const std::string& scenario, const std::string& state,
                      const std::vector<std::pair<std::string, TokenRow>>& tokens,
                      const std::vector<Entry>& entries) = 0;
  [[nodiscard]] virtual std::optional<std::string> scenario(const std::string& id) = 0;
  [[nodiscard]] virtual std::optional<TokenRow> token(const std::string& hash) = 0;
  [[nodiscard]] virtual std::optional<std::string> state(const std::string& id) = 0;
  /// Runs `change` on the negotiation's state and commits what it returns, with no other change to the
  /// negotiation in between (a store may run `change` again on a newer state when another process changed it
  /// first: `change` must depend on nothing but the state it is given). Returns after the commit. An
  /// exception from `change` writes nothing and propagates. False when there is no such negotiation.
  virtual bool update(const std::string& id, const std::function<Change(const std::string& state)>& change) = 0;
  [[nodiscard]] virtual std::vector<Entry> audit(const std::string& id) = 0;
  [[nodiscard]] virtual std::vector<std::string> negotiations() = 0;
};

/// `db` is a file (SQLite, created when missing) or a postgresql:// URL. Throws OutputError when the store
/// cannot be opened or created, DataError for a file that is not a parley negotiation store.
[[nodiscard]] std::unique_ptr<Store> open_store(const std::string& db);
/// Opens an existing store to read (`parley audit verify --db`): InputError when it does not exist.
[[nodiscard]] std::unique_ptr<Store> open_store_for_reading(const std::string& db);

/// The entries of a stored log, re-read from their JSON detail (each store keeps detail as text).
[[nodiscard]] Entry entry_of(std::int64_t seq, std::string time, std::string actor, std::string action,
                             const std::string& detail, std::string prev, std::string hash);

}  // namespace parley::host
