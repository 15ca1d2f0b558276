// Negotiation protocols (docs/models.md §5.2-5.3): stacked alternating offers among any number of parties
// (Aydogan et al. 2017, the ANAC protocol), and the mediated single-text protocol (Fisher 1978; Klein et al.
// 2003): a mediator proposes changes to one text, which moves only when every party accepts the change.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/random.hpp"
#include "sim/outcomes.hpp"
#include "sim/strategy.hpp"

namespace parley::sim {

/// A timeline point that takes effect at a round: from then on the parties negotiate over `outcomes` (new
/// saliences, reservations, no-deal utilities).
struct Event {
  std::size_t round = 0;
  std::string id;
  const Outcomes* outcomes = nullptr;
};

struct Setup {
  const Outcomes* outcomes = nullptr;  // at the start
  std::vector<Event> events;           // by round
  std::size_t rounds = 100;            // the deadline: rounds of every party acting once
  std::optional<double> seconds;       // a deadline in wall time too (then results depend on the machine)
  bool trace = true;                   // record every action (off in tournaments)
};

enum class Act : std::uint8_t { offer, accept, end, propose, vote_yes, vote_no };
[[nodiscard]] const char* act_name(Act a);

/// One action. `party` is the party's index in Outcomes::parties, or party_count() for the mediator.
struct Step {
  std::uint32_t round;
  std::uint32_t party;
  Act act;
  Package package;
};

struct Result {
  std::optional<Package> agreement;
  std::size_t round = 0;               // the round agreement came in; else the last round played
  bool ended = false;                  // a party walked away
  bool timed_out = false;              // the wall-time deadline passed
  const Outcomes* outcomes = nullptr;  // in force at the end: utilities are read from it
  std::vector<Step> trace;
};

/// Stacked alternating offers: parties act in order; each accepts the standing offer, replaces it with its
/// own, or ends the negotiation; agreement when every other party has accepted the standing offer in turn.
[[nodiscard]] Result run_saop(const Setup& setup, std::span<Strategy* const> agents, core::Stream& rng);

/// Single text: each round the mediator proposes changing one issue of the text (chosen at random); the text
/// moves only when every party votes for the change; agreement when every party accepts the text.
[[nodiscard]] Result run_single_text(const Setup& setup, std::span<Strategy* const> agents, core::Stream& rng);

}  // namespace parley::sim
