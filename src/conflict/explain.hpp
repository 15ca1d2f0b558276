// Why a state is or is not stable for a decision maker under each concept: its improvements and, for each,
// the sanction that deters it or the fact that none exists (docs/models.md §4.9, "every verdict can be
// explained").
#pragma once

#include <optional>
#include <vector>

#include "conflict/reach.hpp"
#include "conflict/stability.hpp"

namespace parley::conflict {

struct Deterrence {
  State improvement = 0;  // a state k can move to and prefers to the one explained
  /// The others' moves to a state k likes no more (none: unsanctioned). SIM: their moves from the state
  /// explained, made at the same time as k's, which bring about `outcome`.
  std::optional<std::vector<Step>> sanction;
  State outcome = kNoState;  // SIM only
};

struct Explanation {
  std::size_t dm = 0;
  State state = 0;
  Concept kind = Concept::nash;  // the solution concept
  bool stable = false;
  std::vector<Deterrence> improvements;  // every unilateral improvement of k (Nash: no sanctions looked for)
  // Limited move: k's first move (kNoState: it stays) and the anticipated outcome G_h(k, s).
  State first_move = kNoState, outcome = kNoState;
  bool by_ties = false;  // the L_h verdict depends on how ties are broken (then: unstable)
};

/// The explanations for state s: per decision maker (all, or only `dm`), per concept computed.
[[nodiscard]] std::vector<Explanation> explain(const Model& m, const Stability& st, State s,
                                               std::optional<std::size_t> dm);

/// The preference statement that decides between two states for k: the first (most important) statement
/// whose truth differs between them; nullopt when they tie or k gave an explicit ranking.
[[nodiscard]] std::optional<std::size_t> deciding_statement(const Model& m, std::size_t k, State a, State b);

}  // namespace parley::conflict
