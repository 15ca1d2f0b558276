// The neutral site's answers as JSON (docs/serve.md, "The public state"): what every caller of a negotiation may
// see, with the caller's own part (a party's acceptances, utilities and acceptability of each offer) and nothing
// of any other party's confidential part.
#pragma once

#include <map>
#include <string>

#include "host/audit.hpp"
#include "host/state.hpp"
#include "host/store.hpp"
#include "parley/scenario.hpp"

namespace parley::report {

/// The negotiation's public state as `caller` sees it, on one line.
[[nodiscard]] std::string site_state_json(const host::State& s, const Scenario& sc, const host::TokenRow& caller);
/// A negotiation just founded: its id, the mediator's token and each party's invitation code.
[[nodiscard]] std::string site_created_json(const std::string& id, const std::string& mediator_token,
                                            const std::map<std::string, std::string>& invitations);
/// A seat just taken: the party and its token.
[[nodiscard]] std::string site_seat_json(const std::string& party, const std::string& token);
/// The negotiation's audit log, every entry with its hash (docs/serve.md, "Audit").
[[nodiscard]] std::string site_audit_json(const std::string& id, const std::vector<host::Entry>& entries);

}  // namespace parley::report
