// The request bodies a party sends the site beyond its preferences (docs/serve.md, "Acceptances" and
// "Proposals"): read and checked here, apart from the state machine, so that every body reader of the site
// sits in host/ and can be fuzzed alone.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "doc/node.hpp"
#include "parley/scenario.hpp"

namespace parley::host {

/// The list of an acceptances body, `{"suggestions": [ID, ...]}`, checked for shape only (which ids are open
/// depends on the state: see `accepted_ids`). Throws Refused(bad_request) located in `request`.
[[nodiscard]] doc::Node read_acceptances(std::string_view body);

/// The ids of `list` (from `read_acceptances`), each one of `open`, sorted and without repeats. An id that is
/// not open is refused at its place, the message naming `open_what` ("suggestion of round 2").
[[nodiscard]] std::vector<std::int64_t> accepted_ids(const doc::Node& list, std::span<const std::int64_t> open,
                                                     std::string_view open_what);

/// The package of a proposal body, `{"values": {ISSUE: VALUE, ...}}`: one value per issue of `s`, each on its
/// scale (a discrete issue's value by option name or index). Throws Refused(bad_request), located.
[[nodiscard]] std::vector<double> read_proposal(const Scenario& s, std::string_view body);

/// The code of a seat body, `{"invitation": CODE}`: a string (which codes are valid depends on the state).
/// Throws Refused(bad_request), located.
[[nodiscard]] std::string read_invitation(std::string_view body);

}  // namespace parley::host
