// The rules of a hosted negotiation (docs/serve.md): who may do what, and what each act changes in the state and
// writes to the audit log. services/site.cpp orchestrates (the store's transaction, the scenario cache, the
// site's limits) and report/site.cpp renders the answers; what a party told the site in confidence is read here
// and only ever leaves through that party's own view.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "doc/node.hpp"
#include "host/audit.hpp"
#include "host/offer_pool.hpp"
#include "host/state.hpp"
#include "host/store.hpp"
#include "parley/scenario.hpp"

namespace parley::host {

/// The most proposals one negotiation keeps: each is public, and the state is read on every request.
inline constexpr std::size_t kMaxProposals = 1000;
/// The length of every token this site gives (32 random bytes in hex); no other string is looked up.
inline constexpr std::size_t kTokenLength = 64;
/// The length of an invitation code (16 random bytes in hex).
inline constexpr std::size_t kInvitationLength = 32;

/// Refused(unauthorized), the one answer to a token, code or negotiation that does not match: it says nothing
/// of which part was wrong.
[[noreturn]] void unauthorized();

/// The caller's token row when it belongs to negotiation `id` (and has `role`, when one is asked for);
/// Refused(unauthorized) or Refused(forbidden) otherwise.
[[nodiscard]] TokenRow authorize(Store& store, const std::string& id, const std::string& token,
                                 std::string_view role = {});

/// How the audit log names a party acting.
[[nodiscard]] std::string party_actor(const std::string& party);

/// A new negotiation: its state, its first audit entry, and the codes and tokens to hand out (only their hashes
/// are kept).
struct Founded {
  State state;
  Entry entry;
  std::string mediator_token;
  std::map<std::string, std::string> invitations;        // party id -> invitation code
  std::vector<std::pair<std::string, TokenRow>> tokens;  // hash -> row
};

/// Founds a negotiation on the scenario `now` (at its last timeline point; `sha256` is the posted file's): its
/// parties are the actors with role party. Refused(bad_request), naming `name`, without issues, with fewer than
/// two parties, or when a round would evaluate more than `work_budget` packages (docs/serve.md, "Abuse").
[[nodiscard]] Founded found(const Scenario& now, const std::string& sha256, const std::string& name, int round_budget,
                            double work_budget);

/// The hash of the invitation code a request body holds (read before the negotiation is looked up, so that a
/// malformed body is told so whatever the negotiation). Refused(bad_request) or Refused(unauthorized).
[[nodiscard]] std::string invitation_hash(std::string_view body);

/// Redeems an invitation: the party's seat and its new token (the token's hash and row, the audit entry and the
/// state go into `c`). Refused(unauthorized) for a code that is not one of the negotiation's, Refused(conflict)
/// for a used one.
struct Seated {
  std::string party, token;
};
[[nodiscard]] Seated seat(State& s, const std::string& invitation_hash, Change& c);

// The parties' and the mediator's acts: each changes `s` and appends its audit entries to `entries`, or throws
// Refused and changes nothing that is kept (the store writes nothing on an exception).

/// A party's preferences, kept however the offers then fare; the first round opens when every party has set its own.
void set_preferences(OfferPool& pool, State& s, const Scenario& sc, const std::string& party, std::string_view body,
                     std::vector<Entry>& entries);
/// A party's acceptances of the open offers; the negotiation is agreed when every party accepts one.
void accept(OfferPool& pool, State& s, const Scenario& sc, const std::string& party, std::string_view body,
            std::vector<Entry>& entries);
/// A party's public proposal, within its share of the negotiation's kMaxProposals.
void propose(State& s, const Scenario& sc, const std::string& party, std::string_view body,
             std::vector<Entry>& entries);
/// The mediator opens the next round, within the negotiation's round budget, once every party has preferences.
void open_round(OfferPool& pool, State& s, const Scenario& sc, std::vector<Entry>& entries);

/// Issue values by issue id, a discrete issue's by option name (the audit log's and the public state's form).
[[nodiscard]] doc::Node values_node(const Scenario& sc, const std::vector<double>& values);
/// An offer: its id and values.
[[nodiscard]] doc::Node offer_node(const Scenario& sc, const Offer& o);
[[nodiscard]] doc::Node offers_node(const Scenario& sc, const std::vector<Offer>& os);
/// The public resolution per issue (docs/serve.md, "What the site reveals"): the step of the lattice, one
/// option on a discrete issue.
[[nodiscard]] doc::Node resolution_node(const Scenario& sc);

}  // namespace parley::host
