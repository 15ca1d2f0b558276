// Simultaneous sanctioning, SIM (Fang, Hipel & Kilgour 1993; gmcr-py's n-decision-maker form;
// docs/stability.md, "SIM"). Decision maker k's improvement s -> t is sanctioned when the others, moving at the
// same time as k from s (each one either staying or making one of its own unilateral improvements from s),
// can bring about a feasible state k likes no more than s. The state reached takes k's options from t and each
// other decision maker's options from the state its own move reaches. s is SIM-stable for k when every
// improvement of k is sanctioned; with no improvement it is stable, and with improvements but no decision maker
// able to respond it is not.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "conflict/model.hpp"
#include "conflict/reach.hpp"  // Step
#include "core/work.hpp"

namespace parley::conflict {

/// Per state: 1 when it is SIM-stable for k. `best_move`, per state the best rank k reaches by one move (kNoMove:
/// none; stability.hpp), skips the states where k has no improvement. Responses are examined state by state until
/// every improvement is sanctioned; more than `max_responses` in all throws LimitError. `work`, when given, is
/// checked for a stop every 2^16 states.
[[nodiscard]] std::vector<std::uint8_t> simultaneous_stable(const Model& m, std::size_t k,
                                                            const std::vector<Rank>& best_move, double max_responses,
                                                            const core::Work* work);

/// The others' simultaneous moves that sanction k's improvement s -> t: each move starts at s (`from` = s);
/// `outcome` is the state they bring about together with t.
struct SimultaneousResponse {
  std::vector<Step> moves;
  State outcome = 0;
};

/// A sanction of k's improvement s -> t under SIM, or nullopt when there is none: the one with the fewest
/// movers, then the first in the order of the decision makers and of their moves (for_each_move's).
[[nodiscard]] std::optional<SimultaneousResponse> simultaneous_sanction(const Model& m, std::size_t k, State s,
                                                                        State t);

}  // namespace parley::conflict
