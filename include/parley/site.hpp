// The neutral site (`parley serve`, docs/serve.md): the services the HTTP front-end calls, one per request.
// Each checks the caller's token for the negotiation and role, and throws parley::Refused when it turns the
// request down; no answer or message reveals a party's confidential preferences to anyone else.
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "parley/error.hpp"

namespace parley::host {
class Store;
}

namespace parley::services {

/// The site's bounds (docs/serve.md, "Limits"): what one process lets its callers spend.
struct SiteLimits {
  std::size_t max_negotiations = 10000;       // in the store, in all
  std::size_t negotiations_per_client = 100;  // created by one client address since the process started
  std::size_t creations_per_minute = 20;      // by one client address
  double work_budget = 2e7;                   // package evaluations per round (packages x parties x 2)
  int round_budget = 100;                     // rounds the mediator may open, declared in every negotiation
  std::size_t cached_scenarios = 256;         // parsed scenarios kept in memory
  unsigned offer_threads = 0;                 // threads computing offers (0: one per hardware thread)
  long offers_deadline_ms = 10000;            // how long a request waits for its offers
};

class Site {
 public:
  /// Opens (creating when needed) the store: an SQLite file, or a postgresql:// URL.
  explicit Site(const std::string& db, const SiteLimits& limits = {});
  ~Site();
  Site(const Site&) = delete;
  Site& operator=(const Site&) = delete;

  /// The store, for messages.
  [[nodiscard]] std::string store_name() const;

  struct Created {
    std::string id, mediator_token;
    std::map<std::string, std::string> invitations;  // party -> one-time invitation code
  };
  /// A negotiation from a scenario's `text` (YAML, or JSON when it starts with '{'), for every actor whose
  /// role is party. Refused(bad_request) with the scenario's located diagnostics when it is not valid, or
  /// with the estimate when its package analysis is past the site's work budget.
  /// `client` (the caller's address, or empty) is counted against the per-client bounds.
  [[nodiscard]] Created create(std::string_view text, const std::string& client = {});
  /// JSON of `create`'s answer.
  [[nodiscard]] static std::string created_json(const Created& c);

  struct Seat {
    std::string party, token;
  };
  /// Takes a party's seat with its invitation (body `{"invitation": CODE}`): the party's token, which only the
  /// caller ever sees. Refused(unauthorized) for a code that is not one of this negotiation's, Refused(conflict)
  /// for one already used.
  [[nodiscard]] Seat take_seat(const std::string& id, std::string_view body);
  [[nodiscard]] static std::string seat_json(const Seat& s);

  // Each takes the negotiation id and the bearer token (empty when none was given); each answers JSON.
  [[nodiscard]] std::string state(const std::string& id, const std::string& token);
  void set_preferences(const std::string& id, const std::string& token, std::string_view body);
  [[nodiscard]] std::string preferences(const std::string& id, const std::string& token);
  [[nodiscard]] std::string accept(const std::string& id, const std::string& token, std::string_view body);
  [[nodiscard]] std::string propose(const std::string& id, const std::string& token, std::string_view body);
  [[nodiscard]] std::string open_round(const std::string& id, const std::string& token);
  [[nodiscard]] std::string audit(const std::string& id, const std::string& token);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// `parley audit verify FILE`: the chain of an exported log recomputed. Returns "N entries, chain intact,
/// head HASH"; throws InputError (unreadable), DataError located at the first broken entry.
[[nodiscard]] std::string verify_audit_file(const std::string& path);
/// `parley audit verify --db DB`: every negotiation's log in a store, one line each.
[[nodiscard]] std::string verify_audit_store(const std::string& db);

}  // namespace parley::services
