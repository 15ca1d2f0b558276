// The state of one hosted negotiation (docs/serve.md): its public parts, each party's confidential part, and
// the head of its audit chain. Stored as one JSON document per negotiation, so that every store (SQLite,
// PostgreSQL) keeps it the same way and every change is one row written in one transaction. The scenario as
// posted is stored beside it: it never changes, and it is never shown (it may hold the mediator's estimates).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "doc/node.hpp"

namespace parley::host {

/// The round budget of a negotiation stored before budgets were declared (services::SiteLimits' default).
inline constexpr int kDefaultRoundBudget = 100;

/// A package offered to the parties: values in issue order (a discrete issue's option index).
struct Offer {
  std::int64_t id = 0;
  std::vector<double> values;
};

struct Proposal {
  std::string party;
  int round = 0;
  std::vector<double> values;
};

/// What the site knows of a party and tells no one else.
struct Confidential {
  std::optional<doc::Node> preferences;   // as normalised from the party's last PUT (host/preferences.hpp)
  std::vector<std::int64_t> acceptances;  // of the current round's offers
  bool responded = false;                 // posted acceptances this round
  /// Per open offer (suggestion or improvement): the party's utility and whether its preferences accept it.
  std::map<std::int64_t, std::pair<double, bool>> view;
};

struct PartyInfo {
  std::string id, name;
  doc::Node stance;        // public: issue id -> position, from the scenario as posted
  std::string invitation;  // SHA-256 (hex) of the party's one-time invitation code
  bool seated = false;     // the invitation was redeemed: the seat's token exists, and only its redeemer has it
};

enum class Status { open, agreed };

struct State {
  std::string id, title, created;
  std::string salt;  // hex; keys the digests of confidential actions in the audit log
  doc::Node issues;  // public issue descriptions (docs/serve.md, "The public state")
  std::vector<PartyInfo> parties;
  Status status = Status::open;
  int round = 0;
  int round_budget = 0;      // the most rounds the mediator may open (public, fixed at creation)
  std::optional<bool> zopa;  // unknown until round 1
  std::int64_t next_offer = 1;
  std::vector<Offer> suggestions, improvements;
  std::optional<Offer> agreement;
  std::vector<Proposal> proposals;
  std::map<std::string, Confidential> confidential;  // by party id
  std::int64_t audit_seq = 0;
  std::string audit_head;  // hash of the last entry; 64 zeros before the first

  [[nodiscard]] bool all_preferences_set() const;
};

/// The stored form, and back. `parse_state` throws Error(internal) on a document this parley did not write.
[[nodiscard]] std::string state_json(const State& s);
[[nodiscard]] State parse_state(const std::string& json);

}  // namespace parley::host
