// The neutral site (`parley serve`, docs/serve.md): the services the HTTP front-end calls, one per request.
// Each checks the caller's token for the negotiation and role, and throws parley::Refused when it turns the
// request down; no answer or message reveals a party's confidential preferences to anyone else.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "parley/error.hpp"

namespace parley::host {
class Store;
}

namespace parley::services {

class Site {
 public:
  /// Opens (creating when needed) the store: an SQLite file, or a postgresql:// URL.
  explicit Site(const std::string& db);
  ~Site();
  Site(const Site&) = delete;
  Site& operator=(const Site&) = delete;

  /// The store, for messages.
  [[nodiscard]] std::string store_name() const;

  struct Created {
    std::string id, mediator_token;
    std::map<std::string, std::string> party_tokens;
  };
  /// A negotiation from a scenario's `text` (YAML, or JSON when it starts with '{'), for every actor whose
  /// role is party. Refused(bad_request) with the scenario's located diagnostics when it is not valid.
  [[nodiscard]] Created create(std::string_view text);
  /// JSON of `create`'s answer.
  [[nodiscard]] static std::string created_json(const Created& c);

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
