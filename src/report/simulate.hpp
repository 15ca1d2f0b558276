// Rendering `parley simulate` (one negotiation: its agreement, utilities, distances and offer trace) and
// `parley tournament` (scores per strategy), as canonical JSON, text tables or CSV.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "doc/node.hpp"
#include "parley/results.hpp"
#include "sim/outcomes.hpp"
#include "sim/protocol.hpp"
#include "sim/tournament.hpp"

namespace parley::report {

struct SimulationReport {
  std::string at;                       // the timeline point it started from
  std::string protocol;                 // saop | single-text
  std::vector<std::string> strategies;  // per party, as named
  std::size_t rounds = 0;
  std::uint64_t seed = 0;
  const sim::Outcomes* start = nullptr;
  std::vector<sim::Event> events;
  sim::Result result;
};

[[nodiscard]] doc::Node simulate_json(const SimulationReport& r, const Stamp& stamp);
[[nodiscard]] std::string simulate_text(const SimulationReport& r, const Stamp& stamp);
/// One row per round and party: what it did (actions of one round joined by '+'), the package, its utility.
[[nodiscard]] std::string simulate_csv(const SimulationReport& r);

struct TournamentReport {
  std::vector<std::string> files;
  std::vector<std::size_t> parties;             // per file
  std::vector<std::vector<std::string>> roles;  // per file: its parties' ids, in role order
  sim::TournamentOptions options;
  sim::TournamentResult result;
};

[[nodiscard]] doc::Node tournament_json(const TournamentReport& r, const Stamp& stamp);
[[nodiscard]] std::string tournament_text(const TournamentReport& r);
[[nodiscard]] std::string tournament_csv(const TournamentReport& r);

}  // namespace parley::report
